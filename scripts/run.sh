#!/usr/bin/env bash
# Runs Alba Coordination: a private PostgreSQL when ALBA_DB is not set, the schema applied at
# start, a demo organiser, and with --demo the demo data set. Ctrl-C stops the app.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

demo=false
for arg in "$@"; do [ "$arg" = "--demo" ] && demo=true; done
url="${ALBA_URL:-http://127.0.0.1:5080}"

if [ -z "${ALBA_DB:-}" ]; then export ALBA_DB="$(scripts/postgres.sh start)"; fi
export ALBA_ORGANISER_EMAIL="${ALBA_ORGANISER_EMAIL:-organiser@alba.example}"
export ALBA_ORGANISER_PASSWORD="${ALBA_ORGANISER_PASSWORD:-alba-organiser-2026}"
mkdir -p .state
# A signing key kept across restarts, so tokens survive them.
[ -f .state/jwt-key ] || head -c 48 /dev/urandom | base64 > .state/jwt-key
export Alba__Jwt__SigningKey="$(cat .state/jwt-key)"
export Alba__Demo="$demo"

dotnet build src/Alba.Coordination -c Release -nologo -v quiet -clp:ErrorsOnly
echo "Alba Coordination on $url  (API page $url/api/docs/, health $url/health)"
echo "Organiser sign-in: $ALBA_ORGANISER_EMAIL / $ALBA_ORGANISER_PASSWORD"
$demo && echo "Demo data is being seeded; demo sign-ins are printed in the log below."
cd src/Alba.Coordination
exec dotnet bin/Release/net10.0/Alba.Coordination.dll --urls "$url"
