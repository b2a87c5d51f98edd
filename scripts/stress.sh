#!/usr/bin/env bash
# What make stress runs: the long versions of the hardening tests, each
# printing its own figures, then one summary line each.
#
#   scripts/stress.sh BUILD
#
#   1. every fuzzer for QUARRY_FUZZ_RUNS executions (default 5,000,000),
#      in BUILD-fuzz, both cores (scripts/fuzz.sh)
#   2. the hostile table behind nginx, long: 256 slowloris sockets for 30 s,
#      a 60 s wrk run, 200,000 mixed requests (10% hostile) with RSS from
#      the 20,000th to the last (tests/deploy/front_test.py --stress)
#   3. 50 kill -9 at random moments, and writes failing after every N
#      (tests/indexer/crash_test.py --kills 50)
#   4. quarry-serve under memory limits (tests/web/memory_limit_test.py)
# QUARRY_STRESS_PARTS="front crash" runs only those parts (default: all
# four, in that order). Seeds are printed; exit 1 if any part failed.
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 BUILD" >&2; exit 2; }
build="$(cd "$1" && pwd)"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$build/stress"
mkdir -p "$work"
declare -A result
read -r -a parts <<< "${QUARRY_STRESS_PARTS:-fuzz front crash memory}"

run() {  # NAME COMMAND...
  local name=$1; shift
  [[ " ${parts[*]} " == *" $name "* ]] || return 0
  echo "== $name: $*"
  local start=$SECONDS
  if "$@"; then result[$name]="ok ($((SECONDS - start)) s)"; else result[$name]="FAILED ($((SECONDS - start)) s)"; fi
}

run fuzz "$root/scripts/fuzz.sh" --jobs 2 "$build-fuzz" "${QUARRY_FUZZ_RUNS:-5000000}"
run front python3 "$root/tests/deploy/front_test.py" --stress --serve "$build/quarry-serve" \
  --index "$build/quarry-index" --corpus "$root/corpus" --work "$work/front"
run crash python3 "$root/tests/indexer/crash_test.py" --kills 50 --index "$build/quarry-index" \
  --serve "$build/quarry-serve" --shim "$build/tests/indexer/libquarry_fail_writes_shim.so" \
  --corpus "$root/corpus" --work "$work/crash"
run memory python3 "$root/tests/web/memory_limit_test.py" --serve "$build/quarry-serve" \
  --index "$build/quarry-index" --corpus "$root/corpus" --work "$work/memory"

echo "== stress summary"
failed=0
for name in "${parts[@]}"; do
  echo "  $name: ${result[$name]}"
  [[ "${result[$name]}" == ok* ]] || failed=1
done
exit $failed
