#!/usr/bin/env bash
# Writes the Wolverine handler code that Production loads instead of compiling at run time
# (src/Alba.Coordination/Internal/Generated). Run after changing an endpoint or handler, and commit the result.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/src/Alba.Coordination"
# Stale generated code may no longer compile against the endpoints it was made from: build without it, then write it anew.
rm -rf Internal/Generated
dotnet build -nologo -v quiet -clp:ErrorsOnly
# The code generator reads the configuration only; it never connects to this database.
ALBA_DB="${ALBA_DB:-Host=127.0.0.1;Port=1;Database=codegen}" dotnet run --no-build -- codegen write >/dev/null
