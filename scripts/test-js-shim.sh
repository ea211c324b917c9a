#!/usr/bin/env bash
# Runs the JavaScript shim's tests (Tests/JSShim/*.test.js) in the bare JavaScriptCore shell `jsc`,
# which has no web globals of its own: each file runs in a fresh global after the fake natives and the shim.
# Prints one line per failing test and ends with "N passed, N failed"; exits non-zero on any failure.
# Needs: jsc (Debian: libjavascriptcoregtk-4.0-bin; scripts/install-deps.sh --test installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/find-jsc.sh

dir=Tests/JSShim
shim=Sources/JSHost/Shim/globals.js
passed=0
failed=0
for file in "$dir"/*.test.js; do
    status=0
    output="$("$JSC" "$dir/fake-host.js" "$dir/harness.js" "$file" "$dir/run.js" -- "$shim" 2>&1)" || status=$?
    result="$(printf '%s\n' "$output" | grep '^RESULT ' | tail -n 1 || true)"
    # jsc goes on to the next file after an uncaught exception, so one at a file's top level shows only here.
    if [ -z "$result" ] || [ "$status" -ne 0 ] || printf '%s\n' "$output" | grep -q '^Exception: '; then
        echo "FAIL $(basename "$file"): did not run cleanly (jsc exit status $status)"
        printf '%s\n' "$output" | grep -v '^RESULT ' | tail -n 5
        failed=$((failed + 1))
        continue
    fi
    printf '%s\n' "$output" | grep -v '^RESULT ' | sed "s|^FAIL |FAIL $(basename "$file" .test.js) > |" || true
    read -r _ p f <<<"$result"
    passed=$((passed + p))
    failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
