#!/usr/bin/env bash
# Loopback flood of POST /api/v1/verify with the rate limits on, while /health is asked every 100 ms: how many
# verifications are answered (200), refused per address (429) or for concurrency (503), and /health's slowest answer.
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

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rate_limits=true
# shellcheck source=service.sh
. "$here/service.sh"
jq --arg a "$achievement" '.achievementId = $a' samples/requests/award-met.json >"$data/award.json"
post "/api/v1/issuers/$issuer/awards" "$key" @"$data/award.json" | jq '{credential}' >"$data/verify.json"

hey -n "$requests" -c "$concurrency" -m POST -T application/json -D "$data/verify.json" "$base/api/v1/verify" >"$data/hey.txt" &
flood=$!
: >"$data/health.txt"
while kill -0 "$flood" 2>/dev/null; do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base/health" >>"$data/health.txt"
  sleep 0.1
done
wait "$flood"
rps=$(awk '/Requests\/sec/ {print $2}' "$data/hey.txt")
codes=$(sed -n '/Status code distribution/,$p' "$data/hey.txt" | grep -o '\[[0-9]*\][^]]*responses' | tr '\n' ' ')
health=$(awk '{ n++; if ($1 != 200) bad++; if ($2 > worst) worst = $2 } END { printf "%d probes, %d not 200, slowest %.0f ms", n, bad, worst * 1000 }' "$data/health.txt")
printf 'verify flood: %s requests at concurrency %s, %s/min per address, %s req/s  %s\n/health during it: %s\n' \
  "$requests" "$concurrency" "$BadgeIssuer__RateLimiting__VerifyPerMinute" "$rps" "$codes" "$health"
