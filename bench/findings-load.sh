#!/usr/bin/env bash
# Load benchmark for GET /api/v1/findings (filtered, one page) with 100,000 findings in the store.
#
# Target (from the issue): >= 500 requests/s with p99 < 50 ms on a 2-core machine, load generator on loopback.
# This is a benchmark to rerun by hand, not a test: nothing here asserts a time; it prints the numbers.
#
# What it does: builds the jar if missing; starts the service on its embedded default (embedded PostgreSQL) on
# free loopback ports with a fresh data folder under target/loadbench/; waits for /actuator/health; creates a
# VIEWER API token (as admin); registers $TARGETS targets without connecting; inserts $FINDINGS findings straight
# into the store in one set-based INSERT ... SELECT generate_series (bench/findings-seed.sql), VACUUM (ANALYZE);
# prints EXPLAIN ANALYZE of the store's queries; warms the JVM up; then runs wrk with a VIEWER token against two
# filtered one-page queries (one target; across targets), each twice: closed loop (the issue's command, maximum
# throughput and latency at saturation) and paced to $RATE requests/s (latency at the target rate); and one short
# closed-loop run with HTTP Basic for comparison. The service and its embedded PostgreSQL are stopped on exit,
# even on failure. Results and how to read them: docs/benchmarks-findings.md.
#
# Usage: bench/findings-load.sh            (from anywhere; needs wrk, curl, jq, psql, ss)
# Knobs (environment):
#   JAVA_HOME       JDK for the build and the service (default /usr/lib/jvm/temurin-25-jdk-amd64 if present)
#   JVM_OPTS        flags for the service JVM (default: -Xms1g -Xmx1g)
#   FINDINGS=100000 TARGETS=20
#   THREADS=2 CONNECTIONS=16 DURATION=30s   the measured wrk runs (wrk -t$THREADS -c$CONNECTIONS -d$DURATION)
#   RATE=500                                 requests/s of the paced runs (0 skips them)
#   WARMUP=20s                               wrk warm-up per query, results discarded
#   BASIC_DURATION=10s                       the HTTP Basic comparison run (0 skips it)
#   EXPLAIN=0                                skip EXPLAIN (ANALYZE, BUFFERS) of the store's queries
#   KEEP_RUNNING=1                           leave the service up at the end (prints how to stop it)
#   REBUILD=1                                rebuild the jar even if one exists (after changing the code)
#   JAR=path/to/other.jar                    benchmark another build (e.g. an older commit's, for before/after)
#   QUIET_WAIT=180 QUIET_IDLE=85             before each measured run, wait up to QUIET_WAIT s until the machine
#                                            is QUIET_IDLE % idle (others' builds skew the numbers; 0 = don't wait)
# Output: the wrk reports, RESULT lines, and a copy of everything in target/loadbench/results-<time>.txt.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
	export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JVM_OPTS=${JVM_OPTS:--Xms1g -Xmx1g}
FINDINGS=${FINDINGS:-100000}
TARGETS=${TARGETS:-20}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-20s}
BASIC_DURATION=${BASIC_DURATION:-10s}
EXPLAIN=${EXPLAIN:-1}
KEEP_RUNNING=${KEEP_RUNNING:-0}
REBUILD=${REBUILD:-0}
RATE=${RATE:-500}
QUIET_WAIT=${QUIET_WAIT:-180}
QUIET_IDLE=${QUIET_IDLE:-85}

for tool in wrk curl jq psql ss; do
	command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install -y wrk curl jq postgresql-client iproute2)" >&2; exit 2; }
done

WORK=$ROOT/target/loadbench
RUN=$WORK/run                   # fresh every time: data folder, service log
mkdir -p "$WORK"
RESULTS=$WORK/results-$(date -u +%Y%m%dT%H%M%SZ).txt
SERVICE_PID=

log() { printf '\n== %s\n' "$*" | tee -a "$RESULTS"; }
say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }

