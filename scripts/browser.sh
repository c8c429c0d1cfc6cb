#!/usr/bin/env bash
# Makes sure Debian's headless Chromium is installed for the browser tests; prints its path.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
fi
command -v chromium
