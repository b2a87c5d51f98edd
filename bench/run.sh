#!/usr/bin/env bash
# make bench: Quarry's speed and memory side by side with SQLite FTS5, on
# the Debian package descriptions of this machine, and the seed bank; over
# HTTP against the /ping ceiling of the same httplib set-up. Prints one
# table (bench/README.md says what each figure is).
#
# usage: bench/run.sh [BUILD] [--tiny] [--out DIR]
#   BUILD   the CMake build folder (default: build); the programs it lacks
#           are built there
#   --tiny  the whole pipeline on a tiny corpus (the seed bank's 430
#           questions) with short runs, in seconds: what `make test` runs
#           so that this script cannot rot. BENCH_TINY=1 does the same.
#   --out   where everything goes (default: BUILD/bench, BUILD/bench-tiny)
# Environment, all optional:
#   BENCH_QUERIES=2000      queries in the log (tiny: 200)
#   BENCH_SEED=5            the query log's random seed
#   BENCH_DURATION=10       seconds per wrk run (tiny: 1)
#   BENCH_SERVE_THREADS=N   worker threads of quarry-serve and bench-ping
#                           (default: quarry-serve's own default)
#   BENCH_COMMIT=TEXT       what the header names as measured (default: the
#                           git commit, "+ uncommitted changes" when dirty)
#
# Installs what it lacks (scripts/install-deps.sh --bench: sqlite3,
# libsqlite3-dev, wrk, python3). Every server listens on 127.0.0.1 on a
# port the system picks; every load run is bounded by its duration.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

build=build
tiny="${BENCH_TINY:-0}"
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tiny) tiny=1 ;;
    --out) out="${2:?--out needs a folder}"; shift ;;
    -*) echo "usage: bench/run.sh [BUILD] [--tiny] [--out DIR]" >&2; exit 2 ;;
    *) build="$1" ;;
  esac
  shift
done
if [ "$tiny" = 1 ]; then
  queries="${BENCH_QUERIES:-200}"
  duration="${BENCH_DURATION:-1}"
  warmup=0
  out="${out:-$build/bench-tiny}"
else
  queries="${BENCH_QUERIES:-2000}"
  duration="${BENCH_DURATION:-10}"
  warmup=2
  out="${out:-$build/bench}"
fi
seed="${BENCH_SEED:-5}"
threads="${BENCH_SERVE_THREADS:-}"
results="$out/results"
started=$(date +%s)
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
# What is measured: the commit, and whether the work tree differs from it.
commit="${BENCH_COMMIT:-}"
if [ -z "$commit" ] && git rev-parse --short HEAD >/dev/null 2>&1; then
  commit="$(git rev-parse --short HEAD)"
  [ -z "$(git status --porcelain --untracked-files=no)" ] || commit="$commit + uncommitted changes"
fi

say() { echo "bench: $*" >&2; }

# ---- Packages and programs ------------------------------------------------
# An installer's output goes to stderr: stdout is the table.
scripts/install-deps.sh --bench >&2
if [ ! -f "$build/CMakeCache.txt" ] || ! grep -q '^SQLite3_INCLUDE_DIR:PATH=/' "$build/CMakeCache.txt"; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target quarry-index quarry-serve \
  bench-quarry bench-fts5 bench-ping bench-xapian bench-report >/dev/null
bin="$(cd "$build" && pwd)"

mkdir -p "$out"
rm -rf "$results"
mkdir -p "$results"

# ---- Servers: started in the background, always stopped -------------------
server_pid=""
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
trap stop_server EXIT

