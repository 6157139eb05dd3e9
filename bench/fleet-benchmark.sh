#!/usr/bin/env bash
# A fleet on one Tidemark: TARGETS targets (DATABASES databases x SCHEMAS schemas of TABLES tables, one target per
# schema through its includeSchemas filter) scheduled every INTERVAL_MIN minutes, run for RUN_MIN minutes; reports
# scan lag percentiles, the service's CPU, the store's growth, how many scans found the catalog unchanged, and what
# a full and an unchanged scan cost (median duration; CPU of Tidemark, the target server and the store server).
# See docs/benchmarks.md, "A fleet of 1,000 targets". Needs a running PostgreSQL for the targets (PORT, trust
# auth for user postgres on 127.0.0.1); Tidemark runs with its embedded store (EMBEDDED_PORT) from target/classes.
# REPLICAS=2 starts a second Tidemark on HTTP_PORT+1 that shares the first one's store (and secret key); the result
# then gives each replica's scheduled scans and the number of overlapping scans of one target (must be 0).
#   PORT=55640 DATABASES=50 SCHEMAS=20 TABLES=50 INTERVAL_MIN=5 RUN_MIN=10 CONCURRENCY=4 HTTP_PORT=18080 REPLICAS=1
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PORT=${PORT:?set PORT to a running PostgreSQL for the target databases}
DATABASES=${DATABASES:-50}
SCHEMAS=${SCHEMAS:-20}
TABLES=${TABLES:-50}
INTERVAL_MIN=${INTERVAL_MIN:-5}
RUN_MIN=${RUN_MIN:-10}
CONCURRENCY=${CONCURRENCY:-4}
HTTP_PORT=${HTTP_PORT:-18080}
REPLICAS=${REPLICAS:-1}
EMBEDDED_PORT=${EMBEDDED_PORT:-55650}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
WORK=$ROOT/target/fleet-bench
[[ $REPLICAS == 1 || $REPLICAS == 2 ]] || { echo "REPLICAS must be 1 or 2" >&2; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
B=http://127.0.0.1:$HTTP_PORT/api/v1

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
psql() { "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
store() { "$PGBIN/psql" -h 127.0.0.1 -p "$EMBEDDED_PORT" -U postgres -X -q -At -d tidemark "$@"; }

mkdir -p "$WORK"
log "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- target catalogs: one template database, copied (a file copy is far faster than running the DDL again)
if [[ $(psql -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname LIKE 'fleet\_%'") -lt $DATABASES ]]; then
	log "generating fleet_template: $SCHEMAS schemas x $TABLES tables"
	psql -d postgres -c "DROP DATABASE IF EXISTS fleet_template" -c "CREATE DATABASE fleet_template"
	psql -d fleet_template <<SQL
DO \$\$
BEGIN
	FOR s IN 1..$SCHEMAS LOOP
		EXECUTE format('CREATE SCHEMA app_%s', s);
		FOR t IN 1..$TABLES LOOP
			EXECUTE format('CREATE TABLE app_%1\$s.t_%2\$s (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			    account_id bigint NOT NULL, name text NOT NULL, status text DEFAULT %3\$L, payload jsonb,
			    created_at timestamptz NOT NULL DEFAULT now())', s, t, 'new');
			EXECUTE format('CREATE INDEX ON app_%1\$s.t_%2\$s (account_id, created_at)', s, t);
		END LOOP;
	END LOOP;
END
\$\$;
ANALYZE;
SQL
	for d in $(seq 1 "$DATABASES"); do
		psql -d postgres -c "DROP DATABASE IF EXISTS fleet_$d" -c "CREATE DATABASE fleet_$d TEMPLATE fleet_template STRATEGY FILE_COPY"
	done
fi

# --- Tidemark from target/classes with a fresh embedded store
[[ -s $WORK/classpath.txt ]] || ./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
rm -rf "$WORK/store"
SCHEDULING=(--tidemark.checks.schedule-concurrency="$CONCURRENCY" --tidemark.checks.schedule-poll=5s
	--tidemark.checks.schedule-initial-delay=1s --logging.level.dev.tidemark.checks.internal.ScanService=WARN)
awaitHealthy() { # pid, port, log
	until curl -sf "http://127.0.0.1:$2/actuator/health" >/dev/null; do
		kill -0 "$1" 2>/dev/null || { tail -20 "$3"; exit 1; }
		sleep 1
	done
}
log "starting Tidemark (schedule-concurrency $CONCURRENCY, $REPLICAS replica(s))"
"$JAVA" -Xmx1g -cp "$ROOT/target/classes:$(cat "$WORK/classpath.txt")" dev.tidemark.TidemarkApplication \
	--server.port="$HTTP_PORT" --tidemark.embedded.data-dir="$WORK/store" --tidemark.embedded.port="$EMBEDDED_PORT" \
	--tidemark.embedded.demo-targets=false "${SCHEDULING[@]}" >"$WORK/tidemark.log" 2>&1 &
TM=$!
TM2=
trap 'kill $TM $TM2 2>/dev/null || true' EXIT
awaitHealthy $TM "$HTTP_PORT" "$WORK/tidemark.log"
if [[ $REPLICAS == 2 ]]; then
	# the second replica: the first one's embedded store as an ordinary store, its key (to read target passwords)
	"$JAVA" -Xmx1g -cp "$ROOT/target/classes:$(cat "$WORK/classpath.txt")" dev.tidemark.TidemarkApplication \
		--server.port=$((HTTP_PORT + 1)) --tidemark.store.url="jdbc:postgresql://127.0.0.1:$EMBEDDED_PORT/tidemark" \
		--tidemark.store.username=postgres --tidemark.secret-key="$(cat "$WORK/store/secret.key")" \
		--tidemark.security.users.viewer.password='{noop}tidemark' --tidemark.security.users.viewer.roles=VIEWER \
		"${SCHEDULING[@]}" >"$WORK/tidemark-2.log" 2>&1 &
	TM2=$!
	awaitHealthy $TM2 $((HTTP_PORT + 1)) "$WORK/tidemark-2.log"
fi

# --- register the fleet (without the connection check: the first scan shows a bad one)
log "registering $((DATABASES * SCHEMAS)) targets"
t0=$(date +%s)
for d in $(seq 1 "$DATABASES"); do
	for s in $(seq 1 "$SCHEMAS"); do
		printf '{"name":"fleet-%s-%s","jdbcUrl":"jdbc:postgresql://127.0.0.1:%s/fleet_%s","username":"postgres","password":"unused-trust","options":{"includeSchemas":["app_%s"],"scanIntervalMinutes":%s}}\n' \
			"$d" "$s" "$PORT" "$d" "$s" "$INTERVAL_MIN"
	done
done | xargs -d '\n' -P 4 -I{} curl -sf -o /dev/null -u admin:tidemark -H 'Content-Type: application/json' \
	-X POST "$B/targets?verifyConnection=false" -d {}
registered=$(store -c "SELECT count(*) FROM target")
log "registered $registered in $(($(date +%s) - t0)) s"
[[ $registered -eq $((DATABASES * SCHEMAS)) ]] || { log "error: registration failed"; exit 1; }

ticks() { for pid in $TM $TM2; do awk '{print $14 + $15}' "/proc/$pid/stat"; done | awk '{s += $1} END {print s}'; }
hz=$(getconf CLK_TCK)
# CPU ticks of a PostgreSQL server: its postmaster with every process under it, live or reaped (fields 14-17)
target_pm=$(head -1 "$(psql -d postgres -Atc 'SHOW data_directory')/postmaster.pid")
store_pm=$(head -1 "$(store -c 'SHOW data_directory')/postmaster.pid")
server_ticks() {
	local pid total=0
	for pid in $1 $(ps --ppid "$1" -o pid=); do
		total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15}' || echo 0)))
	done
	echo "$total"
}
all_ticks() { echo "$(ticks) $(server_ticks "$target_pm") $(server_ticks "$store_pm")"; }
cpu0=$(ticks); all0=$(all_ticks); start=$(date +%s); size0=$(store -c "SELECT pg_database_size('tidemark')")
half=$((RUN_MIN * 60 / 2))
sleep "$half"
cpu1=$(ticks); all1=$(all_ticks); size1=$(store -c "SELECT pg_database_size('tidemark')"); mid=$(date +%s)
sleep $((RUN_MIN * 60 - half))
cpu2=$(ticks); all2=$(all_ticks); size2=$(store -c "SELECT pg_database_size('tidemark')"); end=$(date +%s)

# cost of a full and of an unchanged scan: durations from the scan rows; CPU (Tidemark, target server, store
# server) from the two halves, solving ticks = full scans x c_full + unchanged scans x c_unchanged per half (the
# second half holds almost only unchanged scans, the first half the last first-time full scans)
read -r full_ms unchanged_ms < <(store -F ' ' -c "SELECT
	round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
	       FILTER (WHERE NOT catalog_unchanged) * 1000)::numeric),
	round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
	       FILTER (WHERE catalog_unchanged) * 1000)::numeric)
	FROM scan WHERE status = 'SUCCEEDED'")
read -r full1 unchanged1 < <(store -F ' ' -c "SELECT count(*) FILTER (WHERE NOT catalog_unchanged),
	count(*) FILTER (WHERE catalog_unchanged) FROM scan
	WHERE finished_at >= to_timestamp($start) AND finished_at < to_timestamp($mid)")
read -r full2 unchanged2 < <(store -F ' ' -c "SELECT count(*) FILTER (WHERE NOT catalog_unchanged),
	count(*) FILTER (WHERE catalog_unchanged) FROM scan
	WHERE finished_at >= to_timestamp($mid) AND finished_at < to_timestamp($end)")
scan_cpu=$(awk -v a="$all0" -v b="$all1" -v c="$all2" -v f1="$full1" -v u1="$unchanged1" -v f2="$full2" \
	-v u2="$unchanged2" -v hz="$hz" 'BEGIN {
	split(a, x, " "); split(b, y, " "); split(c, z, " "); out = ""; tf = 0; tu = 0
	for (i = 1; i <= 3; i++) {
		h1 = (y[i] - x[i]) * 1000 / hz; h2 = (z[i] - y[i]) * 1000 / hz
		# two equations, two unknowns: h1 = f1 cf + u1 cu, h2 = f2 cf + u2 cu
		d = f1 * u2 - f2 * u1
		cf = d == 0 ? 0 : (h1 * u2 - h2 * u1) / d; cu = d == 0 ? h2 / u2 : (f1 * h2 - f2 * h1) / d
		out = out sprintf("%.0f/%.1f ", cf, cu); tf += cf; tu += cu
	}
	printf "cpuMsFullVsUnchanged(tidemark,target,store)=%s cpuMsFull=%.0f cpuMsUnchanged=%.1f cpuRatio=%.3f", out, tf, tu, tu / tf }')

# lag of scan k of a target = its start - (start of scan k-1 + interval); the first scan's is measured from its
# registration plus its first-run offset (ScanScheduler.FIRST_RUN_OFFSET_SECONDS, the same expression), so it also
# holds the wait for the next poll (up to 5 s): an upper bound
store -F ' ' > "$WORK/lag.txt" <<SQL
WITH s AS (
	SELECT s.target_id, s.started_at, s.status, s.catalog_unchanged,
	       lag(s.started_at) OVER (PARTITION BY s.target_id ORDER BY s.started_at) AS previous,
	       t.created_at + make_interval(secs => ('x' || left(md5(t.id::text), 8))::bit(32)::bigint
	                                            % ($INTERVAL_MIN * 60)) AS first_due
	FROM scan s JOIN target t ON t.id = s.target_id WHERE s.requested_by = 'scheduler'
), l AS (
	SELECT extract(epoch FROM started_at - coalesce(previous + interval '$INTERVAL_MIN minutes', first_due)) AS l,
	       previous IS NULL AS first, status, catalog_unchanged, target_id
	FROM s
)
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)::numeric, 2),
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY l)::numeric, 2),
       round(max(l)::numeric, 2), count(*), count(*) FILTER (WHERE status = 'SUCCEEDED'),
       count(*) FILTER (WHERE catalog_unchanged), count(DISTINCT target_id),
       round((percentile_cont(0.99) WITHIN GROUP (ORDER BY l) FILTER (WHERE first))::numeric, 2),
       round((max(l) FILTER (WHERE first))::numeric, 2),
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY l) FILTER (WHERE NOT first))::numeric, 2),
       round((percentile_cont(0.99) WITHIN GROUP (ORDER BY l) FILTER (WHERE NOT first))::numeric, 2),
       round((max(l) FILTER (WHERE NOT first))::numeric, 2)
