#!/usr/bin/env bash
# Time a 10,000-entry award batch on the embedded SQLite store: a Release build of the service on a free port with a
# fresh data directory; a 2,000-entry warm-up batch, then one POST of 10,000 award requests, polling until the batch
# is completed. Prints the entry counts and a line for the batch: awards per second, the time from the POST to
# completion (which stands for latency), the service's CPU per award, its peak RSS during the batch and the status of
# the POST (an answer that is not 202 to the POST, or not 200 to a poll, stops the script). Usage: bench/load/batch.sh [entries]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
entries="${1:-10000}"

# shellcheck source=service.sh
. "$here/service.sh"
jq --arg a "$achievement" --argjson n "$entries" '{entries: [range($n) as $i | (. + {achievementId: $a})]}' samples/requests/award-met.json >"$data/batch.json"

# The service runs for months: measure it warm, after the JIT has compiled the issuing path (a 2,000-entry batch).
jq '{entries: .entries[:2000]}' "$data/batch.json" >"$data/warm-up.json"
location=$(submit_batch "$data/warm-up.json")
await_batch "$location"

run_start
start=$(date +%s.%N)
location=$(submit_batch "$data/batch.json")
accepted=$(date +%s.%N)
cpu_accepted=$(service_cpu)
await_batch "$location"
finished=$(date +%s.%N)
curl -sf "$base$location?limit=1" -H "Authorization: Bearer $key" | jq -c '{total, processed, issued, criteriaNotMet, invalid}'
awk -v s="$start" -v a="$accepted" -v c0="$run_cpu" -v ca="$cpu_accepted" 'BEGIN { printf "accepted (202) in %.2f s (%.1f s CPU)\n", a - s, ca - c0 }'
seconds=$(awk -v s="$start" -v f="$finished" 'BEGIN { printf "%.2f", f - s }')
run_line "batch $entries" "$entries" "$seconds" award "$(printf 'batch %6.1f s (POST to completed)' "$seconds")" "[202] 1" 0
