#!/usr/bin/env bash
# Loopback load test of single-award issuing (POST /api/v1/issuers/{id}/awards) on the embedded SQLite store, with
# `hey` (Debian package `hey`). Starts a Release build of the service on a free port with a fresh data directory,
# creates an issuer, a client and the sample achievement, then issues awards at concurrency 1, 16 and 64 and prints
# requests per second and latency percentiles. Usage: bench/load/issue-awards.sh [requests-per-level]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
requests="${1:-2000}"
command -v hey >/dev/null || { echo "needs hey: sudo apt-get install hey" >&2; exit 2; }

port=5190
. "$here/service.sh"
jq --arg a "$achievement" '.achievementId = $a' samples/requests/award-met.json >"$data/award.json"

echo "warm-up"
hey -n 3000 -c 16 -m POST -H "Authorization: Bearer $key" -T application/json -D "$data/award.json" "$base/api/v1/issuers/$issuer/awards" >/dev/null
for concurrency in 1 16 64; do
  cpu_before=$(service_cpu)
  hey -n "$requests" -c "$concurrency" -m POST -H "Authorization: Bearer $key" -T application/json -D "$data/award.json" \
    "$base/api/v1/issuers/$issuer/awards" >"$data/hey-$concurrency.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$data/hey-$concurrency.txt")
  p50=$(awk '/ 50% in/ {print $3 * 1000}' "$data/hey-$concurrency.txt")
  p99=$(awk '/ 99% in/ {print $3 * 1000}' "$data/hey-$concurrency.txt")
  cpu=$(awk -v c0="$cpu_before" -v c1="$(service_cpu)" -v n="$requests" 'BEGIN { printf "%.2f", (c1 - c0) * 1000 / n }')
  codes=$(sed -n '/Status code distribution/,$p' "$data/hey-$concurrency.txt" | grep -o '\[[0-9]*\][^]]*responses' | tr '\n' ' ')
  printf 'concurrency %3d: %8s req/s  p50 %7.1f ms  p99 %7.1f ms  service CPU %s ms/award  %s\n' "$concurrency" "$rps" "$p50" "$p99" "$cpu" "$codes"
done
