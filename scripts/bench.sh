#!/usr/bin/env bash
# Runs the benchmark on this machine: a fresh database alba_bench (on the PostgreSQL already listening on the port, or
# on this checkout's private one, started if needed), the Release build of the app as its own process, and prints the
# table of figures, medians and spreads.
# Usage: scripts/bench.sh [scale] [pairs] [parts]   (scale 1 = the documented run, 0.2 for a quick look; pairs of baseline
# and subject runs, 3 by default; parts, all by default, a comma-separated subset of commands, bursts, partners, fanout,
# lag, rebuild, import). ALBA_BENCH_DB names the database (alba_bench by default): two checkouts benchmarking on one
# server at once each need their own, since the run drops and recreates it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
port="${ALBA_PG_PORT:-55432}"
database="${ALBA_BENCH_DB:-alba_bench}"
if /usr/lib/postgresql/15/bin/pg_isready -q -h 127.0.0.1 -p "$port"; then
  base="$(scripts/postgres.sh url)"
else
  base="$(scripts/postgres.sh start)"
fi
PGPASSWORD=alba /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$port" -U alba -d postgres -q \
  -c "drop database if exists ${database} with (force)" -c "create database ${database}"
dotnet build src/Alba.Coordination -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Alba.Coordination.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
# 5,000 live clients hold a socket each on both ends, within this process tree only.
ulimit -n "$(ulimit -Hn)"
dotnet bench/Alba.Coordination.Bench/bin/Release/net10.0/Alba.Coordination.Bench.dll "$root" "${base/Database=alba;/Database=${database};}" "${1:-1}" "${2:-3}" ${3:+"$3"}
