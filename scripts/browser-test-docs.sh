#!/usr/bin/env bash
# Loads /api/docs in Debian's headless Chromium and checks that Swagger UI rendered the schema's
# operations. This machine reaches no CDN, so a page that needed one would render nothing.
# Usage: browser-test-docs.sh BUILD
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
browser=$(command -v chromium || true)
[ -n "$browser" ] || { echo "browser-test: chromium is not installed (scripts/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=scripts/serve-lib.sh
source "$(dirname "$0")/serve-lib.sh"
start_plangate "$build/plangate" "$work" DATABASE_URL="sqlite:///$work/docs.db"

# --virtual-time-budget lets the page's scripts run (fetch /api/schema, render) before the dump.
dom=$("$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --virtual-time-budget=15000 \
  --dump-dom "http://127.0.0.1:$port/api/docs" 2>"$work/chromium.log")

fail=0
for needle in 'class="swagger-ui' 'opblock' '/api/v1/auth/login' '/api/v1/apps/{id}/collaborators' \
              '/api/v1/billing/webhook' '/api/v1/admin/users'; do
  if ! grep -qF -- "$needle" <<<"$dom"; then
    echo "browser-test: rendered page lacks $needle" >&2
    fail=1
  fi
done
ops=$(grep -o 'opblock-summary-path' <<<"$dom" | wc -l)
echo "browser-test: Swagger UI rendered $ops operations in headless Chromium"
[ "$fail" -eq 0 ] && [ "$ops" -ge 30 ]
