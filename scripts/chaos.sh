#!/usr/bin/env bash
# The fault run of issue 18 (not in CI; its short version is tests/…/Operations/ChaosTests.cs): three app nodes
# (Release build, Wolverine Balanced, projections and the live feed distributed, Redis backplane) on a FRESH private
# PostgreSQL this script starts itself on its own port and data directory (never the shared one), 7,860 mixed commands
# at 8 clients with Idempotency-Keys and retries, 3 × kill -9 of a node, one PostgreSQL immediate stop, one held row
# lock. Prints acknowledged vs found (lost, duplicated), recovery times and pushes received vs committed per live
# client; exits non-zero on any loss, duplicate, missed update or view unlike its rebuild.
# Usage: scripts/chaos.sh [commands=7860] [clients=8]
#        scripts/chaos.sh bench [commands=2000] [clients=8]   (the live feed's cost per event on one node, no faults: FeedBench.cs)
# Ports: ALBA_CHAOS_PG_PORT (55499), ALBA_CHAOS_REDIS_PORT (56399). Everything it starts is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin=/usr/lib/postgresql/15/bin
state="$root/.state/chaos"
data="$state/postgres"
port="${ALBA_CHAOS_PG_PORT:-55499}"
redis_port="${ALBA_CHAOS_REDIS_PORT:-56399}"

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_redis() { if [ "$(id -u)" = 0 ] && id redis >/dev/null 2>&1; then runuser -u redis -- "$@"; else "$@"; fi; }

cleanup() {
  as_pg "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  [ -f "$state/redis.pid" ] && kill "$(cat "$state/redis.pid")" 2>/dev/null || true
}
trap cleanup EXIT

# A fresh cluster every run: its own data directory, port and Unix socket directory.
[ -x "$bin/postgres" ] || { echo "PostgreSQL 15 is missing: run scripts/postgres.sh start once to install it" >&2; exit 2; }
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
cleanup
rm -rf "$state"
mkdir -p "$data"
if [ "$(id -u)" = 0 ]; then chmod 755 "$root/.state" "$state"; chown postgres:postgres "$data"; id redis >/dev/null 2>&1 && chown redis "$state"; fi
chmod 700 "$data"
pwfile="$(mktemp)"; echo alba > "$pwfile"; chmod 644 "$pwfile"
as_pg "$bin/initdb" -D "$data" -U alba --pwfile="$pwfile" -A scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$pwfile"
cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
max_connections = 500
fsync = on
shared_preload_libraries = 'pg_stat_statements'
CONF
start_db="$(printf '%q ' runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start)"
stop_db="$(printf '%q ' runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m immediate -w stop)"
[ "$(id -u)" = 0 ] || { start_db="${start_db#runuser -u postgres -- }"; stop_db="${stop_db#runuser -u postgres -- }"; }
bash -c "$start_db" >/dev/null
PGPASSWORD=alba "$bin/psql" -h 127.0.0.1 -p "$port" -U alba -d postgres -qc "create database alba_chaos"
PGPASSWORD=alba "$bin/psql" -h 127.0.0.1 -p "$port" -U alba -d alba_chaos -qc "create extension pg_stat_statements"

as_redis redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$state" --pidfile "$state/redis.pid" --logfile "$state/redis.log" >/dev/null
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

dotnet build src/Alba.Coordination -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build chaos/Alba.Coordination.Chaos -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet chaos/Alba.Coordination.Chaos/bin/Release/net10.0/Alba.Coordination.Chaos.dll \
  "$root/src/Alba.Coordination/bin/Release/net10.0/Alba.Coordination.dll" \
  "Host=127.0.0.1;Port=$port;Database=alba_chaos;Username=alba;Password=alba" \
  "127.0.0.1:$redis_port" "$stop_db" "$start_db" "$@"
