#!/usr/bin/env bash
# Runs Quarry's peers on the judged queries and related clusters of
# tests/data/eval and prints Quarry beside each of them, all scored by one
# scorer (score.mjs) whose figures for Quarry must equal quarry-eval's.
#
# usage: tools/peers/run.sh [BUILD [DB]]   (make eval: after quarry-eval)
#   BUILD  the build directory holding quarry-search and quarry-eval (build)
#   DB     the index to score (BUILD/index)
#   PEERS_PER_QUERY=1  also print nDCG@10 per query and recall@5 per cluster
#   PEERS_QUERIES=FILE judged queries other than tests/data/eval/queries.tsv
#
# Installs what it lacks: the sqlite3 shell (and node) with apt-get, the
# node peers with `npm ci` from the committed package-lock.json. Everything
# it writes goes to BUILD/peers; nothing runs over the network but those
# installs.
set -euo pipefail
peers="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$peers/../.." && pwd)"
cd "$root"
build="${1:-build}"
db="${2:-$build/index}"
queries="${PEERS_QUERIES:-tests/data/eval/queries.tsv}"
related=tests/data/eval/related.tsv
work="$build/peers"
start=$(date +%s%N)

for bin in quarry-search quarry-eval; do
  if [ ! -x "$build/$bin" ]; then
    echo "peers: no $build/$bin; run make build first" >&2
    exit 2
  fi
done

# Debian packages: the sqlite3 shell for FTS5, node and npm for the others,
# g++ and Xapian's headers (also Quarry's own build dependencies).
missing=()
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
pkg-config --exists xapian-core 2>/dev/null || missing+=(pkg-config libxapian-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "peers: installing ${missing[*]}"
  sudo=""
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

mkdir -p "$work/rankings"
rm -f "$work"/rankings/*.tsv

# The Xapian-defaults program, rebuilt when its source changes.
xapian="$work/xapian_defaults"
if [ ! -x "$xapian" ] || [ "$peers/xapian_defaults.cc" -nt "$xapian" ]; then
  # shellcheck disable=SC2046  # pkg-config's flags are meant to split
  g++ -std=c++20 -O1 -o "$xapian.tmp" "$peers/xapian_defaults.cc" \
      $(pkg-config --cflags --libs xapian-core)
  mv "$xapian.tmp" "$xapian"
fi

# Quarry first: its parse of the bank is what every peer indexes.
node "$peers/quarry.mjs" "$build/quarry-search" "$db" "$queries" "$related" "$work"
"$build/quarry-eval" --db "$db" --queries "$queries" --related "$related" --json \
  > "$work/quarry-eval.json"
node "$peers/fts5.mjs" "$(command -v sqlite3)" "$work"
"$xapian" "$work/questions.tsv" "$work/tasks.tsv" > "$work/rankings/xapian.tsv"
"$xapian" --eset "$work/questions.tsv" "$work/tasks.tsv" > "$work/rankings/xapian-eset.tsv"
node "$peers/js_peers.mjs" "$work"

per_query=()
[ "${PEERS_PER_QUERY:-0}" = 1 ] && per_query=(--per-query)
echo
node "$peers/score.mjs" --queries "$queries" --related "$related" \
  --rankings "$work/rankings" --quarry-eval "$work/quarry-eval.json" "${per_query[@]}"
awk -v ns=$(( $(date +%s%N) - start )) -v dir="$work/rankings" \
  'BEGIN { printf "(peers: %.1f s; their rankings are in %s)\n", ns / 1e9, dir }'
