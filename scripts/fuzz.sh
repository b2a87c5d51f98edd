#!/usr/bin/env bash
# Builds the libFuzzer fuzzers of tests/fuzz (clang++, ASan and UBSan) and
# runs each on its seed corpus.
#
#   scripts/fuzz.sh [OPTIONS] BUILD_DIR RUNS_PER_FUZZER   each fuzzer for that many executions
#   scripts/fuzz.sh [OPTIONS] --time SECONDS BUILD_DIR    each fuzzer for that long instead
#
# Options (or their environment variables):
#   --time SECONDS   QUARRY_FUZZ_SECONDS    run by time (-max_total_time), not by count
#   --keep-corpus    QUARRY_FUZZ_KEEP=1     grow BUILD_DIR/fuzz/corpus/NAME from run to run
#                                           (long runs); without it each run starts from the
#                                           seeds alone, so a short run stays short
#   --jobs N         QUARRY_FUZZ_JOBS=N     run N fuzzers at once (default 1)
#   QUARRY_FUZZERS="query_fuzzer ..."       only those fuzzers
#
# The seeds are made afresh from the repository's fixtures
# (tests/fuzz/make_seeds.py) into BUILD_DIR/fuzz/seeds. Each fuzzer logs to
# BUILD_DIR/fuzz/logs/NAME.log and writes what it finds to
# BUILD_DIR/fuzz/artifacts/NAME/ (replay one: BUILD_DIR/tests/fuzz/NAME FILE).
#
# Prints one line a fuzzer (name, executions, seconds, executions a
# second, result) and exits 1 when any found a crash, a sanitizer finding,
# a leak, a timeout or a broken invariant, naming the input that shows it.
set -euo pipefail

usage() {
  echo "usage: $0 [--keep-corpus] [--jobs N] BUILD_DIR RUNS_PER_FUZZER" >&2
  echo "       $0 [--keep-corpus] [--jobs N] --time SECONDS BUILD_DIR" >&2
  exit 2
}

seconds="${QUARRY_FUZZ_SECONDS:-}"
keep="${QUARRY_FUZZ_KEEP:-}"
jobs="${QUARRY_FUZZ_JOBS:-1}"
while [[ "${1:-}" == --* ]]; do
  case "$1" in
    --time) [[ $# -ge 2 ]] || usage; seconds="$2"; shift 2 ;;
    --keep-corpus) keep=1; shift ;;
    --jobs) [[ $# -ge 2 ]] || usage; jobs="$2"; shift 2 ;;
    *) usage ;;
  esac
done
build="${1:-}"
runs="${2:-}"
[[ -n "$build" && "$jobs" =~ ^[1-9][0-9]*$ ]] || usage
if [[ -n "$seconds" ]]; then
  [[ "$seconds" =~ ^[0-9]+$ && -z "$runs" ]] || usage
else
  [[ "$runs" =~ ^[0-9]+$ ]] || usage
fi

src="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$build"
build="$(cd "$build" && pwd)"
all_fuzzers=(markdown_reader_fuzzer jsonl_reader_fuzzer delimited_reader_fuzzer bank_shape_fuzzer
             query_fuzzer search_params_fuzzer)
read -r -a fuzzers <<< "${QUARRY_FUZZERS:-${all_fuzzers[*]}}"

# The longest input each takes: a bank file, a folder of a few, a query
# and its fields, a request head.
max_len() {
  case "$1" in
    query_fuzzer) echo 1100 ;;  # past SearchRequest::kMaxQueryBytes
    search_params_fuzzer) echo 2048 ;;
    bank_shape_fuzzer) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

