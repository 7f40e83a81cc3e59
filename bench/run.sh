#!/usr/bin/env bash
# make bench: a Release build of plangate on a throwaway PostgreSQL seeded with 10,000 users,
# loaded by wrk over keep-alive connections on loopback, next to the ceilings this machine allows
# (nginx for a static 200, pgbench for the same SQL, the raw argon2id rate). Prints a table and
# writes it as JSON under bench/results/. Nothing here asserts: it measures.
#
# BENCH_DURATION (10s), BENCH_CONNECTIONS (64) and BENCH_IDLE_CONNECTIONS (10000) tune the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=build-release
duration=${BENCH_DURATION:-10s}
# Whole seconds: wrk, pgbench and the hash-rate helper all get the same figure.
[[ $duration =~ ^[1-9][0-9]*s$ ]] || { echo "bench: BENCH_DURATION must be like 10s" >&2; exit 2; }
seconds=${duration%s}
connections=${BENCH_CONNECTIONS:-64}
idle_connections=${BENCH_IDLE_CONNECTIONS:-10000}
threads=2
password='Bench-Strong-Pass-1'

bash scripts/install-deps.sh curl nginx-light
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPLANGATE_TESTS=OFF -DPLANGATE_BENCH=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target plangate plangate-benchtool >/dev/null
tool="$root/$build/plangate-benchtool"

# Every held connection is a descriptor, in the server and in the client.
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((idle_connections + 1000)) ]; then
  idle_connections=$(($(ulimit -n) - 1000))
  echo "bench: open-file limit $(ulimit -n); holding $idle_connections idle connections" >&2
fi

work=$(mktemp -d /tmp/plangate-bench.XXXXXX)
chmod 755 "$work"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  bash scripts/pg-test.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {  # free_port [PORT_TO_AVOID]
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 20000))
    [ "$p" = "${1:-}" ] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  return 1
}

# --- PostgreSQL, seeded -------------------------------------------------------------------------
admin_url=$(bash scripts/pg-test.sh start "$work/pg")
db_url="$admin_url"
pg_port=$(sed 's|.*:\([0-9]*\)/.*|\1|' <<<"$admin_url")

# --- nginx: the /healthz ceiling and the fake Stripe --------------------------------------------
health_port=$(free_port)
stripe_port=$(free_port "$health_port")
sed -e "s|@WORK@|$work|g" -e "s|@HEALTH_PORT@|$health_port|g" -e "s|@STRIPE_PORT@|$stripe_port|g" \
  bench/nginx.conf.in >"$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work" -e "$work/nginx-error.log"

webhook_secret=whsec_bench_0123456789
# The server's defaults, made explicit: the write ceilings run pgbench over as many connections
# as the server can have in a write transaction at once (its worker threads; the webhook's
# Stripe threads).
workers=$((4 * $(nproc)))
stripe_threads=$workers
serve_env=(DATABASE_URL="$db_url" APP_ENV=local AUTO_MIGRATE=true RATE_LIMIT_ENABLED=false
           JWT_SIGNING_KEY=bench-signing-key-0123456789abcdefghijklmnop EMAIL_BACKEND=console
           ACCESS_TOKEN_TTL=3600 STRIPE_SECRET_KEY=sk_test_bench STRIPE_API_BASE="http://127.0.0.1:$stripe_port"
           STRIPE_WEBHOOK_SECRET="$webhook_secret" STRIPE_PRICE_IDS=pro_monthly=price_bench_pro
           # Every load connection comes from 127.0.0.1: no per-address cap, and room for the
           # idle connections (the defaults, 512 per address and 10,000 in all, are for clients).
           MAX_CONNECTIONS_PER_IP=0 MAX_CONNECTIONS=$((idle_connections + 1000))
           WORKER_THREADS="$workers" STRIPE_CONCURRENCY="$stripe_threads")
env "${serve_env[@]}" LOG_LEVEL=warn "$build/plangate" migrate >/dev/null
echo "$password" | env "${serve_env[@]}" LOG_LEVEL=warn "$build/plangate" createsuperuser \
  --email bench@example.com --password-stdin 2>/dev/null
psql -q -X "$db_url" -f bench/seed.sql

