#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks, from Debian's postgresql
# package. Runs the server as the postgres user when invoked as root (initdb refuses root).
#
#   pg-test.sh run -- CMD...   start a cluster in a temp dir, run CMD with PLANGATE_TEST_PG_URL
#                              set, stop and delete the cluster afterwards (also when CMD fails)
#   pg-test.sh start DIR       create (first time) and start a cluster in DIR; prints its URL.
#                              A restart reuses DIR's data and port.
#   pg-test.sh stop DIR        stop the cluster in DIR (fast shutdown), and its PgBouncer
#   pg-test.sh bouncer DIR     start PgBouncer (below) in front of the cluster in DIR; prints its
#                              URL
#
# `run` also starts Debian's PgBouncer in front of the cluster in transaction pooling mode, four
# server connections per database, as managed PostgreSQL offerings deploy it, and exports its URL
# as PLANGATE_TEST_PGBOUNCER_URL (any database name of the cluster, user postgres).
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || { echo "pg-test: PostgreSQL server binaries not found; run scripts/install-deps.sh" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free port below the kernel's ephemeral range: a port inside it can be taken as the local end of
# some outgoing connection while the cluster is stopped, and a restart then cannot bind it.
pick_port() {
  local low port
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 12000 ] || low=32768
  for _ in $(seq 1 50); do
    port=$(( 10000 + RANDOM % (low - 10000) ))
    port_free "$port" && break
  done
  echo "$port"
}

start() {
  local dir=$1
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
  if [ ! -f "$dir/port" ]; then
    local port
    port=$(pick_port)
    as_pg "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 128MB
CONF
    # Tests trade durability for speed; PG_TEST_DURABILITY=default (the benchmarks) keeps
    # PostgreSQL's own: every acknowledged commit flushed to disk.
    case ${PG_TEST_DURABILITY:-fast} in
      fast) printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$dir/data/postgresql.conf" ;;
      default) ;;
      *) echo "pg-test: PG_TEST_DURABILITY must be fast or default" >&2; exit 2 ;;
    esac
    echo "$port" >"$dir/port"
  fi
  # What this start writes to the log (pg_ctl appends), shown when it fails.
  local logged
  logged=$(stat -c %s "$dir/server.log" 2>/dev/null || echo 0)
  if ! as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null; then
    tail -c +$((logged + 1)) "$dir/server.log" | tail -n 20 >&2 || true
    exit 1
  fi
  echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres"
}

stop() {
  local dir=$1
  [ -d "$dir/data" ] || return 0
  as_pg "$pgbin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
}

# PgBouncer in front of the cluster in DIR, on a port of its own; prints its URL.
start_bouncer() {
  local dir=$1 port
  command -v pgbouncer >/dev/null || { echo "pg-test: pgbouncer not found; run scripts/install-deps.sh" >&2; exit 1; }
  port=$(pick_port)
  cat >"$dir/pgbouncer.ini" <<CONF
[databases]
* = host=127.0.0.1 port=$(cat "$dir/port") user=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = any
pool_mode = transaction
default_pool_size = 4
max_client_conn = 4000
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
CONF
  as_pg pgbouncer -d -q "$dir/pgbouncer.ini"
  for _ in $(seq 1 100); do
    port_free "$port" || { echo "postgres://postgres@127.0.0.1:$port/postgres"; return 0; }
    sleep 0.05
  done
  echo "pg-test: pgbouncer did not start (see $dir/pgbouncer.log)" >&2
  exit 1
}

stop_bouncer() {
  local dir=$1
  [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
}

case "${1:-}" in
  start) start "$2" ;;
  stop) stop_bouncer "$2"; stop "$2" ;;
  bouncer) start_bouncer "$2" ;;
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    dir=$(mktemp -d /tmp/plangate-pg.XXXXXX)
    trap 'stop_bouncer "$dir"; stop "$dir"; rm -rf "$dir"' EXIT
    PLANGATE_TEST_PG_URL=$(start "$dir")
    PLANGATE_TEST_PGBOUNCER_URL=$(start_bouncer "$dir")
    export PLANGATE_TEST_PG_URL PLANGATE_TEST_PGBOUNCER_URL
    "$@"
    ;;
  *) echo "usage: pg-test.sh run -- CMD... | start DIR | stop DIR | bouncer DIR" >&2; exit 2 ;;
esac
