#!/usr/bin/env bash
# Time a 10,000-entry award batch on the embedded SQLite store: a Release build of the service on a free port with a
# fresh data directory; one POST of 10,000 award requests, then polling until the batch is completed. Prints the time
# from the POST to completion and the entry counts. Usage: bench/load/batch.sh [entries]
set -euo pipefail
cd "$(dirname "$0")/../.."
entries="${1:-10000}"
command -v jq >/dev/null || { echo "needs jq: sudo apt-get install jq" >&2; exit 2; }

port=5191
base="http://127.0.0.1:$port"
data="$(mktemp -d)"
admin="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
dotnet build src/BadgeIssuer.Api -c Release -v q -nologo >/dev/null
BadgeIssuer__AdminApiKey="$admin" BadgeIssuer__DataDirectory="$data" BadgeIssuer__PublicBaseUrl="$base" Urls="$base" \
  Logging__LogLevel__Default=Warning dotnet run --project src/BadgeIssuer.Api -c Release --no-build >"$data/service.log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true; rm -rf "$data"' EXIT
until curl -sf "$base/health" >/dev/null; do sleep 0.5; done

post() { curl -sf -X POST "$base$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' --data-binary "$3"; }
issuer=$(post /api/v1/issuers "$admin" @samples/requests/issuer.json | jq -r .id)
key=$(post /api/v1/clients "$admin" "{\"issuerId\":\"$issuer\",\"scopes\":[\"achievements:write\",\"awards:issue\",\"awards:read\"]}" | jq -r .apiKey)
achievement=$(post "/api/v1/issuers/$issuer/achievements" "$key" @samples/requests/achievement.json | jq -r .id)
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