# --- plangate, at the default log level ---------------------------------------------------------
# shellcheck source=scripts/serve-lib.sh
source scripts/serve-lib.sh
start_plangate "$root/$build/plangate" "$work" "${serve_env[@]}"
base="http://127.0.0.1:$port"
rss_kb() { awk "/^$1:/ {print \$2}" "/proc/$server_pid/status"; }
sleep 1
idle_rss=$(rss_kb VmRSS)

# Sessions for the load: users 2..65 (user1..user64@bench.example) log in twice each; the first
# round's access tokens drive the authenticated GETs, every login's refresh cookie the rotation.
: >"$work/tokens"
: >"$work/cookies"
for round in 1 2; do
  for n in $(seq 1 64); do
    response=$(curl -s -i -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"email\":\"user$n@bench.example\",\"password\":\"$password\"}")
    [ "$round" = 1 ] && sed -n 's/.*"access":"\([^"]*\)".*/\1/p' <<<"$response" >>"$work/tokens"
    sed -n 's/^[Ss]et-[Cc]ookie: refresh_token=\([^;]*\);.*/\1/p' <<<"$response" >>"$work/cookies"
  done
done
[ "$(wc -l <"$work/tokens")" = 64 ] || { echo "bench: logins failed" >&2; exit 1; }

