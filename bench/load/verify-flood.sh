#!/usr/bin/env bash
# Loopback flood of POST /api/v1/verify with the rate limits on, while /health is asked every 100 ms: how many
# verifications are answered (200), refused per address (429) or for concurrency (503), and /health's slowest answer.
# The flood's line has requests per second, p50 and p99 latency, the service's CPU per request, its peak RSS and
# every answer that was not 2xx (the refusals among them).
# Every request comes from 127.0.0.1, so the per-address allowance (third argument, default 60 a minute as shipped)
# is used up first; a large one leaves only the concurrency limit in the way.
# Usage: bench/load/verify-flood.sh [requests] [concurrency] [verifications-per-minute]   (needs hey and jq)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
requests="${1:-2000}"
concurrency="${2:-64}"
export BadgeIssuer__RateLimiting__VerifyPerMinute="${3:-60}"
command -v hey >/dev/null || { echo "needs hey: sudo apt-get install hey" >&2; exit 2; }

rate_limits=true
# shellcheck source=service.sh
. "$here/service.sh"
jq --arg a "$achievement" '.achievementId = $a' samples/requests/award-met.json >"$data/award.json"
post "/api/v1/issuers/$issuer/awards" "$key" @"$data/award.json" | jq '{credential}' >"$data/verify.json"

run_start
hey -n "$requests" -c "$concurrency" -m POST -T application/json -D "$data/verify.json" "$base/api/v1/verify" >"$data/hey.txt" &
flood=$!
: >"$data/health.txt"
while kill -0 "$flood" 2>/dev/null; do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base/health" >>"$data/health.txt"
  sleep 0.1
done
wait "$flood"
printf 'verify flood: %s requests at concurrency %s, %s/min per address\n' "$requests" "$concurrency" "$BadgeIssuer__RateLimiting__VerifyPerMinute"
hey_line "flood c=$concurrency" request "$data/hey.txt"
awk '{ n++; if ($1 != 200) bad++; if ($2 > worst) worst = $2 } END { printf "/health during it: %d probes, %d not 200, slowest %.0f ms\n", n, bad, worst * 1000 }' "$data/health.txt"
