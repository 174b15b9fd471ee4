#!/usr/bin/env bash
# The tests: installs what is missing, builds, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH=/opt/swift/usr/bin:$PATH
swift build --build-tests
swift test --skip-build