declare -a rows
to_ms() {  # wrk latency (us, ms, s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000;
    printf "%.2f", n }'
}
# wrk_run NAME URL [SCRIPT [SCRIPT_ARGS...]]: appends "name|rps|p50|p99|errors" to rows.
wrk_run() {
  local name=$1 url=$2 script=${3:-} out
  shift $(($# < 3 ? $# : 3))
  # Logins queue behind the hash (tens of ms each): wait for them rather than count timeouts.
  local args=("-t$threads" "-c$connections" "-d$duration" --latency --timeout 30s)
  [ -n "$script" ] && args+=(-s "$script")
  out=$(BENCH_TOKENS="$work/tokens" BENCH_COOKIES="$work/cookies" BENCH_EVENTS="$work/events" \
    BENCH_THREADS=$threads wrk "${args[@]}" "$url" -- "$@")
  local rps p50 p99 non2xx socket
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  socket=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  rows+=("$name|$rps|$p50|$p99|$((${non2xx:-0} + ${socket:-0}))")
}
# pgbench_tps SQLFILE [PORT [MODE [PGBENCH_ARGS...]]]: transactions/s of the file's SQL over the
# same connection count as wrk's (pgbench_clients overrides it); by default straight to
# PostgreSQL with prepared statements. :now is the time, as the server's clock gives it to writes.
pgbench_tps() {
  local file=$1 port=${2:-$pg_port} mode=${3:-prepared} out
  shift $(($# < 3 ? $# : 3))
  out=$(pgbench -h 127.0.0.1 -p "$port" -U postgres -n -M "$mode" -c "${pgbench_clients:-$connections}" \
    -j "$threads" -T "$seconds" -D now="$(date +%s)" "$@" -f "$file" postgres 2>&1) ||
    { echo "$out" >&2; exit 1; }
  # A client that fails aborts the run (and pgbench exits non-zero above); none may fail here.
  awk '/^tps/ {printf "%.1f", $3}' <<<"$out"
}
declare -A ceiling
ceiling_rps() { wrk "-t$threads" "-c$connections" "-d$duration" "$1" | awk '/Requests\/sec/ {print $2}'; }

echo "bench: measuring (each run $duration, $connections connections)..." >&2
ceiling[healthz]=$(ceiling_rps "http://127.0.0.1:$health_port/healthz")
wrk_run "GET /healthz" "$base/healthz"
ceiling[me]=$(pgbench_tps bench/me.sql)
wrk_run "GET /api/v1/auth/me" "$base/api/v1/auth/me" bench/me.lua
ceiling[apps]=$(pgbench_tps bench/apps.sql)
wrk_run "GET /api/v1/apps" "$base/api/v1/apps" bench/me.lua

# The writes. Each ceiling is pgbench running the route's statements in the route's order and
# transactions (the files cite the code they copy), over as many connections as the server has
# threads to run them: however many requests wrk keeps out, no more of these transactions run at
# once in the server. (Over wrk's 64, pgbench measured 2-3 times fewer transactions: 64 backends
# on two cores, each waiting its turn for every statement, and more of them on one row lock.)
# write_ceiling CLIENTS SQLFILE [PGBENCH_ARGS...]
write_ceiling() { pgbench_clients=$1 pgbench_tps "$2" "$pg_port" prepared "${@:3}"; }
psql_quiet() { psql -q -X -v ON_ERROR_STOP=1 "$db_url" "$@" >/dev/null; }
# Apps made by a run go again before the next, so that every run starts from the seed's counts;
# VACUUM clears what they leave behind, as autovacuum would between bursts.
drop_bench_apps() {
  psql_quiet -c "DELETE FROM apps WHERE name LIKE 'bench %'"
  psql_quiet -c "SET synchronous_commit = on" -c "VACUUM ANALYZE apps, app_members"
}
# One transaction of bench/apps_create_delete.sql is two requests.
ceiling[apps_create_delete]=$(awk -v t="$(write_ceiling "$workers" bench/apps_create_delete.sql)" \
  'BEGIN { printf "%.1f", 2 * t }')
drop_bench_apps
wrk_run "POST+DELETE /api/v1/apps" "$base/api/v1/apps" bench/apps_create_delete.lua
drop_bench_apps

# PATCH: one more app per load user, with consecutive ids (one statement, nothing else writing).
patch_base=$(psql -q -At -X -v ON_ERROR_STOP=1 "$db_url" <<'SQL'
WITH made AS (
  INSERT INTO apps (owner_id, name, description, created_at, updated_at)
  SELECT u, 'bench patch target of user ' || u, 'Made by make bench', 1700000100, 1700000100
  FROM generate_series(2, 65) AS u ORDER BY u
  RETURNING id, owner_id, created_at)
INSERT INTO app_members (app_id, user_id, role, added_at, app_created_at)
SELECT id, owner_id, 'owner', created_at, created_at FROM made
RETURNING app_id - user_id + 2;
SQL
)
[ "$(sort -u <<<"$patch_base" | wc -l)" = 1 ] || { echo "bench: PATCH targets not consecutive" >&2; exit 1; }
patch_base=$(head -n 1 <<<"$patch_base")
ceiling[apps_update]=$(write_ceiling "$workers" bench/apps_update.sql -D patch_base="$patch_base")
wrk_run "PATCH /api/v1/apps/{id}" "$base/api/v1/apps" bench/apps_update.lua "$patch_base"
drop_bench_apps

# POST alone, over the 64 users, then over 32 (two connections per user, on average): creates of
# one user queue on the owner's row lock.
ceiling[apps_create]=$(write_ceiling "$workers" bench/apps_create.sql -D users=64)
drop_bench_apps
wrk_run "POST /api/v1/apps" "$base/api/v1/apps" bench/apps_create.lua 64
drop_bench_apps
ceiling[apps_create_32]=$(write_ceiling "$workers" bench/apps_create.sql -D users=32)
drop_bench_apps
wrk_run "POST /api/v1/apps 32 users" "$base/api/v1/apps" bench/apps_create.lua 32
drop_bench_apps

# Refresh: each pgbench client rotates its own chain from a session inserted here (k = 0).
psql_quiet <<SQL
INSERT INTO refresh_sessions (user_id, family_id, token_hash, created_at, expires_at)
SELECT 2 + c % 64, 'bench-ceiling-family-' || c, encode(sha256(('bench ceiling ' || c || ' 0')::bytea), 'hex'),
       $(date +%s), $(date +%s) + 604800
FROM generate_series(0, $((workers - 1))) AS c;
SQL
ceiling[refresh]=$(write_ceiling "$workers" bench/refresh.sql -D k=0)
wrk_run "POST /auth/token/refresh" "$base/api/v1/auth/token/refresh" bench/refresh.lua
ceiling[login]=$(env "${serve_env[@]}" "$tool" hash-rate "$seconds" "$threads")
wrk_run "POST /api/v1/auth/login" "$base/api/v1/auth/login" bench/login.lua
"$tool" sign-webhooks 200000 "$webhook_secret" "$work/events"
wrk_run "POST /billing/webhook" "$base/api/v1/billing/webhook" bench/webhook.lua
applied=$(psql -At -X "$db_url" -c "SELECT count(*) FROM webhook_events WHERE status = 'processed'")
# Its ceiling starts from the seed's plans too: the first event of a basic user makes them pro
# (one more UPDATE), and the subscriptions the load added go.
psql_quiet <<'SQL'
DELETE FROM subscriptions WHERE created_at <> 1700000000;
UPDATE users u SET user_type = 'basic'
WHERE user_type <> 'basic' AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = u.id);
SQL
ceiling[webhook]=$(write_ceiling "$stripe_threads" bench/webhook.sql)
peak_rss=$(rss_kb VmHWM)

# --- idle keep-alive connections ----------------------------------------------------------------
"$tool" hold-connections "$port" "$idle_connections" 5 >"$work/hold.out" &
hold_pid=$!
for _ in $(seq 1 600); do grep -q '^held' "$work/hold.out" && break; sleep 0.1; done
held_rss=$(rss_kb VmRSS)
hold_ok=yes
wait "$hold_pid" || hold_ok=no
hold_detail=$(tail -n 1 "$work/hold.out")

# --- the pooled deployment: PgBouncer in transaction mode (4 server connections) in front ------
# A second server on the same data, DATABASE_POOLER=transaction: every statement unnamed, no
# pipelined connections. Its ceiling is pgbench through the same PgBouncer, unnamed statements
# too (-M extended: named ones cannot cross a transaction pooler either).
kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
server_pid=""
bouncer_url=$(bash scripts/pg-test.sh bouncer "$work/pg")
bouncer_port=$(sed 's|.*:\([0-9]*\)/.*|\1|' <<<"$bouncer_url")
mkdir -p "$work/pooled"
start_plangate "$root/$build/plangate" "$work/pooled" "${serve_env[@]}" \
  DATABASE_URL="$bouncer_url" DATABASE_POOLER=transaction
base="http://127.0.0.1:$port"
ceiling[pooled_me]=$(pgbench_tps bench/me.sql "$bouncer_port" extended)
wrk_run "pooled GET /auth/me" "$base/api/v1/auth/me" bench/me.lua
ceiling[pooled_apps]=$(pgbench_tps bench/apps.sql "$bouncer_port" extended)
wrk_run "pooled GET /apps" "$base/api/v1/apps" bench/me.lua
wrk_run "pooled POST+DELETE /apps" "$base/api/v1/apps" bench/apps_create_delete.lua

# --- report -------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if "$@"; then echo met; else echo "NOT met"; fi; }

declare -a table
for row in "${rows[@]}"; do
  IFS='|' read -r name rps p50 p99 errors <<<"$row"
  key="" ceiling_name="" target="" status=""
  case "$name" in
    "GET /healthz") key=healthz ceiling_name="nginx static 200" target="≥ 0.8×" ;;
    "GET /api/v1/auth/me") key=me ceiling_name="pgbench, same SQL" target="≥ 0.6×, p99 ≤ 10 ms" ;;
    "GET /api/v1/apps") key=apps ceiling_name="pgbench, same SQL" target="≥ 0.6×, p99 ≤ 10 ms" ;;
    "POST /api/v1/auth/login") key=login ceiling_name="argon2id, 2 threads" target="≥ 0.9×" ;;
    "POST+DELETE /api/v1/apps") key=apps_create_delete ceiling_name="pgbench, same SQL" ;;&
    "PATCH /api/v1/apps/{id}") key=apps_update ceiling_name="pgbench, same SQL" ;;&
    "POST /api/v1/apps") key=apps_create ceiling_name="pgbench, same SQL" ;;&
    "POST /api/v1/apps 32 users") key=apps_create_32 ceiling_name="pgbench, 32 users" ;;&
    "POST /auth/token/refresh") key=refresh ceiling_name="pgbench, same SQL" ;;&
    "POST+DELETE /api/v1/apps" | "PATCH /api/v1/apps/{id}" | "POST /api/v1/apps" | \
      "POST /api/v1/apps 32 users" | "POST /auth/token/refresh") target="≥ 0.7×, p99 ≤ 25 ms" ;;
    # Its ceiling leaves out the re-read of the subscription from (the fake) Stripe.
    "POST /billing/webhook") key=webhook ceiling_name="pgbench, SQL only" target="≥ 2000/s" ;;
    "pooled GET /auth/me") key=pooled_me ceiling_name="pgbench via PgBouncer" ;;
    "pooled GET /apps") key=pooled_apps ceiling_name="pgbench via PgBouncer" ;;
  esac
  c=${key:+${ceiling[$key]}}
  r=$( [ -n "$c" ] && ratio "$rps" "$c" || echo "")
  case "$key" in
    healthz) status=$(verdict ge "$r" 0.8) ;;
    me | apps) status=$(verdict eval "ge $r 0.6 && le $p99 10") ;;
    login) status=$(verdict ge "$r" 0.9) ;;
    apps_create_delete | apps_update | apps_create | apps_create_32 | refresh)
      status=$(verdict eval "ge $r 0.7 && le $p99 25") ;;
  esac
  [ "$name" = "POST /billing/webhook" ] && status=$(verdict ge "$rps" 2000)
  table+=("$name|$rps|$p50|$p99|$errors|$ceiling_name|${c:-}|${r:-}|$target|$status")
