#!/usr/bin/env bash
# Runs every test against a private PostgreSQL (started here unless ALBA_TEST_DB is set) and
# ends with the plain line "N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [ -z "${ALBA_TEST_DB:-}" ]; then
  base="$(scripts/postgres.sh start)"
  # A database of its own, recreated each run, so tests never meet the demo data or an old run.
  PGPASSWORD=alba /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "${ALBA_PG_PORT:-55432}" -U alba -d postgres -q \
    -c "drop database if exists alba_tests with (force)" -c "drop database if exists alba_tests_browser with (force)" \
    -c "drop database if exists alba_tests_nodes with (force)" \
    -c "create database alba_tests"
  export ALBA_TEST_DB="${base/Database=alba;/Database=alba_tests;}"
fi
# The two-node test's SignalR backplane.
export ALBA_TEST_REDIS="${ALBA_TEST_REDIS:-$(scripts/redis.sh start)}"
scripts/browser.sh >/dev/null
# The proxy routing test runs deploy/nginx.conf with Debian's nginx on loopback.
export ALBA_TEST_NGINX="${ALBA_TEST_NGINX:-$(scripts/nginx.sh)}"

# Production loads the handler code generated at build time (src/Alba.Coordination/Internal/Generated):
# regenerate it and fail when what is committed is stale.

scripts/codegen.sh
if [ -n "$(git status --porcelain -- src/Alba.Coordination/Internal/Generated)" ]; then
  git status --short -- src/Alba.Coordination/Internal/Generated | head -20
  echo "The committed generated code is stale: commit what scripts/codegen.sh wrote."
  echo "0 passed, 1 failed"
  exit 1
fi

results="$root/TestResults"
rm -rf "$results"
set +e
dotnet test Alba.Coordination.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?
set -e

trx="$results/results.trx"
if [ -f "$trx" ]; then
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  passed="$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")"
  failed="$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")"
  echo "$passed passed, $failed failed"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
