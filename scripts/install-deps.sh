#!/usr/bin/env bash
# Installs the Debian packages (and, with --browser, the npm packages) that
# Quarry needs, skipping what is already there. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ make cmake pkg-config libxapian-dev libicu-dev libboost-program-options-dev
          libcpp-httplib-dev catch2 nlohmann-json3-dev)
want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --bench) packages+=(sqlite3 libsqlite3-dev wrk python3) ;;
    --serve) packages+=(nginx python3) ;;  # the front of make serve, and its test
    --check) packages+=(xapian-tools python3 python3-prometheus-client python3-jsonschema) ;;  # xapian-check (crash tests), /metrics and /openapi.json checks
    --package) packages+=(help2man dpkg-dev file) ;;  # man pages; dpkg-shlibdeps for the .deb
    --fuzz) packages+=(clang libclang-rt-14-dev ninja-build python3) ;;  # libFuzzer (scripts/fuzz.sh)
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done
if [ "$want_browser" = 1 ]; then
  packages+=(chromium)
  command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$want_browser" = 1 ] && [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "install-deps: installing the browser tests' npm packages"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
