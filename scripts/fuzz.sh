#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer through swiftc -sanitize=fuzzer, with the address sanitizer) of the code that
# reads outside bytes. Each target is a harness in Tests/Fuzz/<Target>/ compiled together with the sources it
# exercises; its corpus is Tests/Fuzz/corpus/<Target>/ (committed; a crash found becomes a file there and a test).
#
#   scripts/fuzz.sh replay             run every committed corpus once (CI: a second build, address sanitizer on)
#   scripts/fuzz.sh run TARGET SECONDS fuzz one target, adding new inputs to its corpus
#   scripts/fuzz.sh list               the targets
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-fuzz
mkdir -p "$out"

# Target → the source files or folders compiled with its harness (one module, so `package` declarations are
# visible). JSONModel's sources are compiled in too, so the harness module stands for both.
sources_of() {
    case "$1" in
        ReviewFuzz) echo "Sources/CodeReview" ;;
        JSONFuzz) echo "Sources/JSONModel" ;;
        GateFuzz) echo "Sources/JSONModel Sources/ArchitectServer/Protocol Sources/ArchitectServer/Transport/LineSplitter.swift" ;;
        *) echo "unknown fuzz target $1" >&2; exit 2 ;;
    esac
}
targets() { for d in Tests/Fuzz/*/; do d=${d%/}; d=${d##*/}; [ "$d" = corpus ] || echo "$d"; done; }

build() {
    local target=$1
    local files module
    files=$(find $(sources_of "$target") "Tests/Fuzz/$target" -name '*.swift' | sort)
    module=$(basename "$(sources_of "$target" | awk '{print $1}')")
    # Rebuild only when a source is newer than the binary.
    if [ -x "$out/$target" ] && [ -z "$(find $files -newer "$out/$target" | head -1)" ]; then return; fi
    # Sources of several modules become one: their `import JSONModel` lines must go, in copies.
    if grep -l '^import JSONModel$' $files >/dev/null 2>&1; then
        rm -rf "$out/src-$target"; mkdir -p "$out/src-$target"
        local copies="" f copy
        for f in $files; do
            copy="$out/src-$target/$(echo "$f" | tr / _)"
            grep -v '^import JSONModel$' "$f" > "$copy"
            copies="$copies $copy"
        done
        files=$copies
    fi
    echo "== building fuzz target $target" >&2
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 \
        -enable-upcoming-feature ExistentialAny -module-name "$module" -package-name do_architect \
        $files -o "$out/$target"
}

case "${1:-}" in
    list) targets ;;
    run)
        target=${2:?target}; seconds=${3:-600}
        build "$target"
        mkdir -p "Tests/Fuzz/corpus/$target" "$out/crashes"
        "$out/$target" "Tests/Fuzz/corpus/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
            -artifact_prefix="$out/crashes/$target-" -print_final_stats=1
        ;;
    replay)
        status=0
        for target in $(targets); do
            build "$target"
            corpus="Tests/Fuzz/corpus/$target"
            count=$(find "$corpus" -type f | wc -l)
            if "$out/$target" -runs=0 -timeout=10 "$corpus" >"$out/$target.replay.log" 2>&1; then
                echo "fuzz replay $target: $count inputs, no crash"
            else
                echo "fuzz replay $target: FAILED (see $out/$target.replay.log)"; tail -30 "$out/$target.replay.log"; status=1
            fi
        done
        exit $status
        ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
esac
