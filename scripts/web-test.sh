#!/usr/bin/env bash
# The web app's tests, run by ctest (make test builds web/dist first with `make web`).
#   web-test.sh checks BUILD   ESLint, and tsc against BUILD's own OpenAPI document
#   web-test.sh e2e BUILD      Playwright in Debian's Chromium against BUILD/plangate, on SQLite
#                              and on the PostgreSQL cluster of PLANGATE_TEST_PG_URL
set -euo pipefail
mode=$1
build=$(cd "${2:-build}" && pwd)
web=$(cd "$(dirname "$0")/../web" && pwd)
cd "$web"
[ -d node_modules ] || { echo "web-test: web/node_modules missing: run make web" >&2; exit 1; }
case "$mode" in
  checks)
    "$build/plangate" openapi >"$build/openapi.json"
    PLANGATE_OPENAPI="$build/openapi.json" npm run --silent gen:api
    npm run --silent typecheck
    npm run --silent lint
    echo "web-test: lint and types OK against $build/openapi.json"
    ;;
  e2e)
    [ -f dist/index.html ] || { echo "web-test: web/dist missing: run make web" >&2; exit 1; }
    [ -n "${PLANGATE_TEST_PG_URL:-}" ] || { echo "web-test: PLANGATE_TEST_PG_URL unset: run through scripts/pg-test.sh (make test)" >&2; exit 1; }
    PLANGATE_BINARY="$build/plangate" npx --no-install playwright test
    ;;
  *) echo "usage: web-test.sh checks|e2e BUILD" >&2; exit 2 ;;
esac
