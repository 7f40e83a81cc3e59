#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang, ASan + UBSan) into build-fuzz/ and runs each for a
# while. Fails when any target finds a crash, a sanitizer report, a leak or a timeout.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   SECONDS per target (default 60); all targets by default
#
# Each target runs on a temporary copy of its committed corpus (new inputs land there, so the
# checkout stays clean) with fuzz/corpus/<target> as a read-only seed. Crashing inputs are kept
# under build-fuzz/artifacts/; reproduce one with build-fuzz/fuzz_<target> <file>.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
# libFuzzer reads 0 or a negative time as "run forever".
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(requests jwt stripe_signature cookies query oidc_jose)
build=${FUZZ_BUILD:-build-fuzz}
jobs=${JOBS:-2}

bash scripts/install-deps.sh clang libclang-rt-14-dev

started=$(date +%s)
cmake -S fuzz -B "$build" -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$build" -j "$jobs"
echo "fuzz: build took $(( $(date +%s) - started )) s"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/artifacts" "$build/logs"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for t in "${targets[@]}"; do
  seeds=fuzz/corpus/$t
  [ -d "$seeds" ] || { echo "fuzz: no corpus for $t" >&2; exit 1; }
  mkdir -p "$work/$t"
  cp -R "$seeds/." "$work/$t/"
  dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  log=$build/logs/$t.log
  echo "fuzz: $t for ${seconds}s"
  if "$build/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$build/artifacts/$t-" "${dict[@]}" \
      "$work/$t" "$seeds" >"$log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 | sed "s/^/  /"
  else
    echo "fuzz: $t FAILED (log: $log)" >&2
    tail -n 60 "$log" >&2
    failed+=("$t")
  fi
done

echo "fuzz: total $(( $(date +%s) - started )) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failing targets: ${failed[*]}; inputs in $build/artifacts/" >&2
  exit 1
fi