# start_server LOG COMMAND...: runs COMMAND, waits (at most 30 s) for its
# "listening on http://..." line and sets $url.
start_server() {
  local log="$1"
  shift
  : >"$log"
  "$@" >"$log" 2>&1 &
  server_pid=$!
  url=""
  for _ in $(seq 300); do
    url="$(grep -o 'listening on http://[^ ]*' "$log" | head -1 | sed 's/^listening on //')" || true
    [ -n "$url" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  say "server did not start: $*"
  cat "$log" >&2
  exit 1
}

# load NAME CONNECTIONS SOURCE: one wrk run (2 threads) against $url,
# SOURCE being a query log or a fixed path; its JSON goes to
# results/http-NAME.json.
load() {
  local name="$1" connections="$2" source="$3"
  wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s bench/wrk_queries.lua "$url" \
    -- "$source" >"$out/wrk-$name.txt" 2>&1 || { cat "$out/wrk-$name.txt" >&2; exit 1; }
  grep '^BENCH_JSON ' "$out/wrk-$name.txt" | sed 's/^BENCH_JSON //' >"$results/http-$name.json"
  say "  $name: $(grep -o '"requests_per_second": [0-9.]*' "$results/http-$name.json")"
}

warm() {
  [ "$warmup" -gt 0 ] || return 0
  wrk -t2 -c16 -d"${warmup}s" --timeout 5s -s bench/wrk_queries.lua "$url" -- "$1" >/dev/null 2>&1
}

# serve_and_load NAME SOURCE COMMAND...: 16 then 64 connections.
serve_and_load() {
  local name="$1" source="$2"
  shift 2
  start_server "$out/server-$name.log" "$@"
  warm "$source"
  load "$name-c16" 16 "$source"
  load "$name-c64" 64 "$source"
  stop_server
}

# ---- The corpora and the query logs ---------------------------------------
if [ "$tiny" = 1 ]; then
  corpus=(corpus/interview-questions.md)
  corpus_name="Tiny corpus (the seed bank as one file)"
else
  say "converting the Debian package lists"
  python3 bench/debian_corpus "$out/debian.jsonl"
  corpus=("$out/debian.jsonl")
  corpus_name="Debian packages"
fi
corpus_bytes=$(cat "${corpus[@]}" | wc -c)
"$bin/bench-quarry" queries --corpus "${corpus[@]}" --count "$queries" --seed "$seed" \
  --out "$out/queries.tsv"
"$bin/bench-quarry" queries --corpus corpus/ --count "$queries" --seed "$seed" \
  --out "$out/seed-queries.tsv"

# ---- In process ------------------------------------------------------------
say "Quarry: index build"
# The whole pipeline quarry-index runs: the seed corpus's data files applied
# to the bench corpus (synonyms, concepts, types, topics, filler words).
"$bin/bench-quarry" build --corpus "${corpus[@]}" --synonyms corpus/synonyms.txt \
  --concepts corpus/concepts.txt --types corpus/question_types.txt --topics corpus/topics.txt \
  --fillers corpus/filler_words.txt --db "$out/quarry-index" >"$results/debian-quarry-build.json"
say "plain Xapian (the HTTP peer): index build"
"$bin/bench-xapian" build --corpus "${corpus[@]}" --db "$out/xapian-index" \
  >"$results/debian-xapian-build.json"
say "FTS5: index build"
"$bin/bench-fts5" build --corpus "${corpus[@]}" --db "$out/fts5.sqlite" \
  >"$results/debian-fts5-build.json"
say "Quarry: $queries queries"
"$bin/bench-quarry" search --db "$out/quarry-index" --queries "$out/queries.tsv" \
  --latencies "$out/quarry-latencies.tsv" >"$results/debian-quarry-search.json"
say "FTS5: $queries queries"
"$bin/bench-fts5" search --db "$out/fts5.sqlite" --queries "$out/queries.tsv" \
  --latencies "$out/fts5-latencies.tsv" >"$results/debian-fts5-search.json"

say "seed bank: cold quarry-index, queries"
rm -rf "$out/seed-index"
t0=$(date +%s%N)
"$bin/quarry-index" --db "$out/seed-index" corpus/ >"$out/seed-index.log"
t1=$(date +%s%N)
seed_questions=$(grep -o '^quarry-index: [0-9]*' "$out/seed-index.log" | grep -o '[0-9]*$')
printf '{"seconds": %s, "questions": %s}\n' \
  "$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.4f", ns / 1e9 }')" "$seed_questions" \
  >"$results/seed-index.json"
"$bin/bench-quarry" search --db "$out/seed-index" --queries "$out/seed-queries.tsv" \
  >"$results/seed-quarry-search.json"
# The plain Xapian peer on the seed bank too: what a top-10 search with no
# extras reaches of the /ping ceiling on this machine.
"$bin/bench-xapian" build --corpus corpus/ --db "$out/seed-xapian-index" >"$results/seed-xapian-build.json"
"$bin/bench-fts5" build --corpus corpus/ --db "$out/seed-fts5.sqlite" >"$results/seed-fts5-build.json"
"$bin/bench-fts5" search --db "$out/seed-fts5.sqlite" --queries "$out/seed-queries.tsv" \
  >"$results/seed-fts5-search.json"

