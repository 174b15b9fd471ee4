#!/usr/bin/env bash
# The tests: installs what is missing, builds, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH=/opt/swift/usr/bin:$PATH
swift build --build-tests
# The package test packages a binary linked as scripts/package.sh links its release build (Swift
# runtime and Foundation static, no RPATH). Relinking the debug build that way costs seconds where a
# second, optimised compile of SwiftNIO and Hummingbird costs minutes. Debug objects pull in more
# of Foundation's static archives than an optimised link, so their libraries go in one group.
group=()
for lib in FoundationXML _CFXMLInterface _FoundationCollections FoundationEssentials xml2; do
  group+=(-Xlinker "-l$lib")
done
swift build --product yrdq --static-swift-stdlib --disable-local-rpath \
  -Xlinker --start-group "${group[@]}" -Xlinker --end-group
YRDQ_PACKAGE_BINARY="$(swift build --show-bin-path)/yrdq" swift test --skip-build
# The panel workspace end to end in a real browser (Debian's chromium-driver through Selenium).
/usr/bin/python3 scripts/workspace-e2e.py "$(swift build --show-bin-path)/yrdq"
