# shellcheck shell=bash
# Sourced by the load scripts: starts a Release build of the service on a free loopback port (BENCH_PORT if set)
# with a fresh data directory (removed on exit) and rate limits off unless $rate_limits is true (one loopback client
# is the whole load), and sets up an issuer, a client and the sample achievement. Sets base, data, service (the pid
# of `dotnet run`), app (the service's own process), work (a directory for the script's own files, removed on exit
# too), issuer, key and achievement; defines post PATH KEY BODY, submit_batch FILE and await_batch PATH, and the
# measuring functions of measure.sh (run_start, hey_line, run_line, service_cpu, service_peak_rss).
command -v jq >/dev/null || { echo "needs jq: sudo apt-get install jq" >&2; exit 2; }
# shellcheck source=measure.sh disable=SC2154 # here is set by the script that sources this file
. "$here/measure.sh"
port="${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
base="http://127.0.0.1:$port"
data="$(mktemp -d)"
work="$(mktemp -d)"
admin="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
dotnet build src/BadgeIssuer.Api -c Release -v q -nologo >/dev/null
# Production, as deployed (--no-launch-profile: the launch profile would make it Development), so it needs a KEK.
BadgeIssuer__AdminApiKey="$admin" BadgeIssuer__DataDirectory="$data" BadgeIssuer__PublicBaseUrl="$base" ASPNETCORE_URLS="$base" \
  BadgeIssuer__KeyEncryptionKey="$(head -c 32 /dev/urandom | base64)" BadgeIssuer__RateLimiting__Enabled="${rate_limits:-false}" \
  Logging__LogLevel__Default=Warning dotnet run --project src/BadgeIssuer.Api -c Release --no-build --no-launch-profile >"$data/service.log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true; rm -rf "$data" "$work"' EXIT
until curl -sf "$base/health" >/dev/null; do
  kill -0 "$service" 2>/dev/null || { echo "the service did not start; its log:" >&2; cat "$data/service.log" >&2; exit 1; }
  sleep 0.5
done
find_app

post() { curl -sf -X POST "$base$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' --data-binary "$3"; }
issuer=$(post /api/v1/issuers "$admin" @samples/requests/issuer.json | jq -r .id)
key=$(post /api/v1/clients "$admin" "{\"issuerId\":\"$issuer\",\"scopes\":[\"achievements:write\",\"awards:issue\",\"awards:read\"]}" | jq -r .apiKey)
# shellcheck disable=SC2034 # achievement is for the script that sources this file
achievement=$(post "/api/v1/issuers/$issuer/achievements" "$key" @samples/requests/achievement.json | jq -r .id)

# POSTs the award batch in FILE; prints the batch's URL path, or the status line and answer (on stderr) and fails
# when the answer is not 202.
submit_batch() {
  local status
  status=$(curl -s -D "$work/headers.txt" -o "$work/answer.txt" -w '%{http_code}' -X POST "$base/api/v1/issuers/$issuer/award-batches" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' --data-binary @"$1")
  [ "$status" = 202 ] || { echo "POST of $1 answered $status:" >&2; cat "$work/answer.txt" >&2; return 1; }
  tr -d '\r' <"$work/headers.txt" | awk 'tolower($1) == "location:" {print $2}'
}
# Waits until the batch at PATH is completed; fails when a poll is not answered 2xx, with the service's log if the
# service has gone.
await_batch() {
  local state=""
  until [ "$state" = completed ]; do
    state=$(curl -sf "$base$1?limit=1" -H "Authorization: Bearer $key" | jq -r .state) || {
      kill -0 "$service" 2>/dev/null || { echo "the service stopped; its log:" >&2; cat "$data/service.log" >&2; }
      echo "GET $1 was not answered 2xx" >&2
      return 1
    }
    [ "$state" = completed ] || sleep 0.2
  done
}
