#!/usr/bin/env bash
# Verification over HTTP next to the JavaScript stack, in one run on one machine (issue 12). First the Digital Bazaar
# stack verifies the OB 3.0 test-vector credential in-process, one at a time (bench/js/sign-verify.mjs; `npm ci` in
# bench/js when its node_modules is missing). Then a Release build of the service starts on a free port with a fresh
# data directory and rate limits off and issues one award, which the JavaScript stack verifies in-process too (the same
# credential on both sides: an issued credential is several times the test vector's work). POST /api/v1/verify is then
# loaded with `hey` at concurrency 1, 16, 32 (the goal's level) and 64, in two forms: the credential as JSON with its
# eddsa-rdfc-2022 proof and status entries ({"credential": ...}), and its VC-JWT (application/jwt), both first checked
# to verify. Prints a line per run (verifications per second, p50 and p99 latency, the service's CPU per verification,
# its peak RSS and every answer that was not 2xx), then HTTP verifications per second divided by the JavaScript
# stack's (same credential, and test vector) at each concurrency, and fails unless every answer was 200.
# Usage: bench/load/verify.sh [requests-per-run]   (needs hey, jq and node)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
requests="${1:-2000}"
command -v hey >/dev/null || { echo "needs hey: sudo apt-get install hey" >&2; exit 2; }
command -v node >/dev/null || { echo "needs node and npm: sudo apt-get install nodejs npm" >&2; exit 2; }

[ -d bench/js/node_modules ] || (cd bench/js && npm ci --no-audit --no-fund >/dev/null)
# Runs bench/js/sign-verify.mjs on the credential in FILE (none: the OB 3.0 test vector), prints its output indented
# and sets js_rate to its verifications per second.
js_verify() {
  local output
  output=$(node bench/js/sign-verify.mjs "$@" | sed 's/^/  /')
  echo "$output"
  js_rate=$(echo "$output" | awk '$1 == "verify/s" { print $2 }')
  [ -n "$js_rate" ] || { echo "sign-verify.mjs printed no verify/s line" >&2; exit 1; }
}
echo "JavaScript stack, in-process, one at a time (bench/js/sign-verify.mjs), the OB 3.0 test-vector credential:"
js_verify
js_vector_rate=$js_rate

# shellcheck source=service.sh
. "$here/service.sh"
jq --arg a "$achievement" '.achievementId = $a' samples/requests/award-met.json >"$work/award.json"
post "/api/v1/issuers/$issuer/awards" "$key" @"$work/award.json" >"$work/awarded.json"
jq '{credential}' "$work/awarded.json" >"$work/json.body"
curl -sf "$(jq -r .links.jwt "$work/awarded.json")" -o "$work/jwt.body"
jq .credential "$work/awarded.json" >"$work/issued.json"
echo "JavaScript stack, the same way, on the credential the service just issued (the one verified over HTTP below):"
js_verify "$work/issued.json"
js_same_rate=$js_rate
types=(json application/json jwt application/jwt)

# Checks that one verification of FORM is answered 200 with verified: true, or prints the answer and fails.
check() {
  local status
  status=$(curl -s -o "$work/report.json" -w '%{http_code}' -X POST "$base/api/v1/verify" -H "Content-Type: $2" --data-binary @"$work/$1.body")
  if [ "$status" != 200 ] || [ "$(jq -r .verified "$work/report.json")" != true ]; then
    echo "the $1 form did not verify: $status $(cat "$work/report.json")" >&2
    exit 1
  fi
}
for ((i = 0; i < ${#types[@]}; i += 2)); do
  check "${types[i]}" "${types[i + 1]}"
  hey -n 1000 -c 16 -m POST -T "${types[i + 1]}" -D "$work/${types[i]}.body" "$base/api/v1/verify" >/dev/null
done

echo "HTTP, POST /api/v1/verify, $requests requests per run after 1,000 of each form to warm up:"
failed=0 # runs with an answer that was not 200
ratios=""
for concurrency in 1 16 32 64; do
  ratios+=$(printf '%11d' "$concurrency")
  for ((i = 0; i < ${#types[@]}; i += 2)); do
    run_start
    hey -n "$requests" -c "$concurrency" -m POST -T "${types[i + 1]}" -D "$work/${types[i]}.body" "$base/api/v1/verify" >"$work/hey.txt"
    hey_line "${types[i]} c=$concurrency" verification "$work/hey.txt"
    [[ "$run_codes" =~ ^\[200\]\ [0-9]+$ ]] || failed=$((failed + 1))
    ratios+=$(awk -v h="$run_rate" -v s="$js_same_rate" -v v="$js_vector_rate" 'BEGIN { printf "  %8.2fx %8.2fx", h / s, h / v }')
  done
  ratios+=$'\n'
done
printf 'HTTP verifications/s divided by the JavaScript stack'"'"'s on the same credential (%s/s) and on the test vector (%s/s):\n' \
  "$js_same_rate" "$js_vector_rate"
printf 'concurrency  json/same json/vector  jwt/same  jwt/vector\n%s' "$ratios"
[ "$failed" = 0 ] || { echo "$failed runs had answers that were not 200" >&2; exit 1; }
echo "every answer 200"