stop_service() {
	if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
		kill -TERM "$SERVICE_PID" 2>/dev/null || true
		for _ in $(seq 1 60); do
			kill -0 "$SERVICE_PID" 2>/dev/null || break
			sleep 0.5
		done
		if kill -0 "$SERVICE_PID" 2>/dev/null; then
			echo "service did not stop in 30 s; killing it" >&2
			kill -KILL "$SERVICE_PID" 2>/dev/null || true
		fi
		wait "$SERVICE_PID" 2>/dev/null || true
	fi
	# The embedded PostgreSQL is a child the JVM stops on a clean shutdown; if the JVM died hard it is left
	# behind: stop it by the pid in its own postmaster.pid (that server was started by this run, nothing else).
	local pidfile=$RUN/data/pgdata/postmaster.pid
	if [[ -f "$pidfile" ]]; then
		local pgpid
		pgpid=$(head -n1 "$pidfile")
		if [[ "$pgpid" =~ ^[0-9]+$ ]] && kill -0 "$pgpid" 2>/dev/null; then
			kill -INT "$pgpid" 2>/dev/null || true   # fast shutdown
			for _ in $(seq 1 40); do kill -0 "$pgpid" 2>/dev/null || break; sleep 0.5; done
		fi
	fi
	SERVICE_PID=
}

cleanup() {
	local status=$?
	if [[ "$KEEP_RUNNING" == 1 && $status -eq 0 ]]; then
		echo "Service left running: pid $SERVICE_PID, http://127.0.0.1:$HTTP_PORT (stop it with: kill $SERVICE_PID)"
		return
	fi
	stop_service
	if [[ $status -ne 0 ]]; then
		echo "FAILED (exit $status); service log: $RUN/service.log" >&2
		[[ -f "$RUN/service.log" ]] && tail -n 40 "$RUN/service.log" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	local port
	for _ in $(seq 1 200); do
		port=$((20000 + RANDOM % 40000))
		if [[ -z "$(ss -Htan "( sport = :$port )")" ]]; then
			echo "$port"
			return
		fi
	done
	echo "no free port found" >&2
	return 1
}

# ---------------------------------------------------------------------------------------------------- build
JAR_GIVEN=${JAR:+yes}
JAR=${JAR:-$(ls "$ROOT"/target/tidemark-*.jar 2>/dev/null | grep -v -- '-plain' | head -n1 || true)}
if [[ -z "$JAR" || "$REBUILD" == 1 ]]; then
	log "Building the jar (./mvnw -q -B -DskipTests package)"
	./mvnw -q -B -DskipTests package
	JAR=$(ls "$ROOT"/target/tidemark-*.jar | grep -v -- '-plain' | head -n1)
fi

# ---------------------------------------------------------------------------------------------------- start
rm -rf "$RUN"
mkdir -p "$RUN/data"
# As root, the embedded PostgreSQL runs as 'nobody', which must traverse the path to its data folder.
chmod 755 "$WORK" "$RUN" "$RUN/data"

HTTP_PORT=$(free_port)
PG_PORT=$(free_port)
while [[ "$PG_PORT" == "$HTTP_PORT" ]]; do PG_PORT=$(free_port); done
BASE=http://127.0.0.1:$HTTP_PORT

log "Machine"
say "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "nproc:    $(nproc)"
say "memory:   $(free -g | awk '/^Mem:/ {print $2 " GiB total"}')"
say "cpu:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
say "kernel:   $(uname -r)"
say "jdk:      $("$JAVA" -version 2>&1 | head -n1)"
say "wrk:      $(wrk -v 2>&1 | head -n1)"
if [[ -z "$JAR_GIVEN" ]]; then
	say "jar:      ${JAR#"$ROOT"/}  (work tree at git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ', dirty'); REBUILD=1 makes sure the jar matches)"
else
	say "jar:      $JAR  (given with JAR=)"
fi
say "jvm opts: $JVM_OPTS"
say "ports:    http $HTTP_PORT, embedded PostgreSQL $PG_PORT (loopback)"

log "Starting the service"
# shellcheck disable=SC2086  # JVM_OPTS is a list of flags
PORT=$HTTP_PORT TIDEMARK_EMBEDDED_PORT=$PG_PORT TIDEMARK_DATA_DIR=$RUN/data \
	"$JAVA" $JVM_OPTS -jar "$JAR" >"$RUN/service.log" 2>&1 &
SERVICE_PID=$!
say "pid $SERVICE_PID, log ${RUN#"$ROOT"/}/service.log"

