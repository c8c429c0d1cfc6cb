#!/usr/bin/env bash
# Starts (or reuses) a private Redis for the SignalR backplane tests: Debian's redis-server
# (installed with apt-get when missing), loopback only, nothing persisted, run as the 'redis'
# user. Prints host:port. Usage: scripts/redis.sh start|stop
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="$root/.state/redis"
port="${ALBA_REDIS_PORT:-56379}"

start() {
  if ! command -v redis-server >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq redis-server >&2
  fi
  mkdir -p "$state"
  if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
    local run=()
    if [ "$(id -u)" = 0 ] && id redis >/dev/null 2>&1; then chown redis "$state"; run=(runuser -u redis --); fi
    "${run[@]}" redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
      --dir "$state" --pidfile "$state/redis.pid" --logfile "$state/redis.log" >&2
    for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "127.0.0.1:$port"
}

stop() {
  [ -f "$state/redis.pid" ] && kill "$(cat "$state/redis.pid")" 2>/dev/null || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
