#!/usr/bin/env bash
# Backup and restore drill (docs/operations.md, "Backups"): on a fresh private PostgreSQL this script starts on its own
# port and data directory (never the shared one), the app (Release) seeds the demo data and takes a light load of
# movement registrations; meanwhile pg_dump writes a custom-format backup. The backup is restored into a new database,
# every projection is rebuilt there from the restored events with the app's own verb, and each document table's
# checksum after the rebuild is compared with the one restored (the original's views as of the backup: every view is
# written in the same transaction as its events). The restored events are also compared with the original's up to the
# backup's last one. Prints the result; exits non-zero on any difference.
# Usage: scripts/backup-drill.sh        Port: ALBA_DRILL_PG_PORT (55498). Everything it starts is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin=/usr/lib/postgresql/15/bin
state="$root/.state/backup-drill"
data="$state/postgres"
port="${ALBA_DRILL_PG_PORT:-55498}"
app_port="${ALBA_DRILL_APP_PORT:-5098}"
url="http://127.0.0.1:$app_port"
db() { echo "Host=127.0.0.1;Port=$port;Database=$1;Username=alba;Password=alba"; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
sql() { PGPASSWORD=alba "$bin/psql" -h 127.0.0.1 -p "$port" -U alba -v ON_ERROR_STOP=1 -qAt "$@"; }
app_pid=""; load_pid=""

cleanup() {
  [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null || true
  [ -n "$app_pid" ] && kill -9 "$app_pid" 2>/dev/null || true
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

[ -x "$bin/postgres" ] || { echo "PostgreSQL 15 is missing: run scripts/postgres.sh start once to install it" >&2; exit 2; }
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
cleanup
rm -rf "$state"
mkdir -p "$data"
if [ "$(id -u)" = 0 ]; then chmod 755 "$root/.state" "$state"; chown postgres:postgres "$data"; fi
chmod 700 "$data"
pwfile="$(mktemp)"; echo alba > "$pwfile"; chmod 644 "$pwfile"
as_pg "$bin/initdb" -D "$data" -U alba --pwfile="$pwfile" -A scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$pwfile"
printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\n" "$port" "$data" >> "$data/postgresql.conf"
as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null
sql -d postgres -c "create database alba_drill"

dotnet build src/Alba.Coordination -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build chaos/Alba.Coordination.Chaos -c Release -nologo -v quiet -clp:ErrorsOnly
app_dir="$root/src/Alba.Coordination/bin/Release/net10.0"
checksums() { dotnet chaos/Alba.Coordination.Chaos/bin/Release/net10.0/Alba.Coordination.Chaos.dll checksums "$(db "$1")"; }

echo "1. the system: the app with the demo data" >&2
( cd "$app_dir" && ALBA_DB="$(db alba_drill)" ALBA_ORGANISER_EMAIL=organiser@alba.example ALBA_ORGANISER_PASSWORD=alba-organiser-2026 \
  Alba__Demo=true exec dotnet Alba.Coordination.dll --urls "$url" >"$state/app.log" 2>&1 ) &
app_pid=$!
for _ in $(seq 1 900); do grep -q -e "Demo data ready" -e "Demo data could not be seeded" "$state/app.log" && break; sleep 0.2; done
grep -q "Demo data ready" "$state/app.log" || { echo "the demo data was not seeded:" >&2; tail -20 "$state/app.log" >&2; exit 1; }

echo "2. light load (a movement registration every 100 ms) while pg_dump runs" >&2
token="$(curl -sf "$url/api/auth/login" -H 'content-type: application/json' \
  -d '{"email":"organiser@alba.example","password":"alba-organiser-2026"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')"
(
  n=0
  while true; do
    n=$((n + 1))
    curl -sf -o /dev/null "$url/api/movements" -H "authorization: Bearer $token" -H 'content-type: application/json' \
      -H "idempotency-key: drill-$n" -d "{\"name\":\"Drill movement $n\",\"country\":\"UY\",\"region\":\"drill\",\"sector\":\"drill\"}" || true
    sleep 0.1
  done
) &
load_pid=$!
sleep 2
started=$(date +%s.%N)
PGPASSWORD=alba "$bin/pg_dump" -h 127.0.0.1 -p "$port" -U alba -d alba_drill -Fc -f "$state/alba_drill.dump"
dumped=$(date +%s.%N)
sleep 1
kill "$load_pid"; wait "$load_pid" 2>/dev/null || true; load_pid=""
kill -9 "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""

echo "3. restore into a new database and rebuild every projection there" >&2
sql -d postgres -c "create database alba_drill_restored"
PGPASSWORD=alba "$bin/pg_restore" -h 127.0.0.1 -p "$port" -U alba -d alba_drill_restored --no-owner --exit-on-error "$state/alba_drill.dump"
restored=$(date +%s.%N)
checksums alba_drill_restored > "$state/views-restored.txt"
( cd "$app_dir" && ALBA_DB="$(db alba_drill_restored)" Logging__LogLevel__Default=Warning dotnet Alba.Coordination.dll projections rebuild >"$state/rebuild.log" 2>&1 )
rebuilt=$(date +%s.%N)
checksums alba_drill_restored > "$state/views-rebuilt.txt"

last=$(sql -d alba_drill_restored -c "select coalesce(max(seq_id), 0) from alba.mt_events")
events_sum="select count(*) || ' ' || md5(string_agg(seq_id || ':' || id || ':' || stream_id || ':' || type || ':' || data::text, ',' order by seq_id)) from alba.mt_events where seq_id <= $last"
original_events="$(sql -d alba_drill -c "$events_sum")"
restored_events="$(sql -d alba_drill_restored -c "$events_sum")"
after=$(sql -d alba_drill -c "select count(*) from alba.mt_events where seq_id > $last")

failed=0
echo "backup drill $(date -u +%Y-%m-%dT%H:%MZ): pg_dump -Fc of a running system (demo data + a movement registration every 100 ms)"
printf "backup: %s bytes in %.1f s; restore (pg_restore into a new database) %.1f s; projections rebuild %.1f s\n" \
  "$(stat -c %s "$state/alba_drill.dump")" "$(echo "$dumped - $started" | bc)" "$(echo "$restored - $dumped" | bc)" "$(echo "$rebuilt - $restored" | bc)"
if [ "$original_events" = "$restored_events" ]; then
  echo "events: ${restored_events%% *} restored, equal to the original's up to position $last ($after committed after the backup began)"
else
  echo "events: DIFFER from the original's (original: $original_events; restored: $restored_events)"; failed=1
fi
while read -r table rows sum; do
  rebuilt_line="$(grep "^$table " "$state/views-rebuilt.txt" || true)"
  if [ "$rebuilt_line" = "$table $rows $sum" ]; then
    printf "  %-28s %6s rows  equal after rebuild\n" "$table" "$rows"
  else
    printf "  %-28s %6s rows  DIFFERS after rebuild (%s)\n" "$table" "$rows" "${rebuilt_line:-missing}"; failed=1
  fi
done < "$state/views-restored.txt"
if [ "$failed" = 0 ]; then echo "result: PASS"; else echo "result: FAIL"; fi
exit "$failed"