started=$(date +%s)
until curl -fsS "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"'; do
	kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service exited during start-up" >&2; exit 1; }
	(( $(date +%s) - started < 180 )) || { echo "the service was not healthy within 180 s" >&2; exit 1; }
	sleep 1
done
say "healthy after $(( $(date +%s) - started )) s"

PSQL=(psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d tidemark -v ON_ERROR_STOP=1)
say "postgres: $("${PSQL[@]}" -At -c 'SHOW server_version')"

# ---------------------------------------------------------------------------------------------------- data
log "API token (VIEWER, created by admin)"
TOKEN=$(curl -fsS -u admin:tidemark -H 'Content-Type: application/json' \
	-d '{"name":"bench","roles":["VIEWER"]}' "$BASE/api/v1/api-tokens" | jq -er .token)
say "token created (tmk_…, not printed)"

log "Registering $TARGETS targets (verifyConnection=false, as operator)"
for i in $(seq -w 1 "$TARGETS"); do
	curl -fsS -o /dev/null -u operator:tidemark -H 'Content-Type: application/json' \
		-d "{\"name\":\"bench-$i\",\"jdbcUrl\":\"jdbc:postgresql://127.0.0.1:1/bench_$i\",\"username\":\"bench\",\"labels\":{\"env\":\"bench\"}}" \
		"$BASE/api/v1/targets?verifyConnection=false"
done
say "$("${PSQL[@]}" -At -c "SELECT count(*) FROM target WHERE name LIKE 'bench-%'") bench targets"

log "Seeding $FINDINGS findings (one INSERT ... SELECT generate_series, then VACUUM (ANALYZE))"
seed_started=$(date +%s%N)
"${PSQL[@]}" -v findings="$FINDINGS" -f "$ROOT/bench/findings-seed.sql"
say "seeded in $(( ($(date +%s%N) - seed_started) / 1000000 )) ms"
# VACUUM can only mark a page all-visible once no transaction older than the insert is running; the service's own
# background queries (metrics refresh, scheduler) sometimes are, so repeat until the visibility map is complete.
# Without it every count(*) for totalItems reads the heap instead of only the index (see the findings doc).
for attempt in $(seq 1 20); do
	visible=$("${PSQL[@]}" -At -c "SELECT relallvisible * 100 / greatest(relpages, 1) FROM pg_class WHERE relname = 'finding'")
	(( visible >= 99 )) && break
	sleep 1
	"${PSQL[@]}" -c 'VACUUM finding'
done
say "visibility map: ${visible} % of the finding table's pages all-visible"
"${PSQL[@]}" -c "SELECT count(*) AS findings, count(DISTINCT target_id) AS targets, count(DISTINCT rule_id) AS rules,
		pg_size_pretty(pg_total_relation_size('finding')) AS table_size,
		round(avg(pg_column_size(evidence))) AS avg_evidence_bytes FROM finding" | tee -a "$RESULTS"
"${PSQL[@]}" -c "SELECT severity, count(*) FILTER (WHERE status = 'OPEN') AS open,
		count(*) FILTER (WHERE status = 'RESOLVED') AS resolved, count(*) FILTER (WHERE status = 'SUPPRESSED') AS suppressed
		FROM finding GROUP BY severity_rank, severity ORDER BY severity_rank" | tee -a "$RESULTS"

seeded=$("${PSQL[@]}" -At -c "SELECT count(*) FROM finding")
[[ "$seeded" == "$FINDINGS" ]] || { echo "expected $FINDINGS findings in the store, found $seeded" >&2; exit 1; }
TARGET_ID=$("${PSQL[@]}" -At -c "SELECT id FROM target WHERE name = 'bench-01'")
[[ -n "$TARGET_ID" ]] || { echo "target bench-01 is missing (TARGETS=$TARGETS)" >&2; exit 1; }
Q_TARGET="/api/v1/findings?targetId=$TARGET_ID&status=OPEN&severity=HIGH&size=50"
Q_CROSS="/api/v1/findings?status=OPEN&severity=CRITICAL&size=50&sort=lastSeenAt"

