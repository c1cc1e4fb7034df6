#!/usr/bin/env bash
# Loopback load test of the shared badge link (issue 12): the badge page (GET /credentials/{id} with Accept:
# text/html) and the baked PNG ({id}.png), each for a fixed time at one concurrency with `hey`. Starts a Release
# build of the service on a free port with a fresh data directory and rate limits off, issues one award, warms both
# up, then prints a line for each: views per second, p50 and p99 latency, the service's CPU per view, its peak RSS
# and every answer that was not 2xx.
# Usage: bench/load/pages.sh [seconds] [concurrency]   (needs hey and jq)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
seconds="${1:-10}"
concurrency="${2:-32}"
command -v hey >/dev/null || { echo "needs hey: sudo apt-get install hey" >&2; exit 2; }

# shellcheck source=service.sh
. "$here/service.sh"
jq --arg a "$achievement" '.achievementId = $a' samples/requests/award-met.json >"$data/award.json"
award=$(post "/api/v1/issuers/$issuer/awards" "$key" @"$data/award.json" | jq -r '.id')

view() { # name accept url
  hey -z 2s -c "$concurrency" -H "Accept: $2" "$3" >/dev/null
  run_start
  hey -z "${seconds}s" -c "$concurrency" -H "Accept: $2" "$3" >"$data/hey.txt"
  hey_line "$1 c=$concurrency" view "$data/hey.txt"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
view "badge page" "text/html" "$base/credentials/$award"
view "baked PNG" "image/png" "$base/credentials/$award.png"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
