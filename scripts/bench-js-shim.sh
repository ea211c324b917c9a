#!/usr/bin/env bash
# Prints the evaluation time of the JavaScript shim (Sources/JSHost/Shim/globals.js) in the bare `jsc` shell.
# A benchmark, not a test: it never fails on a timing. Needs jsc (Debian: libjavascriptcoregtk-4.0-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/find-jsc.sh
"$JSC" Benchmarks/JSShim/load-time.js -- Sources/JSHost/Shim/globals.js
