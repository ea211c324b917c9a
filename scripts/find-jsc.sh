# Sourced by the JS shim scripts: sets JSC to the bare JavaScriptCore shell, or exits with what to install.
JSC="${JSC:-$(command -v jsc || true)}"
if [ -z "$JSC" ]; then
    # Debian's other place for it, and macOS's (the system framework's shell).
    for candidate in /usr/lib/*/webkit2gtk-4.*/jsc /System/Library/Frameworks/JavaScriptCore.framework/Versions/*/Helpers/jsc; do
        [ -x "$candidate" ] && JSC="$candidate"
    done
fi
[ -n "$JSC" ] || { echo "error: jsc not found; install libjavascriptcoregtk-4.0-bin (scripts/install-deps.sh --test)" >&2; exit 1; }
