#!/usr/bin/env bash
# make bench-scale: make bench's server, cluster and load (bench/lib.sh) on a database the size of
# a large deployment: BENCH_SCALE_USERS users (1,000,000), three apps each and about ten
# memberships per user (bench/scale_seed.sql, set-based). Measures every route but login (reads,
# writes, the admin list's search, filter and ordering at page 1, the middle page and the last,
# the deep ones both by page=N and by the cursor a next link carries),
# prints each p99 next to the same route's p99 at 10,000 users, and EXPLAINs every statement of
# those routes (bench/scale_plans.sql), marking any plan that scans a table of more than
# BENCH_SCALE_SEQ_ROWS (5,000) rows. Writes the table and the plans to
# bench/results/scale-<time>.txt and the table as JSON to scale-<time>.json. It measures; it
# asserts nothing.
#
# The 10,000-user p99: the newest make bench result (bench/results/<time>.json); for the routes
# make bench does not measure (the deep page, the admin list), the newest make bench-scale result
# taken at BENCH_SCALE_USERS=10000.
#
# BENCH_SCALE_PLANS_ONLY=1 stops after the plans (no server, no load). BENCH_SCALE_USERS,
# BENCH_SCALE_SEQ_ROWS, and make bench's BENCH_DURATION (10s) and
# BENCH_CONNECTIONS (64) tune the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
users=${BENCH_SCALE_USERS:-1000000}
seq_rows=${BENCH_SCALE_SEQ_ROWS:-5000}
# The load logs in as users 2..65 and shares 200 apps of users up to 300 ids away with them.
[[ $users =~ ^[0-9]+$ ]] && [ "$users" -ge 1000 ] ||
  { echo "bench-scale: BENCH_SCALE_USERS must be a whole number ≥ 1000" >&2; exit 2; }
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_init
bench_start_database
bench_start_nginx
bench_migrate

echo "bench-scale: seeding $users users..." >&2
seed_start=$(date +%s.%N)
psql -q -X -v users="$users" "$db_url" -f bench/scale_seed.sql
seed_seconds=$(awk -v a="$seed_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
counts=$(psql -At -X -F ' ' "$db_url" -c "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM apps),
  (SELECT count(*) FROM app_members), (SELECT count(*) FROM subscriptions)")
read -r n_users n_apps n_members n_subs <<<"$counts"
echo "bench-scale: seeded in ${seed_seconds}s: $n_users users, $n_apps apps, $n_members memberships, $n_subs subscriptions" >&2

# --- the admin list's three queries and their page depths ---------------------------------------
search_term=user1  # matches about 11 % of the users: deep pages exist
page_size=20
declare -A admin_query admin_count
admin_query[admin_search]="search=$search_term"
admin_query[admin_filter]="user_type=pro"
admin_query[admin_order]="ordering=email"
admin_count[admin_search]=$(psql -At -X "$db_url" -c "SELECT count(*) FROM users WHERE email LIKE '%$search_term%'")
admin_count[admin_filter]=$(psql -At -X "$db_url" -c "SELECT count(*) FROM users WHERE user_type = 'pro'")
admin_count[admin_order]=$n_users
# admin_pages KEY: "p1 MID LAST", the page numbers measured.
admin_pages() {
  local last=$(((admin_count[$1] + page_size - 1) / page_size))
  [ "$last" -ge 1 ] || last=1
  echo "1 $(((last + 1) / 2)) $last"
}
# admin_row KEY PAGE: "ORDERING TAG ID KEY" of the row just before page PAGE in the list's order:
# the position a next link to that page carries. The "by link" rows measure the pages an admin
# reaches by following next; the page=N rows, a jump straight there (OFFSET).
admin_row() {
  local sql ordering=-date_joined tag=i
  case $1 in
    admin_search) sql="SELECT id, date_joined FROM users WHERE email LIKE '%$search_term%' ORDER BY date_joined DESC, id DESC" ;;
    admin_filter) sql="SELECT id, date_joined FROM users WHERE user_type = 'pro' ORDER BY date_joined DESC, id DESC" ;;
    admin_order) sql="SELECT id, email FROM users ORDER BY email" ordering=email tag=s ;;
  esac
  echo "$ordering $tag $(psql -At -X -F ' ' "$db_url" -c "$sql OFFSET $((($2 - 1) * page_size - 1)) LIMIT 1")"
}
# admin_cursor KEY PAGE: that cursor (http/pagination.cpp EncodeCursor: base64url, no padding).
admin_cursor() {
  local ordering tag id key
  read -r ordering tag id key <<<"$(admin_row "$1" "$2")"
  printf '1|a|%s|%s|%s|%s%s' "$2" "$id" "$ordering" "$tag" "$key" | base64 -w0 | tr '+/' '-_' | tr -d '='
}
# admin_position KEY PAGE: the psql variables i (its id) and k (its sort key).
admin_position() {
  local ordering tag id key
  read -r ordering tag id key <<<"$(admin_row "$1" "$2")"
  echo "i=$id k=$key"
}
# GET /apps' deep page: the last page of user 2's memberships.
deep_page=$(psql -At -X "$db_url" -c "SELECT (count(*) + $page_size - 1) / $page_size FROM app_members WHERE user_id = 2")

