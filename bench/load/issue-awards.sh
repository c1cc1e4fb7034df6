#!/usr/bin/env bash
# Loopback load test of single-award issuing (POST /api/v1/issuers/{id}/awards) on the embedded SQLite store, with
# `hey` (Debian package `hey`). Starts a Release build of the service on a free port with a fresh data directory,
# creates an issuer, a client and the sample achievement, then issues awards at concurrency 1, 16 and 64 and prints
# requests per second and latency percentiles. Usage: bench/load/issue-awards.sh [requests-per-level]
set -euo pipefail
cd "$(dirname "$0")/../.."
requests="${1:-2000}"
command -v hey >/dev/null || { echo "needs hey: sudo apt-get install hey" >&2; exit 2; }
command -v jq >/dev/null || { echo "needs jq: sudo apt-get install jq" >&2; exit 2; }

port=5190
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
key=$(post /api/v1/clients "$admin" "{\"issuerId\":\"$issuer\",\"scopes\":[\"achievements:write\",\"awards:issue\"]}" | jq -r .apiKey)
achievement=$(post "/api/v1/issuers/$issuer/achievements" "$key" @samples/requests/achievement.json | jq -r .id)
jq --arg a "$achievement" '.achievementId = $a' samples/requests/award-met.json >"$data/award.json"

echo "warm-up"
hey -n 200 -c 8 -m POST -H "Authorization: Bearer $key" -T application/json -D "$data/award.json" "$base/api/v1/issuers/$issuer/awards" >/dev/null
for concurrency in 1 16 64; do
  hey -n "$requests" -c "$concurrency" -m POST -H "Authorization: Bearer $key" -T application/json -D "$data/award.json" \
    "$base/api/v1/issuers/$issuer/awards" >"$data/hey-$concurrency.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$data/hey-$concurrency.txt")
  p50=$(awk '/ 50% in/ {print $3 * 1000}' "$data/hey-$concurrency.txt")
  p99=$(awk '/ 99% in/ {print $3 * 1000}' "$data/hey-$concurrency.txt")
  codes=$(sed -n '/Status code distribution/,$p' "$data/hey-$concurrency.txt" | grep -o '\[[0-9]*\][^]]*responses' | tr '\n' ' ')
  printf 'concurrency %3d: %8s req/s  p50 %7.1f ms  p99 %7.1f ms  %s\n' "$concurrency" "$rps" "$p50" "$p99" "$codes"
done
