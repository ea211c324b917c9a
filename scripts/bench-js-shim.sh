#!/usr/bin/env bash
# Prints the evaluation time of the JavaScript shim (Sources/JSHost/Shim/globals.js) in the bare `jsc` shell.
# A benchmark, not a test: it never fails on a timing. Needs jsc (Debian: libjavascriptcoregtk-4.0-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
JSC="${JSC:-$(command -v jsc || true)}"
if [ -z "$JSC" ]; then
    # Debian's other place for it, and macOS's (the system framework's shell).
    for candidate in /usr/lib/*/webkit2gtk-4.*/jsc /System/Library/Frameworks/JavaScriptCore.framework/Versions/*/Helpers/jsc; do
        [ -x "$candidate" ] && JSC="$candidate"
    done
fi
[ -n "$JSC" ] || { echo "error: jsc not found; install libjavascriptcoregtk-4.0-bin (scripts/install-deps.sh --test)" >&2; exit 1; }
"$JSC" Benchmarks/JSShim/load-time.js -- Sources/JSHost/Shim/globals.js