FROM l;
SQL
read -r p50 p99 maxlag scans ok unchanged targets firstP99 firstMax steadyP50 steadyP99 steadyMax < "$WORK/lag.txt"
# two scans of one target whose run times overlap (a RUNNING one counts as running until now): must be none
overlaps=$(store -c "SELECT count(*) FROM scan a JOIN scan b ON a.target_id = b.target_id AND a.id < b.id
	AND a.started_at < coalesce(b.finished_at, now()) AND b.started_at < coalesce(a.finished_at, now())")
# scheduled scans each replica started: its lag timer's count
started() { curl -sf -u viewer:tidemark "http://127.0.0.1:$1/actuator/prometheus" |
	awk '/^tidemark_scan_lag_seconds_count/ {n += $2} END {print int(n)}'; } # no series yet: none started
split=$(started "$HTTP_PORT")
if [[ $REPLICAS == 2 ]]; then split="$split/$(started $((HTTP_PORT + 1)))"; fi
steady_scans=$(store -c "SELECT count(*) FROM scan WHERE started_at >= to_timestamp($mid)")
cpu_first=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$hz" -v t=$((mid - start)) 'BEGIN {printf "%.0f", 100 * (b - a) / hz / t}')
cpu_second=$(awk -v a="$cpu1" -v b="$cpu2" -v hz="$hz" -v t=$((end - mid)) 'BEGIN {printf "%.0f", 100 * (b - a) / hz / t}')
growth_day=$(awk -v a="$size1" -v b="$size2" -v t=$((end - mid)) 'BEGIN {printf "%.0f", (b - a) * 86400 / t / 1048576}')
echo "RESULT replicas=$REPLICAS targets=$targets scans=$scans succeeded=$ok unchanged=$unchanged" \
	"lagP50s=$p50 lagP99s=$p99 lagMaxS=$maxlag firstLagP99s=$firstP99 firstLagMaxS=$firstMax" \
	"steadyLagP50s=$steadyP50 steadyLagP99s=$steadyP99 steadyLagMaxS=$steadyMax scansPerReplica=$split overlaps=$overlaps" \
	"cpuFirstHalfPercent=$cpu_first cpuSecondHalfPercent=$cpu_second storeStartMb=$((size0 / 1048576))" \
	"storeEndMb=$((size2 / 1048576)) steadyScansSecondHalf=$steady_scans storeGrowthMbPerDay=$growth_day" \
	"fullScanMedianMs=$full_ms unchangedScanMedianMs=$unchanged_ms fullUnchanged1=$full1/$unchanged1" \
	"fullUnchanged2=$full2/$unchanged2 $scan_cpu" \
	"load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)" | tee "$WORK/result.txt"
