#!/usr/bin/env bash
# The tests: installs what is missing, builds, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH=/opt/swift/usr/bin:$PATH
# Without debug information (-gnone for Swift, -g0 for C): a fresh build of the package and its
# dependencies takes a minute less on two cores, and nothing the tests check needs it. Every build
# below passes the same flags, so none of them compiles anything again.
nodebug=(-Xswiftc -gnone -Xcc -g0)
swift build --build-tests "${nodebug[@]}"
# The package test packages a binary linked as scripts/package.sh links its release build (Swift
# runtime and Foundation static, no RPATH). Relinking the debug build that way costs seconds where a
# second, optimised compile of SwiftNIO and Hummingbird costs minutes. The order in which SwiftPM
# lists the static Foundation archives differs from run to run (a debug link then misses
# CoreFoundation or FoundationXML's helpers in some runs and not others), so all of them go in one
# linker group, where order does not matter. Should the relink still fail, the release build as
# package.sh makes it.
group=()
for lib in Foundation CoreFoundation FoundationEssentials FoundationInternationalization _FoundationICU _FoundationCShims \
           _FoundationCollections FoundationXML _CFXMLInterface swiftDispatch dispatch BlocksRuntime xml2 stdc++ m; do
  group+=(-Xlinker "-l$lib")
done
static=(--product yrdq --static-swift-stdlib --disable-local-rpath)
package_binary="$(swift build --show-bin-path)/yrdq"
if ! swift build "${nodebug[@]}" "${static[@]}" -Xlinker --start-group "${group[@]}" -Xlinker --end-group; then
  echo "test.sh: the static relink of the debug build failed; building the release binary instead" >&2
  swift build -c release "${static[@]}"
  package_binary="$(swift build -c release --show-bin-path)/yrdq"
  swift build "${nodebug[@]}" --product yrdq   # the debug yrdq the tests run, linked as before
fi
YRDQ_PACKAGE_BINARY="$package_binary" swift test --skip-build
# The panel workspace end to end in a real browser (Debian's chromium-driver through Selenium).
/usr/bin/python3 scripts/workspace-e2e.py "$(swift build --show-bin-path)/yrdq"
