#!/usr/bin/env bash
# Dependencies in src/ point down only (README "Layout"): core, then http and db, then mail, ops
# and users (the identity every feature shares), then the features (auth, apps, billing, admin,
# which do not include each other), then app (the composition root), then cli and main. Reads every #include "dir/..." and every
# `namespace plangate::dir {` (a forward declaration into another folder) and fails on an edge
# that does not point down, unless scripts/layers-debt.txt lists it: the edges issue #19 still
# has to remove. A listed edge that no longer exists fails too, so the list only shrinks.
#   check-layers.sh [SRC_DIR [DEBT_FILE]]     check-layers.sh --self-test
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" = "--self-test" ]; then
  # The check can fail: an upward include, a sideways one, an upward forward declaration, and a
  # stale debt line are each refused; a clean tree passes.
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/src/core" "$tmp/src/http" "$tmp/src/auth" "$tmp/src/apps" "$tmp/src/app"
  echo '#include "core/text.h"' >"$tmp/src/http/a.h"
  echo '#include "http/a.h"' >"$tmp/src/auth/b.h"
  echo '#include "auth/b.h"' >"$tmp/src/app/c.cpp"
  : >"$tmp/debt"
  bash "$0" "$tmp/src" "$tmp/debt" >/dev/null || { echo "self-test: a clean tree failed" >&2; exit 1; }
  expect_failure() {
    if bash "$0" "$tmp/src" "$tmp/debt" >/dev/null 2>&1; then
      echo "self-test: $1 was not refused" >&2
      exit 1
    fi
  }
  echo '#include "app/c.h"' >"$tmp/src/core/up.h"
  expect_failure "an upward include"
  rm "$tmp/src/core/up.h"
  echo '#include "apps/d.h"' >"$tmp/src/auth/side.cpp"
  expect_failure "a feature including another feature"
  echo 'auth/side.cpp -> apps' >"$tmp/debt"
  bash "$0" "$tmp/src" "$tmp/debt" >/dev/null || { echo "self-test: a listed edge failed" >&2; exit 1; }
  rm "$tmp/src/auth/side.cpp"
  expect_failure "a stale debt line"
  : >"$tmp/debt"
  printf 'namespace plangate::auth {\nstruct UserView;\n}\n' >"$tmp/src/http/fwd.h"
  expect_failure "an upward forward declaration"
  echo "check-layers: self-test OK"
  exit 0
fi

src=${1:-$here/../src}
debt=${2:-$here/layers-debt.txt}
declare -A rank=([core]=0 [http]=1 [db]=1 [mail]=2 [ops]=2 [users]=2 [auth]=3 [apps]=3 [billing]=3
                 [admin]=3 [app]=4 [cli]=5)

found=$(mktemp)
trap 'rm -f "$found"' EXIT
cd "$src"
while IFS= read -r file; do
  from=${file%%/*}
  [ -n "${rank[$from]:-}" ] || { echo "check-layers: $from/ has no layer (add it here)" >&2; exit 1; }
  {
    grep -o '^#include "[a-z_]*/' "$file" | sed 's/^#include "//; s/\/$//' || true
    grep -o '^namespace plangate::[a-z_]*' "$file" | sed 's/^namespace plangate:://' || true
  } | sort -u | while IFS= read -r to; do
    [ "$to" = "$from" ] && continue
    [ -n "${rank[$to]:-}" ] || continue  # "generated/" and the like
    if [ "${rank[$to]}" -ge "${rank[$from]}" ]; then echo "$file -> $to"; fi
  done
done < <(find . -mindepth 2 -name '*.h' -o -mindepth 2 -name '*.cpp' | sed 's|^\./||' | sort) \
  | sort -u >"$found"

listed=$(grep -v '^\s*\(#\|$\)' "$debt" | sort -u || true)
new=$(comm -23 "$found" <(echo "$listed") | sed '/^$/d')
paid=$(comm -13 "$found" <(echo "$listed") | sed '/^$/d')
status=0
if [ -n "$new" ]; then
  echo "check-layers: these point up or sideways (see README \"Layout\"):" >&2
  echo "$new" | sed 's/^/  /' >&2
  status=1
fi
if [ -n "$paid" ]; then
  echo "check-layers: these are gone: remove them from $(basename "$debt"):" >&2
  echo "$paid" | sed 's/^/  /' >&2
  status=1
fi
[ $status = 0 ] && echo "check-layers: $(wc -l <"$found") listed edges, no new one"
exit $status
