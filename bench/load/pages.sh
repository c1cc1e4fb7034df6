#!/usr/bin/env bash
# Loopback load test of the shared badge link (issue 12): the badge page (GET /credentials/{id} with Accept:
# text/html) and the baked PNG ({id}.png), each for a fixed time at one concurrency with `hey`. Starts a Release
# build of the service on a free port with a fresh data directory and rate limits off, issues one award, warms both
# up, then prints views per second, latency percentiles, the service's CPU per view and the status codes.
# Usage: bench/load/pages.sh [seconds] [concurrency]   (needs hey and jq)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
seconds="${1:-10}"
concurrency="${2:-32}"
command -v hey >/dev/null || { echo "needs hey: sudo apt-get install hey" >&2; exit 2; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# shellcheck source=service.sh
. "$here/service.sh"
jq --arg a "$achievement" '.achievementId = $a' samples/requests/award-met.json >"$data/award.json"
award=$(post "/api/v1/issuers/$issuer/awards" "$key" @"$data/award.json" | jq -r '.id')

view() { # name accept url
  hey -z 2s -c "$concurrency" -H "Accept: $2" "$3" >/dev/null
  local cpu_before
  cpu_before=$(service_cpu)
  hey -z "${seconds}s" -c "$concurrency" -H "Accept: $2" "$3" >"$data/hey-$1.txt"
  local rps p50 p99 total cpu codes
  rps=$(awk '/Requests\/sec/ {print $2}' "$data/hey-$1.txt")
  p50=$(awk '/ 50% in/ {print $3 * 1000}' "$data/hey-$1.txt")
  p99=$(awk '/ 99% in/ {print $3 * 1000}' "$data/hey-$1.txt")
  total=$(sed -n '/Status code distribution/,$p' "$data/hey-$1.txt" | grep -o '[0-9]* responses' | awk '{ n += $1 } END { print n + 0 }')
  cpu=$(awk -v c0="$cpu_before" -v c1="$(service_cpu)" -v n="$total" 'BEGIN { printf "%.2f", n ? (c1 - c0) * 1000 / n : 0 }')
  codes=$(sed -n '/Status code distribution/,$p' "$data/hey-$1.txt" | grep -o '\[[0-9]*\][^]]*responses' | tr '\n' ' ')
  printf '%-10s c=%-3s %8s views/s  p50 %7.1f ms  p99 %7.1f ms  service CPU %s ms/view  %s\n' "$1" "$concurrency" "$rps" "$p50" "$p99" "$cpu" "$codes"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
view "badge page" "text/html" "$base/credentials/$award"
view "baked PNG" "image/png" "$base/credentials/$award.png"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
