#!/usr/bin/env bash
# Validates `plangate openapi` with an independent OpenAPI validator (@apidevtools/swagger-parser,
# pinned in web/swagger/package-lock.json and installed into the build tree by the build).
set -euo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
"$build/plangate" openapi >"$build/openapi.json"
cp "$src/web/swagger/validate-openapi.mjs" "$build/web/validate-openapi.mjs"
node "$build/web/validate-openapi.mjs" "$build/openapi.json"
