#!/usr/bin/env bash
# Time a 10,000-entry award batch on the embedded SQLite store: a Release build of the service on a free port with a
# fresh data directory; a 2,000-entry warm-up batch, then one POST of 10,000 award requests, polling until the batch
# is completed. Prints the time from the POST to completion and the entry counts. Usage: bench/load/batch.sh [entries]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
entries="${1:-10000}"

port=5191
. "$here/service.sh"
jq --arg a "$achievement" --argjson n "$entries" '{entries: [range($n) as $i | (. + {achievementId: $a})]}' samples/requests/award-met.json >"$data/batch.json"

# POST a batch file; prints the batch's URL path.
submit() {
  curl -sf -D - -o /dev/null -X POST "$base/api/v1/issuers/$issuer/award-batches" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' --data-binary @"$1" | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}'
}
# Waits until the batch at $1 is completed.
await_completion() {
  while [ "$(curl -sf "$base$1?limit=1" -H "Authorization: Bearer $key" | jq -r .state)" != "completed" ]; do sleep 0.2; done
}

# The service runs for months: measure it warm, after the JIT has compiled the issuing path (a 2,000-entry batch).
jq '{entries: .entries[:2000]}' "$data/batch.json" >"$data/warm-up.json"
await_completion "$(submit "$data/warm-up.json")"

cpu_before=$(service_cpu)
start=$(date +%s.%N)
location=$(submit "$data/batch.json")
accepted=$(date +%s.%N)
cpu_accepted=$(service_cpu)
await_completion "$location"
finished=$(date +%s.%N)
cpu_after=$(service_cpu)
curl -sf "$base$location?limit=1" -H "Authorization: Bearer $key" | jq -c '{total, processed, issued, criteriaNotMet, invalid}'
awk -v s="$start" -v a="$accepted" -v f="$finished" -v n="$entries" -v c0="$cpu_before" -v ca="$cpu_accepted" -v c1="$cpu_after" \
  'BEGIN { printf "accepted in %.2f s (%.1f s CPU); %d entries completed in %.1f s (%.0f awards/s); service CPU %.2f ms per award\n", a - s, ca - c0, n, f - s, n / (f - s), (c1 - c0) * 1000 / n }'
