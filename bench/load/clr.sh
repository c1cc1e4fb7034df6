#!/usr/bin/env bash
# Learner records (CLR 2.0) over HTTP (issue 17). A Release build of the service starts on a free port with a fresh
# data directory and rate limits off (service.sh), issues CREDENTIALS awards of the sample achievement to one teacher,
# and then loads three routes with `hey`, each at concurrency 1 and 16 after a warm-up: POST .../recipients/{teacher}/clr
# (each request signs a new record of all of them), POST /api/v1/verify of one such record as JSON (the record's
# proof and status, then each credential's proof and status) and GET of that record's public page (/clrs/{id}.html,
# which reads each credential's award for its status today). Prints a line per run (operations per second, p50 and
# p99 latency, the service's CPU per operation, its peak RSS and every answer that was not 2xx) and fails unless
# every answer was 2xx and the record verifies with every credential in it valid.
# Usage: bench/load/clr.sh [credentials-per-record] [requests-per-run]   (needs hey and jq)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
credentials="${1:-5}"
requests="${2:-200}"
command -v hey >/dev/null || { echo "needs hey: sudo apt-get install hey" >&2; exit 2; }

# shellcheck source=service.sh
. "$here/service.sh"
records_key=$(post /api/v1/clients "$admin" "{\"issuerId\":\"$issuer\",\"scopes\":[\"clrs:issue\"]}" | jq -r .apiKey)
jq --arg a "$achievement" '.achievementId = $a' samples/requests/award-met.json >"$work/award.json"
for ((i = 0; i < credentials; i++)); do post "/api/v1/issuers/$issuer/awards" "$key" @"$work/award.json" >/dev/null; done
teacher=$(jq -r '.recipient.email | @uri' samples/requests/award-met.json)
records="$base/api/v1/issuers/$issuer/recipients/$teacher/clr"

post "/api/v1/issuers/$issuer/recipients/$teacher/clr" "$records_key" '' >"$work/record.json"
jq '{credential}' "$work/record.json" >"$work/verify.body"
page="$(jq -r .url "$work/record.json").html"
curl -sf -X POST "$base/api/v1/verify" -H 'Content-Type: application/json' --data-binary @"$work/verify.body" >"$work/report.json"
if [ "$(jq -r .status "$work/report.json")" != valid ] || [ "$(jq '[.credentials[] | select(.status != "valid")] | length' "$work/report.json")" != 0 ] \
  || [ "$(jq '.credentials | length' "$work/report.json")" != "$credentials" ]; then
  echo "the record did not verify with its $credentials credentials valid: $(jq -c '{status, checks}' "$work/report.json")" >&2
  exit 1
fi
hey -n 50 -c 4 -m POST -T application/json -H "Authorization: Bearer $records_key" "$records" >/dev/null
hey -n 50 -c 4 -m POST -T application/json -D "$work/verify.body" "$base/api/v1/verify" >/dev/null
hey -n 50 -c 4 "$page" >/dev/null

echo "HTTP, records of $credentials credentials ($(jq -c .credential "$work/record.json" | wc -c) bytes of JSON), $requests requests per run:"
failed=0
for concurrency in 1 16; do
  run_start
  hey -n "$requests" -c "$concurrency" -m POST -T application/json -H "Authorization: Bearer $records_key" "$records" >"$work/hey.txt"
  hey_line "sign c=$concurrency" record "$work/hey.txt"
  [ "$run_failed" = 0 ] || failed=$((failed + 1))
  run_start
  hey -n "$requests" -c "$concurrency" -m POST -T application/json -D "$work/verify.body" "$base/api/v1/verify" >"$work/hey.txt"
  hey_line "verify c=$concurrency" verification "$work/hey.txt"
  [ "$run_failed" = 0 ] || failed=$((failed + 1))
  run_start
  hey -n "$requests" -c "$concurrency" "$page" >"$work/hey.txt"
  hey_line "page c=$concurrency" view "$work/hey.txt"
  [ "$run_failed" = 0 ] || failed=$((failed + 1))
done
[ "$failed" = 0 ] || { echo "$failed runs had answers that were not 2xx" >&2; exit 1; }
echo "every answer 2xx"
