#!/usr/bin/env bash
# What make serve runs: quarry-serve on 127.0.0.1:BACKEND_PORT behind the
# nginx front (deploy/nginx/quarry.conf) on HOST:PORT, until either stops
# or Ctrl-C. Clients only ever reach nginx (see deploy/nginx/quarry.conf
# for what it bounds that cpp-httplib cannot).
#
#   scripts/serve.sh BUILD DB HOST PORT BACKEND_PORT
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: $0 BUILD DB HOST PORT BACKEND_PORT" >&2; exit 2; }
build=$1 db=$2 host=$3 port=$4 backend_port=$5
root="$(cd "$(dirname "$0")/.." && pwd)"

"$build/quarry-serve" --db "$db" --host 127.0.0.1 --port "$backend_port" &
serve_pid=$!
"$root/scripts/front.sh" run "$host:$port" "127.0.0.1:$backend_port" "$build/front" &
front_pid=$!
stop() { kill -TERM "$front_pid" "$serve_pid" 2>/dev/null || true; wait 2>/dev/null || true; }
trap 'stop; exit 0' INT TERM
trap stop EXIT
echo "quarry: the search page is on http://$host:$port (nginx in front of quarry-serve on 127.0.0.1:$backend_port)"
wait -n "$serve_pid" "$front_pid"
echo "quarry: a server stopped; stopping the other" >&2
exit 1
