#!/usr/bin/env bash
# The nginx front of deploy/nginx/quarry.conf, rendered for an address.
#
#   scripts/front.sh site LISTEN BACKEND        print the block for /etc/nginx/conf.d/
#   scripts/front.sh run LISTEN BACKEND DIR     run a private nginx in the foreground,
#                                               its config, pid, logs and temp files in DIR
#
# LISTEN is what clients reach (127.0.0.1:8080), BACKEND is quarry-serve's
# --host:--port (127.0.0.1:8081). run needs no root: it writes only in DIR.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
usage() { echo "usage: $0 site LISTEN BACKEND | run LISTEN BACKEND DIR" >&2; exit 2; }

render() {  # LISTEN BACKEND
  sed -e "s|@LISTEN@|$1|g" -e "s|@BACKEND@|$2|g" "$root/deploy/nginx/quarry.conf"
}

[ $# -ge 3 ] || usage
case "$1" in
  site) render "$2" "$3" ;;
  run)
    [ $# -eq 4 ] || usage
    dir="$(mkdir -p "$4" && cd "$4" && pwd)"
    mkdir -p "$dir/temp"
    render "$2" "$3" > "$dir/quarry.conf"
    cat > "$dir/nginx.conf" <<CONF
# Written by scripts/front.sh; the server block is deploy/nginx/quarry.conf.
worker_processes auto;
pid $dir/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    include $dir/quarry.conf;
}
CONF
    nginx=$(command -v nginx || echo /usr/sbin/nginx)
    exec "$nginx" -p "$dir" -c "$dir/nginx.conf" -e stderr -g 'daemon off;' ;;
  *) usage ;;
esac