# --- EXPLAIN ------------------------------------------------------------------------------------
declare -A reltuples
while IFS='|' read -r rel n; do reltuples[$rel]=$n; done < <(psql -At -X "$db_url" -c \
  "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")
plans_file="$work/plans.txt"
: >"$plans_file"
declare -a plan_rows     # "key|what|verdict"
declare -A plan_verdict  # key -> "ok" or "SEQ SCAN table,..."
# explain KEY WHAT SQL [PSQL_VARIABLES...]: EXPLAIN ANALYZE in a transaction rolled back.
explain() {
  local key=$1 what=$2 sql=$3 plan table scanned="" args=() v
  shift 3
  for v in uid=2 app=1 sub_user=6 deep_offset=$(((deep_page - 1) * page_size)) \
    "search=%$search_term%" term="$search_term" admin_offset=0 "$@"; do args+=(-v "$v"); done
  plan=$(psql -X -q -v ON_ERROR_STOP=1 "${args[@]}" "$db_url" 2>&1 <<SQL
BEGIN;
EXPLAIN (ANALYZE, BUFFERS) $sql
ROLLBACK;
SQL
  ) || { echo "bench-scale: EXPLAIN of $key ($what) failed: $plan" >&2; exit 1; }
  while read -r table; do
    [ "${reltuples[$table]:-0}" -gt "$seq_rows" ] && scanned+="${scanned:+,}$table"
  done < <(sed -n 's/.*Seq Scan on \([a-z_]*\).*/\1/p' <<<"$plan")
  local verdict=${scanned:+SEQ SCAN $scanned} ms
  verdict=${verdict:-ok}
  ms=$(sed -n 's/.*Execution Time: \([0-9.]*\) ms.*/\1/p' <<<"$plan")
  plan_rows+=("$key|$what|$verdict|$ms")
  [ "${plan_verdict[$key]:-ok}" = ok ] && plan_verdict[$key]=$verdict
  printf -- '--- %s: %s [%s]\n%s\n\n' "$key" "$what" "$verdict" "$plan" >>"$plans_file"
}
# Each "-- plan: KEY: WHAT" line of bench/scale_plans.sql and the statement after it.
echo "bench-scale: EXPLAIN..." >&2
while IFS=$'\t' read -r key what sql; do
  case "$key" in
    admin_search_first) explain admin_search_p1 "$what" "$sql" ;;
    admin_*_link)
      read -r p1 pmid plast <<<"$(admin_pages "${key%_link}")"
      for depth in mid last; do
        page=$([ $depth = mid ] && echo "$pmid" || echo "$plast")
        [ "$page" -gt 1 ] || continue
        # shellcheck disable=SC2046 # i=... k=... are two words on purpose
        explain "${key%_link}_${depth}_link" "$what, page $page by link" "$sql" \
          $(admin_position "${key%_link}" "$page")
      done ;;
    admin_*)
      read -r p1 pmid plast <<<"$(admin_pages "$key")"
      explain "${key}_p1" "$what, page $p1" "$sql"
      explain "${key}_mid" "$what, page $pmid" "$sql" admin_offset=$(((pmid - 1) * page_size))
      explain "${key}_last" "$what, page $plast" "$sql" admin_offset=$(((plast - 1) * page_size)) ;;
    *) explain "$key" "$what" "$sql" ;;
  esac
done < <(awk '/^-- plan: / { sub(/^-- plan: /, ""); k = $0; sub(/:.*/, "", k); w = $0;
                             sub(/^[^:]*: /, "", w); getline; print k "\t" w "\t" $0 }' bench/scale_plans.sql)

