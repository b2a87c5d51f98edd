#!/usr/bin/env bash
# Runs Quarry's peers on judged queries and related clusters and prints
# Quarry beside each of them, all scored by one scorer (score.mjs) whose
# figures for Quarry must equal quarry-eval's. By default: the seed bank's
# index and tests/data/eval; with --bank or --banks, out-of-domain banks,
# each indexed alone.
#
# usage: tools/peers/run.sh [options] [BUILD [DB]]   (make eval: after quarry-eval)
#   BUILD  the build directory holding quarry-index, quarry-search, quarry-eval (build)
#   DB     the index to score (BUILD/index); not with --bank or --banks
#   --queries FILE  judged queries (tests/data/eval/queries.tsv)
#   --related FILE  related clusters (tests/data/eval/related.tsv)
#   --name NAME     the run's name: in its table's title, and its work folder
#                   BUILD/peers/NAME (seed)
#   --bank DIR      a bank folder holding bank.md, queries.tsv and related.tsv
#                   (../shared/eval/banks/README.md): DIR/bank.md is indexed
#                   alone, with no list written for it, into
#                   BUILD/peers/NAME/index and scored on DIR's queries and
#                   clusters; NAME is DIR's name unless given
#   --banks DIR     every bank folder in DIR, one table each; when DIR is
#                   absent it says so and scores nothing (exit 0)
#   PEERS_PER_QUERY=1  also print nDCG@10 per query and recall@5 per cluster
#
# Installs what it lacks: the sqlite3 shell (and node) with apt-get, the
# node peers with `npm ci` from the committed package-lock.json. Everything
# it writes goes to BUILD/peers; nothing runs over the network but those
# installs.
set -euo pipefail
peers="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$peers/../.." && pwd)"
cd "$root"

usage() {
  echo "usage: tools/peers/run.sh [--queries FILE] [--related FILE] [--name NAME]" \
       "[--bank DIR | --banks DIR] [BUILD [DB]]" >&2
  exit 2
}

queries=""
related=""
name=""
bank=""
banks=""
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --queries) [ $# -ge 2 ] || usage; queries="$2"; shift 2 ;;
    --related) [ $# -ge 2 ] || usage; related="$2"; shift 2 ;;
    --name) [ $# -ge 2 ] || usage; name="$2"; shift 2 ;;
    --bank) [ $# -ge 2 ] || usage; bank="$2"; shift 2 ;;
    --banks) [ $# -ge 2 ] || usage; banks="$2"; shift 2 ;;
    -*) usage ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ "${#positional[@]}" -le 2 ] || usage
build="${positional[0]:-build}"
db="${positional[1]:-}"
# A bank brings its own index, queries and clusters; --banks its own names.
if [ -n "$bank" ] && [ -n "$banks" ]; then
  echo "peers: --bank or --banks, not both" >&2
  exit 2
fi
if [ -n "$bank$banks" ] && [ -n "$db$queries$related" ]; then
  echo "peers: a bank brings its own index, queries and clusters; give no DB, --queries, --related" >&2
  exit 2
fi
if [ -n "$banks" ] && [ -n "$name" ]; then
  echo "peers: --banks names each bank after its folder; give no --name" >&2
  exit 2
fi
start=$(date +%s%N)

