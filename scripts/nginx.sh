#!/usr/bin/env bash
# Makes sure Debian's nginx is installed for the proxy routing test (it starts its own, on loopback); prints its path.
set -euo pipefail
if ! command -v nginx >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq nginx-light >&2
fi
command -v nginx