plan_table() {
  printf '%-20s %-62s %10s  %s\n' plan statement ms verdict
  for row in "${plan_rows[@]}"; do
    IFS='|' read -r key what v ms <<<"$row"
    printf '%-20s %-62s %10s  %s\n' "$key" "$what" "$ms" "$v"
  done
  printf '\nSEQ SCAN: a Seq Scan node on a table of more than %s rows; ms: EXPLAIN ANALYZE'"'"'s execution time.\n' "$seq_rows"
}
# BENCH_SCALE_PLANS_ONLY=1: the seed and the plans, no load (minutes less at 1,000,000 users).
if [ "${BENCH_SCALE_PLANS_ONLY:-0}" = 1 ]; then
  mkdir -p bench/results
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  {
    printf 'make bench-scale (plans only): %s users, %s apps, %s memberships, %s subscriptions; seeded in %s s; commit %s\n\n' \
      "$n_users" "$n_apps" "$n_members" "$n_subs" "$seed_seconds" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    plan_table
  } | tee "bench/results/scale-plans-$stamp.txt"
  { printf '\n=== plans (EXPLAIN ANALYZE, BUFFERS) ===\n\n'; cat "$plans_file"; } >>"bench/results/scale-plans-$stamp.txt"
  echo "written: bench/results/scale-plans-$stamp.txt"
  exit 0
fi

# --- the load -----------------------------------------------------------------------------------
bench_start_server
bench_login_sessions
login bench@example.com | sed -n 's/.*"access":"\([^"]*\)".*/\1/p' >"$work/admin_token"
[ -s "$work/admin_token" ] || { echo "bench-scale: the admin login failed" >&2; exit 1; }

declare -A route_key route_plans
# run KEY PLAN_KEYS NAME URL [SCRIPT [ARGS...]]: wrk_run, remembering the route's key and plans.
run() {
  route_key[$3]=$1
  route_plans[$3]=$2
  wrk_run "${@:3}"
}
echo "bench-scale: measuring (each run $duration, $connections connections)..." >&2
run me "me" "GET /api/v1/auth/me" "$base/api/v1/auth/me" bench/me.lua
run apps "me apps" "GET /api/v1/apps" "$base/api/v1/apps" bench/me.lua
run apps_deep "me apps_deep" "GET /api/v1/apps page $deep_page" "$base/api/v1/apps?page=$deep_page" bench/me.lua
drop_bench_apps
run apps_create_delete "me apps_create member apps_delete" "POST+DELETE /api/v1/apps" \
  "$base/api/v1/apps" bench/apps_create_delete.lua
drop_bench_apps
make_patch_targets
run apps_update "me member apps_update" "PATCH /api/v1/apps/{id}" "$base/api/v1/apps" \
  bench/apps_update.lua "$patch_base"
drop_bench_apps
run apps_create "me apps_create" "POST /api/v1/apps" "$base/api/v1/apps" bench/apps_create.lua 64
drop_bench_apps
run refresh "refresh" "POST /auth/token/refresh" "$base/api/v1/auth/token/refresh" bench/refresh.lua
"$tool" sign-webhooks 200000 "$webhook_secret" "$work/events"
run webhook "webhook" "POST /billing/webhook" "$base/api/v1/billing/webhook" bench/webhook.lua
for key in admin_search admin_filter admin_order; do
  read -r p1 pmid plast <<<"$(admin_pages "$key")"
  for depth in p1 mid last; do
    case $depth in p1) page=$p1 ;; mid) page=$pmid ;; last) page=$plast ;; esac
    tokens_file="$work/admin_token" run "${key}_$depth" "me ${key}_$depth" \
      "GET admin/users ${admin_query[$key]} page $page" \
      "$base/api/v1/admin/users?${admin_query[$key]}&page=$page" bench/me.lua
  done
  for depth in mid last; do
    page=$([ $depth = mid ] && echo "$pmid" || echo "$plast")
    [ "$page" -gt 1 ] || continue
    tokens_file="$work/admin_token" run "${key}_${depth}_link" "me ${key}_${depth}_link" \
      "GET admin/users ${admin_query[$key]} page $page by link" \
      "$base/api/v1/admin/users?${admin_query[$key]}&page=$page&cursor=$(admin_cursor "$key" "$page")" \
      bench/me.lua
  done
done

# --- report -------------------------------------------------------------------------------------
# The p99 of the same route at 10,000 users: make bench's newest result, else (for the routes it
# does not measure) the newest make bench-scale result at 10,000 users, matched by route key.
bench_json=$(ls bench/results/[0-9]*.json 2>/dev/null | sort | tail -n 1 || true)
scale_json=""
for f in $(ls bench/results/scale-*.json 2>/dev/null | sort -r); do
  # Its user count includes make bench's superuser.
  case "$(jq -r '.users' "$f" 2>/dev/null)" in 10000 | 10001) scale_json=$f; break ;; esac
