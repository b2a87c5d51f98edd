#!/usr/bin/env bash
# The .deb of make package installs and serves on a clean root.
#
#   tests/deploy/package_test.sh SOURCE_DIR BUILD_DIR
#
# Builds the package (make package BUILD=BUILD_DIR: in BUILD_DIR-deb, a
# Release tree of its own), installs it with dpkg into an empty root (its own dpkg database:
# nothing of this machine's is touched), checks its dependencies are
# Debian packages this machine has, then from that root: the man pages,
# quarry-index on the shipped corpus (finding its vocabulary beside
# itself), quarry-search, and quarry-serve answering /readyz; finally
# dpkg removes it and nothing of it is left.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 SOURCE_DIR BUILD_DIR" >&2; exit 2; }
src="$(cd "$1" && pwd)"
build="$(cd "$src" && realpath -m "$2")"
failures=0
check() {  # WHAT COMMAND...
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}

make -C "$src" --no-print-directory package BUILD="$build" >/dev/null
deb=$(ls -1 "$build-deb"/quarry_*.deb)
echo "package_test: $deb"
root=$(mktemp -d)
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$root" "$work"' EXIT
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"

# The root's database knows none of the libraries; this machine's do.
check "installs with dpkg into an empty root" \
  dpkg --root="$root" --force-depends --force-script-chrootless -i "$deb"
missing=""
for dep in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*//; s/ //g'); do
  dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "install ok installed" || missing+=" $dep"
done
check "every dependency is an installed Debian package${missing:+ (missing:$missing)}" test -z "$missing"
for program in quarry-index quarry-search quarry-serve; do
  check "$program is installed and runs" "$root/usr/bin/$program" --help
  check "$program has a man page" grep -q "^\.TH \"\?${program^^}" "$root/usr/share/man/man1/$program.1"
done
check "the example systemd unit is there, DynamicUser=" grep -q "^DynamicUser=yes" \
  "$root/usr/share/doc/quarry/examples/quarry.service"

"$root/usr/bin/quarry-index" --db "$work/index" "$root/usr/share/quarry/corpus" >"$work/index.log" 2>&1 || true
check "quarry-index indexes the shipped bank" grep -q "430 questions" "$work/index.log"
check "quarry-index read the vocabulary installed beside it" grep -qE "[1-9][0-9]* from the learned vocabulary" \
  "$work/index.log"
check "quarry-search finds questions" "$root/usr/bin/quarry-search" --db "$work/index" gil

"$root/usr/bin/quarry-serve" --db "$work/index" --port 0 --log-format off >"$work/serve.out" 2>&1 &
server=$!
port=""
for _ in $(seq 50); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.out")
  [ -n "$port" ] && break
  sleep 0.1
done
check "quarry-serve answers /readyz with the 430 questions" \
  sh -c "python3 -c \"import json,urllib.request as u; assert json.load(u.urlopen('http://127.0.0.1:$port/readyz'))['questions'] == 430\""
kill "$server"
wait "$server" 2>/dev/null || true
server=""

check "dpkg removes it" dpkg --root="$root" --force-script-chrootless -r quarry
check "nothing of it is left" test -z "$(find "$root/usr" -type f 2>/dev/null)"
echo "package_test: $failures failed"
[ "$failures" -eq 0 ]
