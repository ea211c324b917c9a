#!/usr/bin/env bash
# Longer durability soak for the embedded Durable Objects runtime: starts the DurabilityChild (acknowledged
# writes to 4 objects from 8 concurrent tasks), kills it with SIGKILL at a random moment, restarts it, and
# after every round checks that every acknowledged write is present and PRAGMA integrity_check is ok.
#
#   scripts/soak-runtime.sh [rounds=200] [full]     (full = synchronous=FULL)
set -euo pipefail
rounds=${1:-200}
mode=${2:-normal}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build --product DurabilityChild >/dev/null
child="$root/.build/debug/DurabilityChild"
dir=$(mktemp -d -t do-soak-XXXXXX)
acks="$dir/acks.txt"
trap 'rm -rf "$dir"' EXIT
: > "$acks"
start=0
for ((round = 1; round <= rounds; round++)); do
  out="$dir/out.txt"
  "$child" "$dir/data" "$start" "$mode" > "$out" 2>/dev/null &
  pid=$!
  sleep "0.$(( RANDOM % 400 + 50 ))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  grep '^ack ' "$out" | cut -d' ' -f2 >> "$acks" || true
  last=$(sort -n "$acks" | tail -1)
  start=$(( ${last:-0} + 1000 ))
  # Verify with sqlite3: every acknowledged n is in one of the objects' logs, and every database is sound.
  present="$dir/present.txt"
  : > "$present"
  for db in $(find "$dir/data/do" -name '*.sqlite' ! -name metadata.sqlite); do
    check=$(sqlite3 "$db" 'PRAGMA integrity_check')
    if [[ "$check" != "ok" ]]; then echo "round $round: integrity_check failed for $db: $check"; exit 1; fi
    sqlite3 "$db" 'SELECT n FROM log' >> "$present"
  done
  missing=$(comm -23 <(sort -u "$acks") <(sort -u "$present") | head -5)
  if [[ -n "$missing" ]]; then echo "round $round: lost acknowledged writes: $missing"; exit 1; fi
  printf 'round %d/%d ok: %d acknowledged writes, all present\n' "$round" "$rounds" "$(sort -u "$acks" | wc -l)"
done
echo "soak passed: $rounds kills"
