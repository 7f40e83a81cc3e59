# shellcheck shell=bash disable=SC2034
# Sourced by bench/run.sh (make bench) and bench/scale.sh (make bench-scale): the parts both
# runs share, so that the two measure the server the same way. Expects `set -euo pipefail` and the
# working directory at the repository's root ($root).
#
#   bench_init                 reads BENCH_DURATION, BENCH_CONNECTIONS, BENCH_IDLE_CONNECTIONS;
#                              builds the Release binary; makes $work and the cleanup trap
#   bench_start_database       a throwaway PostgreSQL: $admin_url, $db_url, $pg_port
#   bench_start_nginx          the /healthz ceiling and the fake Stripe: $health_port, $stripe_port
#   bench_migrate              $serve_env, the schema, and the superuser bench@example.com
#   bench_start_server         plangate on the database: $server_pid, $port, $base
#   bench_login_sessions       users 2..65 log in: $work/tokens, $work/cookies
#   wrk_run, paced_run, pgbench_tps, write_ceiling, sql_latency, psql_quiet, drop_bench_apps, make_patch_targets,
#   ratio, ge, le, verdict, mib, bench_machine

bench_init() {
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
  trap bench_cleanup EXIT
}

bench_cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  bash scripts/pg-test.sh stop "$work/pg" || true
  rm -rf "$work"
}

free_port() {  # free_port [PORT_TO_AVOID]
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 20000))
    [ "$p" = "${1:-}" ] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  return 1
}

bench_start_database() {
  # PostgreSQL's default durability (fsync, synchronous commit), as a deployment runs it; the
  # ceilings run on the same cluster. BENCH_DURABILITY=fast measures the tests' setting instead.
  durability=${BENCH_DURABILITY:-default}
  admin_url=$(PG_TEST_DURABILITY=$durability bash scripts/pg-test.sh start "$work/pg")
  db_url="$admin_url"
  pg_port=$(sed 's|.*:\([0-9]*\)/.*|\1|' <<<"$admin_url")
}

bench_start_nginx() {
  health_port=$(free_port)
  stripe_port=$(free_port "$health_port")
  sed -e "s|@WORK@|$work|g" -e "s|@HEALTH_PORT@|$health_port|g" -e "s|@STRIPE_PORT@|$stripe_port|g" \
    bench/nginx.conf.in >"$work/nginx.conf"
  nginx -c "$work/nginx.conf" -p "$work" -e "$work/nginx-error.log"
}

bench_migrate() {
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
}

