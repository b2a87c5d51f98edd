#!/usr/bin/env bash
# Where Quarry's time goes: perf (Debian's linux-perf) over the index build
# and over the query log, on what `make bench` left in BUILD/bench.
#
# usage: bench/profile.sh [BUILD]      (after make bench / bench/run.sh BUILD)
#
# Writes BUILD/bench/profile/{build,search}.perf.data and, for each, three
# reports: by library (*-dso.txt), by function, self time (*-self.txt), and
# by function with its callees (*-children.txt). Installs linux-perf when
# perf is missing. Samples at 499 Hz with DWARF call graphs (Xapian and ICU
# are built without frame pointers).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build="${1:-build}"
bench="$build/bench"
out="$bench/profile"
for f in "$bench/debian.jsonl" "$bench/queries.tsv" "$bench/quarry-index" "$build/bench-quarry"; do
  [ -e "$f" ] || { echo "profile: no $f; run make bench first" >&2; exit 2; }
done
if ! command -v perf >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq --no-install-recommends linux-perf
fi
mkdir -p "$out"

record() {
  local name="$1"
  shift
  echo "profile: $name: $*" >&2
  perf record -F 499 --call-graph dwarf,16384 -o "$out/$name.perf.data" -- "$@" \
    >"$out/$name.out" 2>"$out/$name.perf.log"
  report "$name"
}

# report NAME: the three reports of NAME.perf.data (whole files: no head in
# a pipe, which would end perf with SIGPIPE).
report() {
  local data="$out/$1.perf.data"
  perf report -i "$data" --no-children --sort dso --stdio -g none 2>/dev/null \
    | grep -v '^$' >"$out/$1-dso.txt" || true
  perf report -i "$data" --no-children --sort dso,sym --stdio -g none 2>/dev/null \
    | grep -v '^$' >"$out/$1-self.txt" || true
  perf report -i "$data" --children --sort dso,sym --stdio -g none 2>/dev/null \
    | grep -v '^$' >"$out/$1-children.txt" || true
}

record build "$build/bench-quarry" build --corpus "$bench/debian.jsonl" \
  --synonyms corpus/synonyms.txt --db "$out/index"
record search "$build/bench-quarry" search --db "$bench/quarry-index" \
  --queries "$bench/queries.tsv" --warmup 0 --passes 1
rm -rf "$out/index"
echo "profile: reports in $out" >&2
for name in build search; do
  echo "== $name: by library"
  grep -v '^#' "$out/$name-dso.txt" | sed -n 1,8p
  echo "== $name: top functions, self time"
  grep -v '^#' "$out/$name-self.txt" | sed -n 1,25p
  echo "== $name: top functions with their callees"
  grep -v '^#' "$out/$name-children.txt" | sed -n 1,30p
done