# ---- The live index --------------------------------------------------------
# One question added to the index built above, and removed again, until
# quarry-serve answers with the change (beside the full build's time).
say "Quarry: --add/--remove of one question to the answer"
python3 bench/live_update.py --serve "$bin/quarry-serve" --index "$bin/quarry-index" \
  --db "$out/quarry-index" --work "$out/live" --rounds "$([ "$tiny" = 1 ] && echo 2 || echo 3)" \
  >"$results/debian-live-update.json"
say "seed bank: a save under quarry-serve --watch to the answer"
python3 bench/live_update.py --serve "$bin/quarry-serve" --watch corpus --work "$out/live" \
  --rounds "$([ "$tiny" = 1 ] && echo 2 || echo 5)" >"$results/seed-watch.json"

# ---- HTTP ------------------------------------------------------------------
thread_args=()
[ -n "$threads" ] && thread_args=(--threads "$threads")
say "HTTP: wrk, 2 threads, ${duration} s a run"
# quarry-serve twice on each index: with its result cache off, then on (its
# default); wrk cycles through the log, so most cached requests are hits.
serve_and_load debian "$out/queries.tsv" \
  "$bin/quarry-serve" --db "$out/quarry-index" --host 127.0.0.1 --port 0 --cache-entries 0 "${thread_args[@]}"
serve_and_load debian-cached "$out/queries.tsv" \
  "$bin/quarry-serve" --db "$out/quarry-index" --host 127.0.0.1 --port 0 "${thread_args[@]}"
serve_and_load xapian "$out/queries.tsv" \
  "$bin/bench-xapian" serve --db "$out/xapian-index" --host 127.0.0.1 --port 0 "${thread_args[@]}"
serve_and_load ping /ping "$bin/bench-ping" --host 127.0.0.1 --port 0 "${thread_args[@]}"
serve_and_load seed "$out/seed-queries.tsv" \
  "$bin/quarry-serve" --db "$out/seed-index" --host 127.0.0.1 --port 0 --cache-entries 0 "${thread_args[@]}"
serve_and_load seed-cached "$out/seed-queries.tsv" \
  "$bin/quarry-serve" --db "$out/seed-index" --host 127.0.0.1 --port 0 "${thread_args[@]}"
serve_and_load seed-xapian "$out/seed-queries.tsv" \
  "$bin/bench-xapian" serve --db "$out/seed-xapian-index" --host 127.0.0.1 --port 0 "${thread_args[@]}"
workers="$(grep -o 'with [0-9]* workers' "$out/server-ping.log" | grep -o '[0-9]*')"

# ---- The table ---------------------------------------------------------------
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
cpu="$(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//')"
mix="$(awk -F'\t' '!/^#/ { n[$1]++ } END { printf "%d plain, %d typo, %d prefix", n["plain"], n["typo"], n["prefix"] }' "$out/queries.tsv")"
{
  printf '{"date": %s, ' "$(json_string "$(date -u '+%Y-%m-%d %H:%M UTC')")"
  printf '"machine": %s, ' "$(json_string "$(nproc) CPUs, ${cpu:-unknown CPU}, $(free -g | awk '/^Mem:/ { print $2 }') GiB")"
  printf '"corpus_name": %s, "corpus_bytes": %s, ' "$(json_string "$corpus_name")" "$corpus_bytes"
  printf '"queries": %s, "query_mix": %s, ' "$queries" "$(json_string "$mix")"
  printf '"commit": %s, ' "$(json_string "${commit:-unknown}")"
  printf '"load_before": %s, "load_after": %s, ' "$(json_string "$load_before")" \
    "$(json_string "$(cut -d' ' -f1-3 /proc/loadavg)")"
  printf '"wrk": %s}\n' "$(json_string "wrk 2 threads, ${duration} s a run, ${workers} server workers")"
} >"$results/meta.json"

"$bin/bench-report" --results "$results" | tee "$out/table.md"
say "done in $(($(date +%s) - started)) s; results in $out"