done
p99_at_10k() {  # NAME KEY
  local v=""
  [ -n "$bench_json" ] && v=$(jq -r --arg e "$1" '.results[] | select(.endpoint == $e) | .p99_ms' "$bench_json")
  [ -z "$v" ] && [ -n "$scale_json" ] &&
    v=$(jq -r --arg k "$2" '.results[] | select(.key == $k) | .p99_ms' "$scale_json")
  [[ $v =~ ^[0-9.]+$ ]] && echo "$v" || echo ""
}

table=()
for row in "${rows[@]}"; do
  IFS='|' read -r name rps p50 p99 errors <<<"$row"
  key=${route_key[$name]}
  base_p99=$(p99_at_10k "$name" "$key")
  r=$([ -n "$base_p99" ] && ratio "$p99" "$base_p99" || echo "")
  if [ -z "$base_p99" ]; then status="no 10k figure"; else status=$(verdict le "$r" 2); fi
  plans=ok
  for k in ${route_plans[$name]}; do
    [ "${plan_verdict[$k]:-ok}" = ok ] || plans="SEQ SCAN"
  done
  table+=("$name|$key|$rps|$p50|$p99|$errors|$base_p99|$r|$status|$plans")
done

bench_machine
report() {
  printf 'make bench-scale: %s users, %s apps, %s memberships, %s subscriptions; seeded in %s s\n' \
    "$n_users" "$n_apps" "$n_members" "$n_subs" "$seed_seconds"
  printf 'p99 at 10k from: %s%s\n' "${bench_json:-none}" "${scale_json:+ (and $scale_json)}"
  printf '\n%-46s %9s %8s %8s %6s %10s %6s  %-14s %s\n' endpoint req/s p50ms p99ms errors \
    "p99 at 10k" ratio "p99 ≤ 2×" plans
  for row in "${table[@]}"; do
    IFS='|' read -r name key rps p50 p99 errors base_p99 r status plans <<<"$row"
    printf '%-46s %9s %8s %8s %6s %10s %6s  %-14s %s\n' "$name" "$rps" "$p50" "$p99" "$errors" \
      "${base_p99:-}" "${r:-}" "$status" "$plans"
  done
  printf '\n'
  plan_table
  printf 'machine: %s cores (%s), %s, %s; wrk -t%s -c%s -d%s\n' "$(nproc)" "$cpu" "$mem" \
    "$(uname -r)" "$threads" "$connections" "$duration"
}
report

mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
{ report; printf '\n=== plans (EXPLAIN ANALYZE, BUFFERS) ===\n\n'; cat "$plans_file"; } \
  >"bench/results/scale-$stamp.txt"
json="bench/results/scale-$stamp.json"
{
  printf '{"machine": {"cores": %s, "cpu": "%s", "memory": "%s", "kernel": "%s"},\n' \
    "$(nproc)" "$cpu" "$mem" "$(uname -r)"
  printf ' "commit": "%s", "connections": %s, "duration": "%s", "threads": %s,\n' \
    "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$connections" "$duration" "$threads"
  printf ' "users": %s, "apps": %s, "memberships": %s, "subscriptions": %s, "seed_seconds": %s,\n' \
    "$n_users" "$n_apps" "$n_members" "$n_subs" "$seed_seconds"
  printf ' "p99_at_10k_from": "%s",\n "results": [\n' "${bench_json:-}${scale_json:+ $scale_json}"
  sep=""
  for row in "${table[@]}"; do
    IFS='|' read -r name key rps p50 p99 errors base_p99 r status plans <<<"$row"
    printf '%s  {"endpoint": "%s", "key": "%s", "requests_per_second": %s, "p50_ms": %s, "p99_ms": %s, "errors": %s, "p99_at_10k_ms": %s, "ratio": %s, "verdict": "%s", "plans": "%s"}' \
      "$sep" "$name" "$key" "$(num "$rps")" "$(num "$p50")" "$(num "$p99")" "$(num "$errors")" \
      "$(num "$base_p99")" "$(num "$r")" "$status" "$plans"
    sep=$',\n'
  done
  printf '\n ],\n "plans": [\n'
  sep=""
  for row in "${plan_rows[@]}"; do
    IFS='|' read -r key what v ms <<<"$row"
    printf '%s  {"key": "%s", "statement": "%s", "verdict": "%s", "ms": %s}' "$sep" "$key" "$what" "$v" "$(num "$ms")"
    sep=$',\n'
  done
  printf '\n]}\n'
} >"$json"
echo "written: bench/results/scale-$stamp.txt, $json"
