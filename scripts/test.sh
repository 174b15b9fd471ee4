#!/usr/bin/env bash
# The tests: installs what is missing, builds, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH=/opt/swift/usr/bin:$PATH
swift build --build-tests
# The release binary, as scripts/package.sh builds it: the package test packages it.
swift build -c release --static-swift-stdlib --disable-local-rpath --product yrdq
swift test --skip-build
# The panel workspace end to end in a real browser (Debian's chromium-driver through Selenium).
/usr/bin/python3 scripts/workspace-e2e.py "$(swift build --show-bin-path)/yrdq"
