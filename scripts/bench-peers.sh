#!/bin/sh
# Waymark beside MapServer 8 on the same published points (scripts/bench-peers.ts).
# Needs the Debian packages cgi-mapserver and lighttpd, and a PostgreSQL/PostGIS server:
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres scripts/bench-peers.sh --n 200000
set -e
if [ ! -x /usr/lib/cgi-bin/mapserv ] || [ ! -x /usr/sbin/lighttpd ]; then
  echo "bench-peers: skipped: MapServer and lighttpd are not installed (apt-get install cgi-mapserver lighttpd)"
  exit 0
fi
cd "$(dirname "$0")/.."
exec npx tsx scripts/bench-peers.ts "$@"
