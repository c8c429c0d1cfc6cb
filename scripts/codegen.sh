#!/usr/bin/env bash
# Writes the Wolverine handler code that Production loads instead of compiling at run time
# (src/Alba.Coordination/Internal/Generated). Run after changing an endpoint or handler, and commit the result.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/src/Alba.Coordination"
dotnet build -nologo -v quiet -clp:ErrorsOnly
# The code generator reads the configuration only; it never connects to this database.
ALBA_DB="${ALBA_DB:-Host=127.0.0.1;Port=1;Database=codegen}" dotnet run --no-build -- codegen write >/dev/null