done

printf '\n%-26s %9s %8s %8s %6s  %-20s %9s %6s  %-20s %s\n' endpoint req/s p50ms p99ms errors \
  ceiling "c req/s" ratio target verdict
for row in "${table[@]}"; do
  IFS='|' read -r name rps p50 p99 errors cname c r target status <<<"$row"
  printf '%-26s %9s %8s %8s %6s  %-20s %9s %6s  %-20s %s\n' "$name" "$rps" "$p50" "$p99" \
    "$errors" "$cname" "$c" "$r" "$target" "$status"
done
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
printf '\nwebhook events applied (distinct, from the database): %s\n' "$applied"
printf 'server RSS: idle %s MiB (target ≤ 30: %s), peak under load %s MiB (≤ 100: %s)\n' \
  "$(mib "$idle_rss")" "$(verdict le "$(mib "$idle_rss")" 30)" \
  "$(mib "$peak_rss")" "$(verdict le "$(mib "$peak_rss")" 100)"
printf '%s idle keep-alive connections: RSS %s MiB (≤ 200: %s), all held: %s (%s)\n' \
  "$idle_connections" "$(mib "$held_rss")" "$(verdict le "$(mib "$held_rss")" 200)" "$hold_ok" \
  "$hold_detail"
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
printf 'machine: %s cores (%s), %s, %s; wrk -t%s -c%s -d%s\n' "$(nproc)" "$cpu" "$mem" \
  "$(uname -r)" "$threads" "$connections" "$duration"