command -v clang++ >/dev/null ||
  { echo "fuzz: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }

echo "fuzz: configuring and building the fuzzers in $build"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DQUARRY_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzzers -- -j "$(nproc)" >"$build/fuzz-build.log" 2>&1 ||
  { tail -40 "$build/fuzz-build.log" >&2; echo "fuzz: build failed ($build/fuzz-build.log)" >&2; exit 1; }

work="$build/fuzz"
echo "fuzz: seeds from the repository's fixtures into $work/seeds"
python3 "$src/tests/fuzz/make_seeds.py" "$src" "$work/seeds"

# The fuzzers' own temporary files (the query fuzzer's index, the bank
# fuzzer's folders), in memory when /dev/shm is there; removed at the end,
# whatever a crash left.
tmp_parent=/dev/shm
[[ -d "$tmp_parent" && -w "$tmp_parent" ]] || tmp_parent="$work"
tmp="$(mktemp -d "$tmp_parent/quarry-fuzz.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"

# What a log says the run ended with.
outcome() {
  local log="$1"
  if grep -q "INVARIANT BROKEN" "$log"; then echo "broken invariant"
  elif grep -q "ERROR: libFuzzer: timeout" "$log"; then echo "timeout"
  elif grep -q "ERROR: LeakSanitizer" "$log"; then echo "leak"
  elif grep -q "ERROR: libFuzzer: out-of-memory" "$log"; then echo "out of memory"
  elif grep -q "ERROR: AddressSanitizer" "$log"; then
    echo "AddressSanitizer: $(grep -m1 -o 'AddressSanitizer: [a-z-]*' "$log" | cut -d' ' -f2)"
  elif grep -q "runtime error:" "$log"; then echo "UndefinedBehaviorSanitizer"
  elif grep -q "ERROR: libFuzzer: deadly signal" "$log"; then echo "crash"
  else echo "failed (see the log)"
  fi
}

# Runs fuzzer $1; its summary line goes to $work/results/$1.
run_fuzzer() {
  local name="$1"
  local corpus="$work/corpus/$name"
  local artifacts="$work/artifacts/$name"
  local log="$work/logs/$name.log"
  [[ -n "$keep" ]] || rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")" "$tmp/$name"
  local budget=(-runs="$runs")
  [[ -n "$seconds" ]] && budget=(-max_total_time="$seconds")
  local start status=0
  start=$(date +%s.%N)
  TMPDIR="$tmp/$name" "$build/tests/fuzz/$name" "${budget[@]}" \
    -max_len="$(max_len "$name")" -timeout=20 -rss_limit_mb=2048 -detect_leaks=1 \
    -dict="$src/tests/fuzz/$name.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "$corpus" "$work/seeds/$name" >"$log" 2>&1 || status=$?
  local elapsed execs rate result crash
  elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  execs=$(grep -o '^stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  [[ -n "$execs" ]] || execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
  execs=${execs:-0}
  rate=$(awk -v n="$execs" -v s="$elapsed" 'BEGIN { printf "%d", (s > 0 ? n / s : 0) }')
  if [[ $status -eq 0 ]]; then
    result=ok
  else
    crash=$(grep -o 'Test unit written to .*' "$log" | tail -1 | sed 's/Test unit written to //' || true)
    result="FAILED: $(outcome "$log")${crash:+, input $crash}; log $log"
  fi
  printf '%-26s %12s %9s %10s  %s\n' "$name" "$execs" "$elapsed" "$rate" "$result" >"$work/results/$name"
}

rm -rf "$work/results"
mkdir -p "$work/results"
running=0
for name in "${fuzzers[@]}"; do
  [[ -x "$build/tests/fuzz/$name" ]] || { echo "fuzz: no fuzzer $name" >&2; exit 2; }
  if (( running >= jobs )); then
    wait -n || true
    running=$((running - 1))
  fi
  run_fuzzer "$name" &
  running=$((running + 1))
done
wait || true

failed=0
printf '%-26s %12s %9s %10s  %s\n' fuzzer executions seconds "exec/s" result
for name in "${fuzzers[@]}"; do
  cat "$work/results/$name"
  grep -q "  ok$" "$work/results/$name" || failed=1
done
exit $failed
