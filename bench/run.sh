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
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_init

# --- PostgreSQL, seeded -------------------------------------------------------------------------
bench_start_database

# --- nginx: the /healthz ceiling and the fake Stripe --------------------------------------------
bench_start_nginx

bench_migrate
psql -q -X "$db_url" -f bench/seed.sql

# --- plangate, at the default log level ---------------------------------------------------------
bench_start_server
sleep 1
idle_rss=$(rss_kb VmRSS)

bench_login_sessions

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
# One transaction of bench/apps_create_delete.sql is two requests.
ceiling[apps_create_delete]=$(awk -v t="$(write_ceiling "$workers" bench/apps_create_delete.sql)" \
  'BEGIN { printf "%.1f", 2 * t }')
drop_bench_apps
wrk_run "POST+DELETE /api/v1/apps" "$base/api/v1/apps" bench/apps_create_delete.lua
drop_bench_apps

# PATCH: one more app per load user, with consecutive ids.
make_patch_targets
ceiling[apps_update]=$(write_ceiling "$workers" bench/apps_update.sql -D patch_base="$patch_base")
wrk_run "PATCH /api/v1/apps/{id}" "$base/api/v1/apps" bench/apps_update.lua "$patch_base"
drop_bench_apps

# POST alone, over the 64 users, then over 32 (two connections per user, on average): creates of
# one user queue on the owner's row lock.
# Each also once over wrk's 64 connections, timed per transaction: the p99 the SQL itself has
# there (what a p99 target can ask of the route).
ceiling[apps_create]=$(write_ceiling "$workers" bench/apps_create.sql -D users=64)
drop_bench_apps
sql_latency "POST /api/v1/apps" bench/apps_create.sql -D users=64
drop_bench_apps
wrk_run "POST /api/v1/apps" "$base/api/v1/apps" bench/apps_create.lua 64
drop_bench_apps
ceiling[apps_create_32]=$(write_ceiling "$workers" bench/apps_create.sql -D users=32)
drop_bench_apps
sql_latency "POST /api/v1/apps 32 users" bench/apps_create.sql -D users=32
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
# The same kind of events at 2,000 a second, new ones (ids from 1,000,000), each timed from when
# it was due.
"$tool" sign-webhooks $((2000 * seconds)) "$webhook_secret" "$work/paced-events" 1000000
paced_run "POST /billing/webhook at 2000/s" /api/v1/billing/webhook "$work/paced-events" 2000
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
bench_start_server "$work/pooled" DATABASE_URL="$bouncer_url" DATABASE_POOLER=transaction
ceiling[pooled_me]=$(pgbench_tps bench/me.sql "$bouncer_port" extended)
wrk_run "pooled GET /auth/me" "$base/api/v1/auth/me" bench/me.lua
ceiling[pooled_apps]=$(pgbench_tps bench/apps.sql "$bouncer_port" extended)
wrk_run "pooled GET /apps" "$base/api/v1/apps" bench/me.lua
wrk_run "pooled POST+DELETE /apps" "$base/api/v1/apps" bench/apps_create_delete.lua

# --- report -------------------------------------------------------------------------------------
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
    "POST /billing/webhook at 2000/s") target="p99 ≤ 50 ms" ;;
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
  [ "$name" = "POST /billing/webhook at 2000/s" ] &&
    status=$(verdict eval "ge $rps 1990 && le $p99 50 && [ $errors = 0 ]")
  table+=("$name|$rps|$p50|$p99|$errors|$ceiling_name|${c:-}|${r:-}|$target|$status")
done

printf '\n%-32s %9s %8s %8s %6s  %-20s %9s %6s  %-20s %s\n' endpoint req/s p50ms p99ms errors \
  ceiling "c req/s" ratio target verdict
for row in "${table[@]}"; do
  IFS='|' read -r name rps p50 p99 errors cname c r target status <<<"$row"
  printf '%-32s %9s %8s %8s %6s  %-20s %9s %6s  %-20s %s\n' "$name" "$rps" "$p50" "$p99" \
    "$errors" "$cname" "$c" "$r" "$target" "$status"
done
printf '\nthe same SQL over %s connections (pgbench, each transaction timed):' "$connections"
while IFS='|' read -r name p99 tps; do
  printf ' %s: %s tx/s, p99 %s ms;' "$name" "$tps" "$p99"
done <"$work/sql_latency"
printf '\n'
printf '\nwebhook events applied (distinct, from the database): %s\n' "$applied"
printf 'server RSS: idle %s MiB (target ≤ 30: %s), peak under load %s MiB (≤ 100: %s)\n' \
  "$(mib "$idle_rss")" "$(verdict le "$(mib "$idle_rss")" 30)" \
  "$(mib "$peak_rss")" "$(verdict le "$(mib "$peak_rss")" 100)"
printf '%s idle keep-alive connections: RSS %s MiB (≤ 200: %s), all held: %s (%s)\n' \
  "$idle_connections" "$(mib "$held_rss")" "$(verdict le "$(mib "$held_rss")" 200)" "$hold_ok" \
  "$hold_detail"
bench_machine
printf 'machine: %s cores (%s), %s, %s; wrk -t%s -c%s -d%s; PostgreSQL durability: %s\n' \
  "$(nproc)" "$cpu" "$mem" "$(uname -r)" "$threads" "$connections" "$duration" "$durability"

mkdir -p bench/results
json="bench/results/$(date -u +%Y%m%dT%H%M%SZ).json"
{
  printf '{"machine": {"cores": %s, "cpu": "%s", "memory": "%s", "kernel": "%s"},\n' \
    "$(nproc)" "$cpu" "$mem" "$(uname -r)"
  printf ' "commit": "%s", "connections": %s, "duration": "%s", "threads": %s, "durability": "%s",\n' \
    "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$connections" "$duration" "$threads" \
    "$durability"
  printf ' "rss_kib": {"idle": %s, "peak_under_load": %s, "idle_connections": %s},\n' \
    "$idle_rss" "$peak_rss" "$held_rss"
  printf ' "idle_connections": {"count": %s, "all_held": "%s", "detail": "%s"},\n' \
    "$idle_connections" "$hold_ok" "$hold_detail"
  printf ' "webhook_events_applied": %s,\n "sql_latency_at_connections": [' "$applied"
  sep=""
  while IFS='|' read -r name p99 tps; do
    printf '%s{"endpoint": "%s", "p99_ms": %s, "transactions_per_second": %s}' "$sep" "$name" \
      "$(num "$p99")" "$(num "$tps")"
    sep=", "
  done <"$work/sql_latency"
  printf '],\n "results": [\n'
  sep=""
  for row in "${table[@]}"; do
    IFS='|' read -r name rps p50 p99 errors cname c r target status <<<"$row"
    printf '%s  {"endpoint": "%s", "requests_per_second": %s, "p50_ms": %s, "p99_ms": %s, "errors": %s, "ceiling": "%s", "ceiling_per_second": %s, "ratio": %s, "target": "%s", "verdict": "%s"}' \
      "$sep" "$name" "$(num "$rps")" "$(num "$p50")" "$(num "$p99")" "$(num "$errors")" "$cname" \
      "$(num "$c")" "$(num "$r")" "$target" "${status:-none}"
    sep=$',\n'
  done
  printf '\n]}\n'
} >"$json"
echo "written: $json"
