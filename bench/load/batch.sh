#!/usr/bin/env bash
# Time a 10,000-entry award batch on the embedded SQLite store: a Release build of the service on a free port with a
# fresh data directory; one POST of 10,000 award requests, then polling until the batch is completed. Prints the time
# from the POST to completion and the entry counts. Usage: bench/load/batch.sh [entries]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
entries="${1:-10000}"

port=5191
. "$here/service.sh"
jq --arg a "$achievement" --argjson n "$entries" '{entries: [range($n) as $i | (. + {achievementId: $a})]}' samples/requests/award-met.json >"$data/batch.json"

start=$(date +%s.%N)
location=$(curl -sf -D - -o /dev/null -X POST "$base/api/v1/issuers/$issuer/award-batches" -H "Authorization: Bearer $key" \
  -H 'Content-Type: application/json' --data-binary @"$data/batch.json" | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}')
accepted=$(date +%s.%N)
while [ "$(curl -sf "$base$location?limit=1" -H "Authorization: Bearer $key" | jq -r .state)" != "completed" ]; do sleep 0.2; done
finished=$(date +%s.%N)
curl -sf "$base$location?limit=1" -H "Authorization: Bearer $key" | jq -c '{total, processed, issued, criteriaNotMet, invalid}'
awk -v s="$start" -v a="$accepted" -v f="$finished" -v n="$entries" \
  'BEGIN { printf "accepted in %.2f s; %d entries completed in %.1f s (%.0f awards/s)\n", a - s, n, f - s, n / (f - s) }'
