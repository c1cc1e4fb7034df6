# Sourced by the load scripts: starts a Release build of the service on loopback port $port with a fresh data
# directory (removed on exit) and rate limits off unless $rate_limits is true (one loopback client is the whole load),
# and sets up an issuer, a client and the sample achievement. Sets base, data, issuer,
# key and achievement, and the function post PATH KEY BODY.
command -v jq >/dev/null || { echo "needs jq: sudo apt-get install jq" >&2; exit 2; }
base="http://127.0.0.1:$port"
data="$(mktemp -d)"
admin="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
dotnet build src/BadgeIssuer.Api -c Release -v q -nologo >/dev/null
BadgeIssuer__AdminApiKey="$admin" BadgeIssuer__DataDirectory="$data" BadgeIssuer__PublicBaseUrl="$base" Urls="$base" \
  BadgeIssuer__RateLimiting__Enabled="${rate_limits:-false}" \
  Logging__LogLevel__Default=Warning dotnet run --project src/BadgeIssuer.Api -c Release --no-build >"$data/service.log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true; rm -rf "$data"' EXIT
until curl -sf "$base/health" >/dev/null; do sleep 0.5; done

# CPU seconds (user + system) the service process has used so far, from /proc.
service_cpu() {
  local app
  app=$(pgrep -P "$service" | head -1)
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/${app:-$service}/stat"
}

post() { curl -sf -X POST "$base$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' --data-binary "$3"; }
issuer=$(post /api/v1/issuers "$admin" @samples/requests/issuer.json | jq -r .id)
key=$(post /api/v1/clients "$admin" "{\"issuerId\":\"$issuer\",\"scopes\":[\"achievements:write\",\"awards:issue\",\"awards:read\"]}" | jq -r .apiKey)
achievement=$(post "/api/v1/issuers/$issuer/achievements" "$key" @samples/requests/achievement.json | jq -r .id)
