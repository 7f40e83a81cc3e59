#!/usr/bin/env bash
# make bench: a Release build of plangate on a throwaway PostgreSQL, loaded by wrk over keep-alive
# connections on loopback. Prints a table and writes it as JSON under bench/results/.
# A first slice of issue #8: /healthz and /api/v1/auth/me with RSS; ceilings (nginx, pgbench) and
# the other endpoints are still to come.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=build-release
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-64}

bash scripts/install-deps.sh curl
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPLANGATE_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target plangate >/dev/null

work=$(mktemp -d /tmp/plangate-bench.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  bash scripts/pg-test.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"
admin_url=$(bash scripts/pg-test.sh start "$work/pg")
db_url="${admin_url%/postgres}/postgres"

serve_env=(DATABASE_URL="$db_url" APP_ENV=local AUTO_MIGRATE=true RATE_LIMIT_ENABLED=false
           JWT_SIGNING_KEY=bench-signing-key-0123456789abcdefghijklmnop EMAIL_BACKEND=console)
env "${serve_env[@]}" LOG_LEVEL=warn "$build/plangate" migrate >/dev/null
echo 'Bench-Strong-Pass-1' | env "${serve_env[@]}" LOG_LEVEL=warn "$build/plangate" createsuperuser \
  --email bench@example.com --password-stdin 2>/dev/null
# shellcheck source=scripts/serve-lib.sh
source scripts/serve-lib.sh
start_plangate "$root/$build/plangate" "$work" "${serve_env[@]}" LOG_LEVEL=info
base="http://127.0.0.1:$port"
token=$(curl -s -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"Bench-Strong-Pass-1"}' | sed 's/.*"access":"\([^"]*\)".*/\1/')

rss_kb() { awk "/^$1:/ {print \$2}" "/proc/$server_pid/status"; }
idle_rss=$(rss_kb VmRSS)

declare -a rows
run() {  # name path [lua]
  local name=$1 path=$2 script=${3:-}
  local args=(-t2 "-c$connections" "-d$duration" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  local out
  out=$(BENCH_TOKEN="$token" wrk "${args[@]}" "$base$path")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  rows+=("$name|$rps|$p50|$p99|${errors:-none}")
}
run "GET /healthz" /healthz
run "GET /api/v1/auth/me" /api/v1/auth/me bench/me.lua
peak_rss=$(rss_kb VmHWM)

printf '\n%-22s %12s %10s %10s  %s\n' endpoint req/s p50 p99 errors
for row in "${rows[@]}"; do
  IFS='|' read -r name rps p50 p99 errors <<<"$row"
  printf '%-22s %12s %10s %10s  %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
done
printf '\nserver RSS: idle %s KiB, peak %s KiB (%s connections, %s per endpoint, %s cores)\n' \
  "$idle_rss" "$peak_rss" "$connections" "$duration" "$(nproc)"

mkdir -p bench/results
json="bench/results/$(date -u +%Y%m%dT%H%M%SZ).json"
{
  echo "{\"machine\": {\"cores\": $(nproc)}, \"connections\": $connections, \"duration\": \"$duration\","
  echo " \"rss_kib\": {\"idle\": $idle_rss, \"peak\": $peak_rss}, \"results\": ["
  sep=""
  for row in "${rows[@]}"; do
    IFS='|' read -r name rps p50 p99 errors <<<"$row"
    printf '%s  {"endpoint": "%s", "requests_per_second": %s, "p50": "%s", "p99": "%s", "errors": "%s"}' \
      "$sep" "$name" "$rps" "$p50" "$p99" "$errors"
    sep=$',\n'
  done
  echo; echo "]}"
} >"$json"
echo "written: $json"
