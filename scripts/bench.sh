#!/usr/bin/env bash
# Runs the benchmark on this machine: a fresh database alba_bench on the private PostgreSQL, the
# Release build of the app as its own process, and prints the table of figures and ratios.
# Usage: scripts/bench.sh [scale]   (scale 1 = the documented run; 0.2 for a quick look)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
base="$(scripts/postgres.sh start)"
PGPASSWORD=alba /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "${ALBA_PG_PORT:-55432}" -U alba -d postgres -q \
  -c "drop database if exists alba_bench with (force)" -c "create database alba_bench"
dotnet build src/Alba.Coordination -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Alba.Coordination.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet bench/Alba.Coordination.Bench/bin/Release/net10.0/Alba.Coordination.Bench.dll "$root" "${base/Database=alba;/Database=alba_bench;}" "${1:-1}"
