#!/usr/bin/env bash
# Starts (or reuses) a private PostgreSQL for this checkout: the machine's PostgreSQL 15
# binaries (installed with apt-get when missing), a data directory under .state/, a
# loopback port, run as the unprivileged 'postgres' user. Prints the connection string.
# Usage: scripts/postgres.sh start|stop|url
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="$root/.state"
data="$state/postgres"
port="${ALBA_PG_PORT:-55432}"
bin=/usr/lib/postgresql/15/bin
db=alba
url="Host=127.0.0.1;Port=$port;Database=$db;Username=alba;Password=alba"

ensure_binaries() {
  if [ ! -x "$bin/postgres" ]; then
    echo "installing PostgreSQL 15 server binaries..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql-15 >&2
  fi
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  ensure_binaries
  mkdir -p "$state"
  if [ "$(id -u)" = 0 ]; then
    chmod 755 "$state"
    mkdir -p "$data" && chown postgres:postgres "$data" && chmod 700 "$data"
  else
    mkdir -p "$data" && chmod 700 "$data"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    pwfile="$(mktemp)"; echo alba > "$pwfile"; chmod 644 "$pwfile"
    as_pg "$bin/initdb" -D "$data" -U alba --pwfile="$pwfile" -A scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
max_connections = 300
shared_buffers = 256MB
fsync = on
CONF
  fi
  # Statement statistics for profiling the benchmark (docs/benchmarks.md).
  if ! grep -q "^shared_preload_libraries = 'pg_stat_statements'" "$data/postgresql.conf"; then
    echo "shared_preload_libraries = 'pg_stat_statements'" >> "$data/postgresql.conf"
    as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 && as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null
  fi
  if ! PGPASSWORD=alba psql_cmd -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    PGPASSWORD=alba psql_cmd -c "create database $db" >/dev/null
  fi
  echo "$url"
}

psql_cmd() { "$bin/psql" -h 127.0.0.1 -p "$port" -U alba -d postgres -v ON_ERROR_STOP=1 "$@"; }

stop() {
  [ -f "$data/PG_VERSION" ] || exit 0
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) echo "$url" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
