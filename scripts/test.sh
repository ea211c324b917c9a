#!/usr/bin/env bash
# Builds do-architect and runs every test: the Swift tests (in-process, and end-to-end against the binary just
# built) and the interop tests in which the real Python MCP client (PyPI `mcp` 2.x) starts that binary.
# Needs: the Swift 6 toolchain and python3; scripts/install-deps.sh --test installs the system packages that are
# missing (apt-get). Python packages go into .build/venv.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --test

echo "== swift build (executable and tests; an undeclared import or a warning in our own targets fails)"
BUILD_LOG="$(mktemp)"
swift build --build-tests --explicit-target-dependency-import-check error 2>&1 | tee "$BUILD_LOG"
if grep -E "^(/[^:]*)?/(Sources|Tests|Plugins)/[^:]*:[0-9]+:[0-9]+: warning:" "$BUILD_LOG" | grep -v "/.build/"; then
    echo "error: compiler warnings in our own targets (above)" >&2
    exit 1
fi
BIN="$(swift build --show-bin-path)/do-architect"
test -x "$BIN" || { echo "error: $BIN was not built" >&2; exit 1; }

echo "== swift test"
swift test --skip-build

echo "== JavaScript shim tests (jsc)"
bash scripts/test-js-shim.sh

echo "== fuzz corpora replayed (address sanitizer)"
bash scripts/fuzz.sh replay

echo "== interop tests (Python mcp client against $BIN)"
if [ ! -x .build/venv/bin/python ]; then
    python3 -m venv .build/venv
fi
.build/venv/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/Interop/requirements.txt
DO_ARCHITECT_BIN="$BIN" .build/venv/bin/python -m pytest -q -c Tests/Interop/pytest.ini Tests/Interop
