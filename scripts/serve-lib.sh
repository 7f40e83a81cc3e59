# Sourced by scripts that need a running `plangate serve` (bench, browser test).
#
#   start_plangate BINARY WORKDIR [NAME=VALUE ...]
#     runs BINARY serve in WORKDIR with only PATH and the given variables (so nothing from the
#     caller's environment leaks in), on 127.0.0.1 and an ephemeral port; logs to
#     WORKDIR/server.log and server.err; sets server_pid and port once it listens.
start_plangate() {
  local binary=$1 dir=$2
  shift 2
  (cd "$dir" && exec env -i PATH="$PATH" BIND=127.0.0.1:0 "$@" "$binary" serve \
    >"$dir/server.log" 2>"$dir/server.err") &
  server_pid=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*"event":"server.started".*"port":\([0-9]*\).*/\1/p' "$dir/server.log" | head -n 1)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "plangate did not start:" >&2
  cat "$dir/server.log" "$dir/server.err" >&2
  return 1
}
