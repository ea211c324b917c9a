#!/usr/bin/env bash
# Installs the system packages do-architect needs that this machine lacks, and nothing else.
# Used by the README's two set-up commands and by .ci/run, so all three install the same way.
#   scripts/install-deps.sh          what building and running the server needs
#   scripts/install-deps.sh --test   that, plus what the tests need (python3-venv, chromium, chromium-driver)
# On Debian/Ubuntu it uses apt-get (as root, or through sudo). Elsewhere it names what to install and stops.
set -euo pipefail

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

if [ "$(uname -s)" = "Darwin" ]; then
    # JavaScriptCore and SQLite come with macOS; esbuild comes from Homebrew.
    command -v esbuild >/dev/null || { echo "error: install esbuild first: brew install esbuild" >&2; exit 1; }
    exit 0
fi

missing=()
need_deb() { dpkg -s "$1" >/dev/null 2>&1 || missing+=("$1"); }
need_deb libsqlite3-dev
need_deb libjavascriptcoregtk-4.1-dev
need_deb esbuild
if [ "$want_test" = 1 ]; then
    python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
    need_deb chromium
    need_deb chromium-driver
    need_deb libjavascriptcoregtk-4.0-bin   # jsc, the bare JavaScriptCore shell the JS shim's tests run in
fi
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
    echo "error: install these packages with your system's package manager, then run this again: ${missing[*]}" >&2
    exit 1
fi
sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)
echo "== installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >&2