mkdir -p bench/results
json="bench/results/$(date -u +%Y%m%dT%H%M%SZ).json"
{
  printf '{"machine": {"cores": %s, "cpu": "%s", "memory": "%s", "kernel": "%s"},\n' \
    "$(nproc)" "$cpu" "$mem" "$(uname -r)"
  printf ' "commit": "%s", "connections": %s, "duration": "%s", "threads": %s,\n' \
    "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$connections" "$duration" "$threads"
  printf ' "rss_kib": {"idle": %s, "peak_under_load": %s, "idle_connections": %s},\n' \
    "$idle_rss" "$peak_rss" "$held_rss"
  printf ' "idle_connections": {"count": %s, "all_held": "%s", "detail": "%s"},\n' \
    "$idle_connections" "$hold_ok" "$hold_detail"
  printf ' "webhook_events_applied": %s,\n "results": [\n' "$applied"
  sep=""
  for row in "${table[@]}"; do
    IFS='|' read -r name rps p50 p99 errors cname c r target status <<<"$row"
    num() { [[ ${1:-} =~ ^[0-9.]+$ ]] && echo "$1" || echo null; }  # JSON number or null
    printf '%s  {"endpoint": "%s", "requests_per_second": %s, "p50_ms": %s, "p99_ms": %s, "errors": %s, "ceiling": "%s", "ceiling_per_second": %s, "ratio": %s, "target": "%s", "verdict": "%s"}' \
      "$sep" "$name" "$(num "$rps")" "$(num "$p50")" "$(num "$p99")" "$(num "$errors")" "$cname" \
      "$(num "$c")" "$(num "$r")" "$target" "${status:-none}"
    sep=$',\n'
  done
  printf '\n]}\n'
} >"$json"
echo "written: $json"