log "The two queries (one page each)"
for q in "$Q_TARGET" "$Q_CROSS"; do
	curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE$q" -o "$RUN/page.json"
	say "$q"
	say "   -> $(jq -r '"\(.items | length) items of totalItems \(.totalItems)"' "$RUN/page.json"), $(wc -c <"$RUN/page.json") bytes"
done

if [[ "$EXPLAIN" == 1 ]]; then
	# The statements FindingStore.page and FindingStore.count build for the two queries (literals for the ? parameters).
	log "EXPLAIN (ANALYZE, BUFFERS) of what FindingStore runs for the two queries"
	COLUMNS_SQL="id, target_id, fingerprint, rule_id, severity, status, object::text AS object, object_text, evidence::text AS evidence, repair::text AS repair, message, first_seen_at, last_seen_at, resolved_at, suppression_reason, suppressed_by, suppressed_at, suppressed_until"
	"${PSQL[@]}" <<-SQL | tee -a "$RESULTS"
		EXPLAIN (ANALYZE, BUFFERS) SELECT $COLUMNS_SQL FROM finding WHERE target_id = '$TARGET_ID' AND status = 'OPEN'::text AND severity_rank = 1::smallint ORDER BY severity_rank ASC, last_seen_at DESC, id LIMIT 50 OFFSET 0;
		EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM finding WHERE target_id = '$TARGET_ID' AND status = 'OPEN'::text AND severity_rank = 1::smallint;
		EXPLAIN (ANALYZE, BUFFERS) SELECT $COLUMNS_SQL FROM finding WHERE status = 'OPEN'::text AND severity_rank = 0::smallint ORDER BY last_seen_at DESC, severity_rank ASC, id LIMIT 50 OFFSET 0;
		EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM finding WHERE status = 'OPEN'::text AND severity_rank = 0::smallint;
	SQL
fi

# ---------------------------------------------------------------------------------------------------- load
# CPU accounting, so a run on a busy machine can still be read: CPU time the service's JVM and its PostgreSQL
# (postmaster and backends) spent per request, and how busy the whole machine was (other work included).
CLK_TCK=$(getconf CLK_TCK)
PG_PID=$(head -n1 "$RUN/data/pgdata/postmaster.pid")
proc_ticks() {   # utime + stime of the given pids, in clock ticks
	local total=0 pid fields
	for pid in "$@"; do
		fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
		# after "pid (comm) ", utime and stime are fields 12 and 13
		total=$(( total + $(awk '{print $12 + $13}' <<<"$fields") ))
	done
	echo "$total"
}
service_ticks() { proc_ticks "$SERVICE_PID"; }
postgres_ticks() { proc_ticks "$PG_PID" $(pgrep -P "$PG_PID" || true); }
machine_ticks() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6}' /proc/stat; }

# The machine may be shared: before a measured run, wait (up to $QUIET_WAIT s) until the other processes leave at
# least $QUIET_IDLE % of the CPU idle over 3 s; the CPU line of each run says how busy it really was.
idle_pct() {   # idle share of all cores over the next $1 seconds
	local a b
	a=$(machine_ticks); sleep "$1"; b=$(machine_ticks)
	awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); all = y[2] - x[2];
		idle = all > 0 ? 100 - (y[1] - x[1]) * 100 / all : 0; printf "%d\n", idle }'
}
wait_quiet() {
	local waited=0 idle
	while :; do
		idle=$(idle_pct 3)
		(( idle >= QUIET_IDLE || waited >= QUIET_WAIT )) && break
		(( waited == 0 )) && echo "   (machine busy: ${idle} % idle; waiting up to ${QUIET_WAIT} s for ${QUIET_IDLE} %)" >&2
		waited=$((waited + 3))
	done
	IDLE_BEFORE=$idle
}

