#!/usr/bin/env bash
# Verification over HTTP next to the JavaScript stack, in one run on one machine (issue 12). First the Digital Bazaar
# stack verifies the OB 3.0 test-vector credential in-process, one at a time (bench/js/sign-verify.mjs; `npm ci` in
# bench/js when its node_modules is missing). Then a Release build of the service starts on a free port with a fresh
# data directory and rate limits off, issues one award, and POST /api/v1/verify is loaded with `hey` at concurrency 1,
# 16, 32 (the goal's level) and 64, in two forms: the credential as JSON with its eddsa-rdfc-2022 proof and status
# entries ({"credential": ...}), and its VC-JWT (application/jwt), both first checked to verify. Prints a line per run
# (verifications per second, p50 and p99 latency, the service's CPU per verification, its peak RSS and every answer
# that was not 2xx), then HTTP verifications per second divided by the JavaScript stack's at each concurrency, and
# fails unless every answer was 200. Usage: bench/load/verify.sh [requests-per-run]   (needs hey, jq and node)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
requests="${1:-2000}"
command -v hey >/dev/null || { echo "needs hey: sudo apt-get install hey" >&2; exit 2; }
command -v node >/dev/null || { echo "needs node and npm: sudo apt-get install nodejs npm" >&2; exit 2; }

[ -d bench/js/node_modules ] || (cd bench/js && npm ci --no-audit --no-fund >/dev/null)
echo "JavaScript stack, in-process, one at a time (bench/js/sign-verify.mjs):"
js_output=$(node bench/js/sign-verify.mjs | sed 's/^/  /')
echo "$js_output"
js_rate=$(echo "$js_output" | awk '$1 == "verify/s" { print $2 }')
[ -n "$js_rate" ] || { echo "sign-verify.mjs printed no verify/s line" >&2; exit 1; }

# shellcheck source=service.sh
. "$here/service.sh"
jq --arg a "$achievement" '.achievementId = $a' samples/requests/award-met.json >"$work/award.json"
post "/api/v1/issuers/$issuer/awards" "$key" @"$work/award.json" >"$work/awarded.json"
jq '{credential}' "$work/awarded.json" >"$work/json.body"
curl -sf "$(jq -r .links.jwt "$work/awarded.json")" -o "$work/jwt.body"
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
    ratios+=$(awk -v h="$run_rate" -v j="$js_rate" 'BEGIN { printf "  %6.2fx", h / j }')
  done
  ratios+=$'\n'
done
printf 'HTTP verifications/s divided by the JavaScript stack'"'"'s %s/s:\nconcurrency     json      jwt\n%s' "$js_rate" "$ratios"
[ "$failed" = 0 ] || { echo "$failed runs had answers that were not 200" >&2; exit 1; }
echo "every answer 200"
