#!/usr/bin/env bash
# Starts or stops the test TimescaleDB (server.mjs) in the background.
#   timescale-server.sh start [port]   installs node_modules if missing, waits until the port accepts connections
#   timescale-server.sh stop           stops the server named in the pid file
# Pid and log live in $TIDEMARK_TIMESCALE_STATE (default: a directory per port under /tmp, outside target/ so a
# `mvn clean` cannot lose the pid of a running server).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${2:-${TIDEMARK_TIMESCALE_PORT:-55432}}"
state="${TIDEMARK_TIMESCALE_STATE:-${TMPDIR:-/tmp}/tidemark-timescaledb-$port}"
pid_file="$state/server.pid"
log_file="$state/server.log"
timeout_seconds="${TIDEMARK_TIMESCALE_START_TIMEOUT:-120}"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
	mkdir -p "$state"
	if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
		echo "timescaledb: already running (pid $(cat "$pid_file"))" >&2
		exit 1
	fi
	if port_open "$port"; then
		echo "timescaledb: port $port is already in use" >&2
		exit 1
	fi
	if [ ! -d "$here/node_modules" ]; then
		(cd "$here" && npm ci --legacy-peer-deps --no-audit --no-fund)
	fi
	(cd "$here" && exec node server.mjs "$port") >"$log_file" 2>&1 &
	echo $! >"$pid_file"
	local waited=0
	until port_open "$port" && grep -q '^ready' "$log_file"; do
		if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
			echo "timescaledb: server exited during start-up:" >&2
			cat "$log_file" >&2
			rm -f "$pid_file"
			exit 1
		fi
		if [ "$waited" -ge "$timeout_seconds" ]; then
			echo "timescaledb: not ready after ${timeout_seconds}s" >&2
			stop
			exit 1
		fi
		sleep 1
		waited=$((waited + 1))
	done
	echo "timescaledb: ready on 127.0.0.1:$port (pid $(cat "$pid_file"), log $log_file)"
}

stop() {
	[ -f "$pid_file" ] || { echo "timescaledb: not running"; return 0; }
	local pid
	pid="$(cat "$pid_file")"
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid"
		for _ in $(seq 1 20); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		# a server that ignores SIGTERM must not outlive CI
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
	fi
	rm -f "$pid_file"
	echo "timescaledb: stopped"
}

case "${1:-}" in
	start) start ;;
	stop) stop ;;
	*) echo "usage: $0 start [port] | stop" >&2; exit 2 ;;
esac
