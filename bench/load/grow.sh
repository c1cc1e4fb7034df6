#!/usr/bin/env bash
# How the embedded SQLite store grows: a Release build of the service on a free port with a fresh data directory,
# then N batches of M award requests (each entry a different recipient), one after the other. After each batch:
# the time from the POST to completion, the median of 20 recipient lookups (GET .../awards?recipient=...), and the
# bytes of the data directory per award after a WAL checkpoint (the store's files only; the bench's own files live
# elsewhere). Usage: bench/load/grow.sh [batches] [entries per batch]   (defaults 10 and 10000: 100,000 awards)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
batches="${1:-10}"
entries="${2:-10000}"
command -v sqlite3 >/dev/null || { echo "needs sqlite3: sudo apt-get install sqlite3" >&2; exit 2; }

port=5192
# shellcheck source=service.sh
. "$here/service.sh"
work="$(mktemp -d)"
trap 'kill "$service" 2>/dev/null || true; rm -rf "$data" "$work"' EXIT

# POST a batch file; prints the batch's URL path.
submit() {
  curl -sf -D - -o /dev/null -X POST "$base/api/v1/issuers/$issuer/award-batches" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' --data-binary @"$1" | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}'
}
# Waits until the batch at $1 is completed; stops with the service's log if the service has gone.
await_completion() {
  while [ "$(curl -sf "$base$1?limit=1" -H "Authorization: Bearer $key" | jq -r .state)" != "completed" ]; do
    kill -0 "$service" 2>/dev/null || { echo "the service stopped; its log:" >&2; cat "$data/service.log" >&2; exit 1; }
    sleep 0.2
  done
}
# Median seconds of 20 lookups of one recipient of batch $1.
lookup() {
  for i in $(seq 20); do
    curl -sf -o /dev/null -w '%{time_total}\n' "$base/api/v1/issuers/$issuer/awards?recipient=learner-$1-$((i * 37 % entries))@district.example.org&limit=10" \
      -H "Authorization: Bearer $key"
  done | sort -n | awk '{ t[NR] = $1 } END { print (t[10] + t[11]) / 2 }'
}

echo "batch  awards  seconds  awards/s  lookup_ms  store_bytes  bytes/award"
total=0
for b in $(seq "$batches"); do
  jq --arg a "$achievement" --argjson n "$entries" --argjson b "$b" \
    '{entries: [range($n) as $i | (. + {achievementId: $a} | .recipient.email = "learner-\($b)-\($i)@district.example.org")]}' \
    samples/requests/award-met.json >"$work/batch.json"
  start=$(date +%s.%N)
  await_completion "$(submit "$work/batch.json")"
  finished=$(date +%s.%N)
  total=$((total + entries))
  ms=$(lookup "$b")
  sqlite3 "$data/badgeissuer.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  bytes=$(find "$data" -maxdepth 1 -type f ! -name service.log -printf '%s\n' | awk '{ s += $1 } END { print s }')
  awk -v b="$b" -v n="$total" -v e="$entries" -v s="$start" -v f="$finished" -v l="$ms" -v y="$bytes" \
    'BEGIN { printf "%5d  %6d  %7.1f  %8.0f  %9.1f  %11d  %11.0f\n", b, n, f - s, e / (f - s), l * 1000, y, y / n }'
done
sqlite3 "$data/badgeissuer.db" "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12;" 2>/dev/null | tr '|' ' ' || true