# bench_start_server [DIR [NAME=VALUE...]]: plangate at the default log level, in DIR ($work).
bench_start_server() {
  local dir=${1:-$work}
  shift $(($# < 1 ? $# : 1))
  # shellcheck source=scripts/serve-lib.sh
  source scripts/serve-lib.sh
  start_plangate "$root/$build/plangate" "$dir" "${serve_env[@]}" "$@"
  base="http://127.0.0.1:$port"
}
rss_kb() { awk "/^$1:/ {print \$2}" "/proc/$server_pid/status"; }

# login EMAIL: the response of POST /auth/login with its headers.
login() {
  curl -s -i -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$password\"}"
}

# Sessions for the load: users 2..65 (user1..user64@bench.example) log in twice each; the first
# round's access tokens drive the authenticated GETs, every login's refresh cookie the rotation.
bench_login_sessions() {
  local response
  : >"$work/tokens"
  : >"$work/cookies"
  for round in 1 2; do
    for n in $(seq 1 64); do
      response=$(login "user$n@bench.example")
      [ "$round" = 1 ] && sed -n 's/.*"access":"\([^"]*\)".*/\1/p' <<<"$response" >>"$work/tokens"
      sed -n 's/^[Ss]et-[Cc]ookie: refresh_token=\([^;]*\);.*/\1/p' <<<"$response" >>"$work/cookies"
    done
  done
  [ "$(wc -l <"$work/tokens")" = 64 ] || { echo "bench: logins failed" >&2; exit 1; }
}

declare -a rows
to_ms() {  # wrk latency (us, ms, s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000;
    printf "%.2f", n }'
}
# settle_server: waits (about a minute at most) until the server has no request in flight but the
# one asking: wrk stops counting at its deadline, not the server's work (64 slow admin searches
# run on for seconds), and neither the next row nor what runs between rows (a count, a DELETE, a
# pgbench ceiling) should meet that queue.
settle_server() {
  local n
  for _ in $(seq 1 600); do
    n=$(curl -s --max-time 5 "$base/metrics" |
      awk '$1 == "plangate_http_requests_in_flight" {print $2}') || n=""
    [ -n "$n" ] && awk -v n="$n" 'BEGIN { exit !(n <= 1) }' && return 0
    sleep 0.1
  done
  echo "bench: the server still had requests in flight after a minute" >&2
}
# wrk_run NAME URL [SCRIPT [SCRIPT_ARGS...]]: appends "name|rps|p50|p99|errors" to rows. The
# scripts read their bearer tokens from $tokens_file ($work/tokens unless set).
wrk_run() {
  local name=$1 url=$2 script=${3:-} out
  shift $(($# < 3 ? $# : 3))
  settle_server
  # Logins queue behind the hash (tens of ms each): wait for them rather than count timeouts.
  local args=("-t$threads" "-c$connections" "-d$duration" --latency --timeout 30s)
  [ -n "$script" ] && args+=(-s "$script")
  out=$(BENCH_TOKENS="${tokens_file:-$work/tokens}" BENCH_COOKIES="$work/cookies" \
    BENCH_EVENTS="$work/events" BENCH_THREADS=$threads wrk "${args[@]}" "$url" -- "$@")
  settle_server
  local rps p50 p99 non2xx socket
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  socket=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  rows+=("$name|$rps|$p50|$p99|$((${non2xx:-0} + ${socket:-0}))")
}
# paced_run NAME PATH FILE RATE: appends a row like wrk_run's for an open-loop load at RATE per
# second (plangate-benchtool paced-post, over $connections connections for $duration): the
# latency at that rate, each request timed from when it was due.
paced_run() {
  local out rps p50 p99 max errors
  settle_server
  # A failed run prints its figures too (errors counted), and the report says "NOT met".
  out=$("$tool" paced-post "$port" "$2" "$3" "$4" "$seconds" "$connections") || true
  read -r rps p50 p99 max errors <<<"$out"
  rows+=("$1|$rps|$p50|$p99|$errors")
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
# sql_latency KEY SQLFILE [PGBENCH_ARGS...]: the same SQL as a write ceiling, but over wrk's
# connection count, each transaction timed (pgbench -l): the p99 those statements have at that
# concurrency without plangate. Appends "KEY|P99_MS|TPS" to $work/sql_latency.
sql_latency() {
  local key=$1 file=$2 dir out p99 tps
  shift 2
  dir=$(mktemp -d "$work/pgbench-log.XXXXXX")
  out=$(cd "$dir" && pgbench -h 127.0.0.1 -p "$pg_port" -U postgres -n -M prepared -c "$connections" \
    -j "$threads" -T "$seconds" -D now="$(date +%s)" -l "$@" -f "$root/$file" postgres 2>&1) ||
    { echo "$out" >&2; exit 1; }
  # Each log line: client, transaction, latency in µs, script, epoch seconds, µs.
  p99=$(cat "$dir"/pgbench_log.* | awk '{ print $3 }' | sort -n |
    awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.1f", v[i] / 1000 }')
  tps=$(awk '/^tps/ {printf "%.1f", $3}' <<<"$out")
  echo "$key|$p99|$tps" >>"$work/sql_latency"
  rm -rf "$dir"
}
# write_ceiling CLIENTS SQLFILE [PGBENCH_ARGS...]
write_ceiling() { pgbench_clients=$1 pgbench_tps "$2" "$pg_port" prepared "${@:3}"; }
psql_quiet() { psql -q -X -v ON_ERROR_STOP=1 "$db_url" "$@" >/dev/null; }
# Apps made by a run go again before the next, so that every run starts from the seed's counts;
# VACUUM clears what they leave behind, as autovacuum would between bursts.
drop_bench_apps() {
  psql_quiet -c "DELETE FROM apps WHERE name LIKE 'bench %'"
  psql_quiet -c "SET synchronous_commit = on" -c "VACUUM ANALYZE apps, app_members"
}
# The apps bench/apps_update.lua patches: one more app per load user, with consecutive ids (one
# statement, nothing else writing). Sets patch_base, the id of user 2's.
make_patch_targets() {
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
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if "$@"; then echo met; else echo "NOT met"; fi; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
num() { [[ ${1:-} =~ ^[0-9.]+$ ]] && echo "$1" || echo null; }  # JSON number or null

# Sets cpu and mem, for the report.
bench_machine() {
  cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
}
