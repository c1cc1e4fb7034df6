#!/usr/bin/env bash
# Loopback load test of single-award issuing (POST /api/v1/issuers/{id}/awards) on the embedded SQLite store, with
# `hey` (Debian package `hey`). Starts a Release build of the service on a free port with a fresh data directory,
# creates an issuer, a client and the sample achievement, then issues the first 3,000 awards after start at
# concurrency 64 (the cold numbers), warms up with 3,000 more at concurrency 16, and issues awards at concurrency 1,
# 16 and 64. Prints a line per run: awards per second, p50 and p99 latency, the service's CPU per award, its peak
# RSS and every answer that was not 2xx. Usage: bench/load/issue-awards.sh [requests-per-level]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
requests="${1:-2000}"
command -v hey >/dev/null || { echo "needs hey: sudo apt-get install hey" >&2; exit 2; }

# shellcheck source=service.sh
. "$here/service.sh"
jq --arg a "$achievement" '.achievementId = $a' samples/requests/award-met.json >"$data/award.json"

# One hey run of issuing: award LABEL REQUESTS CONCURRENCY.
award() {
  run_start
  hey -n "$2" -c "$3" -m POST -H "Authorization: Bearer $key" -T application/json -D "$data/award.json" \
    "$base/api/v1/issuers/$issuer/awards" >"$data/hey.txt"
  hey_line "$1" award "$data/hey.txt"
}

award "cold c=64" 3000 64
echo "warm-up"
hey -n 3000 -c 16 -m POST -H "Authorization: Bearer $key" -T application/json -D "$data/award.json" "$base/api/v1/issuers/$issuer/awards" >/dev/null
for concurrency in 1 16 64; do
  award "concurrency $concurrency" "$requests" "$concurrency"
done