# Debian packages: the sqlite3 shell for FTS5, node and npm for the others,
# g++ and Xapian's headers (also Quarry's own build dependencies).
install_packages() {
  local missing=()
  command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  pkg-config --exists xapian-core 2>/dev/null || missing+=(pkg-config libxapian-dev)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "peers: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi

  # The node peers, exactly as pinned in package-lock.json.
  if [ ! -f "$peers/node_modules/.package-lock.json" ] ||
     [ "$peers/package-lock.json" -nt "$peers/node_modules/.package-lock.json" ]; then
    echo "peers: installing MiniSearch, Lunr and FlexSearch (npm ci)"
    (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The Xapian-defaults program, rebuilt when its source changes; shared by
# every run.
xapian="$build/peers/xapian_defaults"
compile_xapian() {
  mkdir -p "$build/peers"
  if [ ! -x "$xapian" ] || [ "$peers/xapian_defaults.cc" -nt "$xapian" ]; then
    # shellcheck disable=SC2046  # pkg-config's flags are meant to split
    g++ -std=c++20 -O1 -o "$xapian.tmp" "$peers/xapian_defaults.cc" \
        $(pkg-config --cflags --libs xapian-core)
    mv "$xapian.tmp" "$xapian"
  fi
}

# A bank folder holds the bank and its judgments, or it is no bank.
check_bank() {
  local dir="$1" file
  for file in bank.md queries.tsv related.tsv; do
    if [ ! -f "$dir/$file" ]; then
      echo "peers: $dir has no $file: not a bank folder (../shared/eval/banks/README.md)" >&2
      exit 2
    fi
  done
}

# BANK indexed alone (no synonyms, concepts or topics written for it) into
# INDEX, afresh each run; prints quarry-index's summary line, and its
# warnings (stderr) as they come.
index_bank() {
  local bank="$1" index="$2"
  rm -rf "$index"
  mkdir -p "$(dirname "$index")"
  if ! "$build/quarry-index" --db "$index" "$bank" > "$index.log"; then
    echo "peers: quarry-index --db $index $bank failed" >&2
    exit 2
  fi
  grep '^quarry-index: ' "$index.log" || true
}

# One run: Quarry's index DB on QUERIES and RELATED, every peer on the same
# questions (Quarry's parse of them), scored, into BUILD/peers/NAME.
run_one() {
  local name="$1" db="$2" queries="$3" related="$4"
  local work="$build/peers/$name"
  mkdir -p "$work/rankings"
  rm -f "$work"/rankings/*.tsv

  # Quarry first: its parse of the bank is what every peer indexes.
  node "$peers/quarry.mjs" "$build/quarry-search" "$db" "$queries" "$related" "$work"
  "$build/quarry-eval" --db "$db" --queries "$queries" --related "$related" --json \
    > "$work/quarry-eval.json"
  node "$peers/fts5.mjs" "$(command -v sqlite3)" "$work"
  "$xapian" "$work/questions.tsv" "$work/tasks.tsv" > "$work/rankings/xapian.tsv"
  "$xapian" --eset "$work/questions.tsv" "$work/tasks.tsv" > "$work/rankings/xapian-eset.tsv"
  node "$peers/js_peers.mjs" "$work"

  local per_query=()
  [ "${PEERS_PER_QUERY:-0}" = 1 ] && per_query=(--per-query)
  echo
  node "$peers/score.mjs" --name "$name" --queries "$queries" --related "$related" \
    --questions "$work/questions.json" --rankings "$work/rankings" \
    --quarry-eval "$work/quarry-eval.json" "${per_query[@]}"
}

run_bank() {
  local dir="${1%/}" name="${2:-$(basename "${1%/}")}"
  check_bank "$dir"
  echo
  echo "Out-of-domain bank $name ($dir/bank.md, indexed alone):"
  index_bank "$dir/bank.md" "$build/peers/$name/index"
  run_one "$name" "$build/peers/$name/index" "$dir/queries.tsv" "$dir/related.tsv"
}

for bin in quarry-index quarry-search quarry-eval; do
  if [ ! -x "$build/$bin" ]; then
    echo "peers: no $build/$bin; run make build first" >&2
    exit 2
  fi
done

if [ -n "$banks" ] && [ ! -d "$banks" ]; then
  echo
  echo "peers: no folder $banks: the out-of-domain banks are skipped" \
       "(make eval reads SHARED/eval/banks, SHARED=../shared unless given)"
  exit 0
fi

install_packages
compile_xapian
if [ -n "$banks" ]; then
  found=0
  for dir in "$banks"/*/; do
    [ -f "$dir/bank.md" ] || continue
    found=1
    run_bank "$dir" ""
  done
  if [ "$found" = 0 ]; then
    echo "peers: no bank folder (one holding bank.md) in $banks" >&2
    exit 2
  fi
elif [ -n "$bank" ]; then
  run_bank "$bank" "$name"
else
  run_one "${name:-seed}" "${db:-$build/index}" "${queries:-tests/data/eval/queries.tsv}" \
    "${related:-tests/data/eval/related.tsv}"
fi
awk -v ns=$(( $(date +%s%N) - start )) -v dir="$build/peers" \
  'BEGIN { printf "(peers: %.1f s; their rankings are in %s/NAME/rankings)\n", ns / 1e9, dir }'
