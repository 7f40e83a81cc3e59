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
    # And the check can fail: a document whose User names app_count differently, and whose app
    # list takes no page_size, must break the type check.
    trap 'PLANGATE_OPENAPI="$build/openapi.json" npm run --silent gen:api >/dev/null' EXIT
    node -e '
      const fs = require("fs");
      const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      const user = doc.components.schemas.User;
      user.properties.app_total = user.properties.app_count;
      delete user.properties.app_count;
      user.required = user.required.map((f) => (f === "app_count" ? "app_total" : f));
      const list = doc.paths["/api/v1/apps"].get;
      list.parameters = list.parameters.filter((p) => p.name !== "page_size");
      fs.writeFileSync(process.argv[2], JSON.stringify(doc));
    ' "$build/openapi.json" "$build/openapi-drifted.json"
    PLANGATE_OPENAPI="$build/openapi-drifted.json" npm run --silent gen:api >/dev/null
    if out=$(npm run --silent typecheck 2>&1); then
      echo "web-test: tsc accepted a document the app disagrees with" >&2
      exit 1
    fi
    for needle in app_count page_size; do
      grep -q "$needle" <<<"$out" || { echo "web-test: tsc did not flag $needle:" >&2; echo "$out" >&2; exit 1; }
    done
    echo "web-test: tsc fails on a drifted document, as it must"
    ;;
  e2e)
    [ -f dist/index.html ] || { echo "web-test: web/dist missing: run make web" >&2; exit 1; }
    [ -n "${PLANGATE_TEST_PG_URL:-}" ] || { echo "web-test: PLANGATE_TEST_PG_URL unset: run through scripts/pg-test.sh (make test)" >&2; exit 1; }
    PLANGATE_BINARY="$build/plangate" npx --no-install playwright test
    ;;
  *) echo "usage: web-test.sh checks|e2e BUILD" >&2; exit 2 ;;
esac
