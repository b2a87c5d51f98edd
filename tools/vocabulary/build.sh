#!/usr/bin/env bash
# `make vocabulary`: learns corpus/vocabulary/ from Debian's documentation.
#
# 1. Fetches the packages of tools/vocabulary/sources.tsv (and wamerican, the
#    English word list) with `apt-get download` into $BUILD/vocabulary/debs,
#    and unpacks each with `dpkg-deb -x` into $BUILD/vocabulary/packages/NAME.
#    Nothing is installed: the machine's own packages are left alone (Debian's
#    nodejs-doc, for one, conflicts with a nodejs from elsewhere).
# 2. Takes Debian's package descriptions (the Translation-en index that
#    `apt-get update -o Acquire::Languages=en` fetches).
# 3. Builds quarry-vocabulary and runs it, writing corpus/vocabulary/.
# Nothing is fetched but Debian packages and Debian's own indexes.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)

BUILD=${BUILD:-build}
JOBS=${JOBS:-$(nproc)}
OUT=${VOCABULARY_OUT:-corpus/vocabulary}
WORK=$BUILD/vocabulary
MANIFEST=tools/vocabulary/sources.tsv
mkdir -p "$WORK/debs" "$WORK/packages"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

mapfile -t packages < <(awk -F'\t' '!/^#/ && NF >= 4 && $1 != "debian-descriptions" { print $1 }' "$MANIFEST" | sort -u)
packages+=(wamerican)

# apt's lists, with the English descriptions, once (apt-get update keeps them
# only while asked for: run again when they are missing).
# (No `| head` or early `exit` in pipelines: with pipefail, SIGPIPE fails the step.)
# first: the first of its paths that exists; none prints nothing and still succeeds, so that
# `x=$(first ...)` does not stop the script (set -e) on a first run, with no .deb yet.
first() { for f in "$@"; do [ -e "$f" ] && { echo "$f"; return 0; }; done; return 0; }
translation() { first /var/lib/apt/lists/*_dists_bookworm_main_i18n_Translation-en*; }
needs_update=0
[ -n "$(translation)" ] || needs_update=1
for p in "${packages[@]}"; do
  apt-cache show --no-all-versions "$p" >/dev/null 2>&1 || needs_update=1
done
if [ "$needs_update" = 1 ]; then
  echo "vocabulary: apt-get update (with the English package descriptions)" >&2
  $sudo apt-get update -qq -o Acquire::Languages=en
fi

# Fetch and unpack what is missing or of another version.
versions=$WORK/versions.tsv
: > "$versions.new"
for p in "${packages[@]}"; do
  version=$(apt-cache show --no-all-versions "$p" | awk '/^Version:/ && v == "" { v = $2 } END { print v }')
  [ -n "$version" ] || { echo "vocabulary: no package $p in apt's lists" >&2; exit 2; }
  deb=$(first "$WORK/debs/${p}_"*.deb)
  if [ -z "$deb" ] || [ "$(dpkg-deb -f "$deb" Version)" != "$version" ]; then
    rm -f "$WORK/debs/${p}_"*.deb
    echo "vocabulary: fetching $p $version" >&2
    (cd "$WORK/debs" && apt-get download -qq "$p=$version" 2>/dev/null)
    deb=$(first "$WORK/debs/${p}_"*.deb)
  fi
  dir=$WORK/packages/$p
  if [ "$(cat "$dir/.quarry-version" 2>/dev/null)" != "$version" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    dpkg-deb -x "$deb" "$dir"
    echo "$version" > "$dir/.quarry-version"
  fi
  printf '%s\t%s\t%s\n' "$p" "$version" "$(stat -c %s "$deb")" >> "$versions.new"
done

# Debian's package descriptions, as of the lists' release date.
src=$(translation)
mkdir -p "$WORK/packages/debian-descriptions"
/usr/lib/apt/apt-helper cat-file "$src" > "$WORK/packages/debian-descriptions/Translation-en"
release=$(first /var/lib/apt/lists/*_dists_bookworm_InRelease)
date=$(awk -F': ' '/^Date:/ && d == "" { d = $2 } END { print d }' "$release")
sum=$(sha256sum "$WORK/packages/debian-descriptions/Translation-en" | cut -c1-16)
printf 'debian-descriptions\tbookworm main Translation-en of %s (sha256 %s...)\t%s\n' \
  "$date" "$sum" "$(stat -c %s "$src")" >> "$versions.new"
mv "$versions.new" "$versions"

# Build the program, then run it.
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target quarry-vocabulary
mkdir -p "$OUT"
"$BUILD/quarry-vocabulary" --sources "$MANIFEST" --packages "$WORK/packages" --versions "$versions" \
  --dictionary "$WORK/packages/wamerican/usr/share/dict/american-english" --out "$OUT" \
  --threads 2 "$@"
printf '\nThe whole `make vocabulary` run (fetch what was missing, unpack, build, learn): %s s.\n' \
  "$(( $(date +%s) - started ))" >> "$OUT/PROVENANCE.md"