# run_wrk LABEL DURATION RATE AUTH_HEADER PATH   (RATE: total requests/s, paced; 0 = closed loop, as fast as it goes)
run_wrk() {
	local label=$1 duration=$2 rate=$3 auth=$4 path=$5 out j0 p0 m0 j1 p1 m1 requests per_thread=0
	IDLE_BEFORE=-
	[[ "$label" == warmup-* ]] || wait_quiet
	(( rate > 0 )) && per_thread=$(( (rate + THREADS - 1) / THREADS ))
	read -r load1 _ </proc/loadavg
	j0=$(service_ticks); p0=$(postgres_ticks); m0=$(machine_ticks)
	out=$(WRK_LABEL=$label WRK_RATE_PER_THREAD=$per_thread \
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency --timeout 10s \
		-s "$ROOT/bench/wrk-report.lua" -H "$auth" "$BASE$path")
	j1=$(service_ticks); p1=$(postgres_ticks); m1=$(machine_ticks)
	echo "$out"
	requests=$(sed -n 's/^RESULT .* requests=\([0-9]*\) .*/\1/p' <<<"$out")
	awk -v label="$label" -v n="${requests:-0}" -v hz="$CLK_TCK" -v cores="$(nproc)" -v load="$load1" -v idle="$IDLE_BEFORE" \
		-v j="$((j1 - j0))" -v p="$((p1 - p0))" -v m0="$m0" -v m1="$m1" 'BEGIN {
		split(m0, a, " "); split(m1, b, " "); busy = b[1] - a[1]; all = b[2] - a[2]
		if (n == 0 || all == 0) exit
		printf "CPU label=%s jvm_ms_per_req=%.2f pg_ms_per_req=%.2f machine_busy_pct=%.0f others_incl_wrk_pct=%.0f idle_before_pct=%s load1_before=%s\n",
			label, j * 1000 / hz / n, p * 1000 / hz / n, busy * 100 / all, (busy - j - p) * 100 / all, idle, load
	}'
}

BEARER="Authorization: Bearer $TOKEN"
log "Warm-up: $WARMUP per query, closed loop (discarded)"
run_wrk warmup-target "$WARMUP" 0 "$BEARER" "$Q_TARGET" >/dev/null
run_wrk warmup-cross "$WARMUP" 0 "$BEARER" "$Q_CROSS" >/dev/null
say "done"

# 1. The issue's command: closed loop, as fast as the service answers -> maximum throughput, latency at saturation.
log "Closed loop: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency --timeout 10s -H 'Authorization: Bearer <token>'"
say "-- per-target: $Q_TARGET"
run_wrk token-per-target-max "$DURATION" 0 "$BEARER" "$Q_TARGET" | tee -a "$RESULTS"
say "-- cross-target: $Q_CROSS"
run_wrk token-cross-target-max "$DURATION" 0 "$BEARER" "$Q_CROSS" | tee -a "$RESULTS"

# 2. The target rate: the same wrk, paced to $RATE requests/s -> latency at the rate the issue asks for.
if [[ "$RATE" != 0 ]]; then
	log "Paced to $RATE requests/s: the same command with -s bench/wrk-report.lua pacing (WRK_RATE_PER_THREAD=$(( (RATE + THREADS - 1) / THREADS )))"
	say "-- per-target: $Q_TARGET"
	run_wrk token-per-target-at-$RATE "$DURATION" "$RATE" "$BEARER" "$Q_TARGET" | tee -a "$RESULTS"
	say "-- cross-target: $Q_CROSS"
	run_wrk token-cross-target-at-$RATE "$DURATION" "$RATE" "$BEARER" "$Q_CROSS" | tee -a "$RESULTS"
fi

# 3. People's HTTP Basic, for comparison: bcrypt (cost 10) on every request.
if [[ "$BASIC_DURATION" != 0 ]]; then
	log "HTTP Basic (bcrypt on every request), closed loop: wrk -t$THREADS -c$CONNECTIONS -d$BASIC_DURATION, viewer:tidemark"
	BASIC="Authorization: Basic $(printf 'viewer:tidemark' | base64)"
	run_wrk basic-per-target-max "$BASIC_DURATION" 0 "$BASIC" "$Q_TARGET" | tee -a "$RESULTS"
	# wrk stops mid-flight; let the service finish the bcrypt checks already queued before it is stopped.
	sleep 5
fi

log "Summary (target: >= 500 requests/s and p99 < 50 ms)"
grep -E '^(RESULT|CPU) ' "$RESULTS" | tee -a "$RESULTS.summary"
cat "$RESULTS.summary" >>"$RESULTS" && rm -f "$RESULTS.summary"
say "full output: ${RESULTS#"$ROOT"/}"
