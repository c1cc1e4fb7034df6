#!/usr/bin/env bash
# How the embedded SQLite store grows: a Release build of the service on a free port with a fresh data directory,
# then N batches of M award requests (each entry a different recipient), one after the other. After each batch: the
# time from the POST to completion (which stands for the batch's latency), awards per second, the service's CPU per
# award and its peak RSS during the batch, p50 and p99 of 100 recipient lookups (GET .../awards?recipient=...) and
# how many of them were not answered 2xx (a batch POST not answered 202, or a poll not 2xx, stops the script), and
# the bytes of the data directory per award after a WAL checkpoint (the store's files only; the bench's own files
# live elsewhere). Usage: bench/load/grow.sh [batches] [entries per batch]   (defaults 10 and 10000: 100,000 awards)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
batches="${1:-10}"
entries="${2:-10000}"
command -v sqlite3 >/dev/null || { echo "needs sqlite3: sudo apt-get install sqlite3" >&2; exit 2; }

# shellcheck source=service.sh
. "$here/service.sh"

# 100 lookups of recipients of batch $1: prints their p50 and p99 in ms and how many were not answered 2xx.
lookups() {
  for i in $(seq 100); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $key" \
      "$base/api/v1/issuers/$issuer/awards?recipient=learner-$1-$((i * 37 % entries))@district.example.org&limit=10"
  done | sort -k2 -n | awk '
    function rank(q) { r = int(q * NR); return r < q * NR ? r + 1 : r }
    { t[NR] = $2; if ($1 !~ /^2/) bad++ }
    END { printf "%.1f %.1f %d", t[rank(0.5)] * 1000, t[rank(0.99)] * 1000, bad }'
}

echo "batch  awards  seconds  awards/s  cpu_ms/award  peak_rss_MB  lookup_p50_ms  lookup_p99_ms  lookup_non2xx  store_bytes  bytes/award"
total=0
for b in $(seq "$batches"); do
  jq --arg a "$achievement" --argjson n "$entries" --argjson b "$b" \
    '{entries: [range($n) as $i | (. + {achievementId: $a} | .recipient.email = "learner-\($b)-\($i)@district.example.org")]}' \
    samples/requests/award-met.json >"$work/batch.json"
  run_start
  start=$(date +%s.%N)
  location=$(submit_batch "$work/batch.json")
  await_batch "$location"
  finished=$(date +%s.%N)
  cpu=$(service_cpu)
  rss=$(service_peak_rss)
  total=$((total + entries))
  read -r p50 p99 bad <<<"$(lookups "$b")"
  sqlite3 "$data/badgeissuer.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  bytes=$(find "$data" -maxdepth 1 -type f ! -name service.log -printf '%s\n' | awk '{ s += $1 } END { print s }')
  awk -v b="$b" -v n="$total" -v e="$entries" -v s="$start" -v f="$finished" -v c0="$run_cpu" -v c1="$cpu" -v m="$rss" \
    -v l50="$p50" -v l99="$p99" -v x="$bad" -v y="$bytes" \
    'BEGIN { printf "%5d  %6d  %7.1f  %8.0f  %12.2f  %11d  %13.1f  %13.1f  %13d  %11d  %11.0f\n", b, n, f - s, e / (f - s), (c1 - c0) * 1000 / e, m, l50, l99, x, y, y / n }'
done
sqlite3 "$data/badgeissuer.db" "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12;" 2>/dev/null | tr '|' ' ' || true
