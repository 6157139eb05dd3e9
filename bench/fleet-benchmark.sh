#!/usr/bin/env bash
# A fleet on one Tidemark: TARGETS targets (DATABASES databases x SCHEMAS schemas of TABLES tables, one target per
# schema through its includeSchemas filter) scheduled every INTERVAL_MIN minutes, run for RUN_MIN minutes; reports
# scan lag percentiles, the service's CPU, the store's growth and how many scans found the catalog unchanged.
# See docs/benchmarks.md, "A fleet of 1,000 targets". Needs a running PostgreSQL for the targets (PORT, trust
# auth for user postgres on 127.0.0.1); Tidemark runs with its embedded store (EMBEDDED_PORT) from target/classes.
#   PORT=55640 DATABASES=50 SCHEMAS=20 TABLES=50 INTERVAL_MIN=5 RUN_MIN=10 CONCURRENCY=4 HTTP_PORT=18080
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
EMBEDDED_PORT=${EMBEDDED_PORT:-55650}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
WORK=$ROOT/target/fleet-bench
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
log "starting Tidemark (schedule-concurrency $CONCURRENCY)"
"$JAVA" -Xmx1g -cp "$ROOT/target/classes:$(cat "$WORK/classpath.txt")" dev.tidemark.TidemarkApplication \
	--server.port="$HTTP_PORT" --tidemark.embedded.data-dir="$WORK/store" --tidemark.embedded.port="$EMBEDDED_PORT" \
	--tidemark.embedded.demo-targets=false --tidemark.checks.schedule-concurrency="$CONCURRENCY" \
	--tidemark.checks.schedule-poll=5s --tidemark.checks.schedule-initial-delay=1s \
	--logging.level.dev.tidemark.checks.internal.ScanService=WARN >"$WORK/tidemark.log" 2>&1 &
TM=$!
trap 'kill $TM 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$HTTP_PORT/actuator/health" >/dev/null; do
	kill -0 $TM 2>/dev/null || { tail -20 "$WORK/tidemark.log"; exit 1; }
	sleep 1
done

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

ticks() { awk '{print $14 + $15}' "/proc/$TM/stat"; }
hz=$(getconf CLK_TCK)
cpu0=$(ticks); start=$(date +%s); size0=$(store -c "SELECT pg_database_size('tidemark')")
half=$((RUN_MIN * 60 / 2))
sleep "$half"
cpu1=$(ticks); size1=$(store -c "SELECT pg_database_size('tidemark')"); mid=$(date +%s)
sleep $((RUN_MIN * 60 - half))
cpu2=$(ticks); size2=$(store -c "SELECT pg_database_size('tidemark')"); end=$(date +%s)

# lag of scan k of a target = its start - (start of scan k-1 + interval); the first scan's is measured from when
# the scheduler first saw the target (the earliest first scan), so it is an upper bound
store -F ' ' > "$WORK/lag.txt" <<SQL
WITH s AS (
	SELECT target_id, started_at, status, catalog_unchanged,
	       lag(started_at) OVER (PARTITION BY target_id ORDER BY started_at) AS previous
	FROM scan WHERE requested_by = 'scheduler'
)
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)::numeric, 2),
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY l)::numeric, 2),
       round(max(l)::numeric, 2), count(*), count(*) FILTER (WHERE status = 'SUCCEEDED'),
       count(*) FILTER (WHERE catalog_unchanged), count(DISTINCT target_id)
FROM (SELECT extract(epoch FROM started_at - coalesce(previous + interval '$INTERVAL_MIN minutes',
                                                      (SELECT min(started_at) FROM scan))) AS l,
             status, catalog_unchanged, target_id
      FROM s) x;
SQL
read -r p50 p99 maxlag scans ok unchanged targets < "$WORK/lag.txt"
steady_scans=$(store -c "SELECT count(*) FROM scan WHERE started_at >= to_timestamp($mid)")
cpu_first=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$hz" -v t=$((mid - start)) 'BEGIN {printf "%.0f", 100 * (b - a) / hz / t}')
cpu_second=$(awk -v a="$cpu1" -v b="$cpu2" -v hz="$hz" -v t=$((end - mid)) 'BEGIN {printf "%.0f", 100 * (b - a) / hz / t}')
growth_day=$(awk -v a="$size1" -v b="$size2" -v t=$((end - mid)) 'BEGIN {printf "%.0f", (b - a) * 86400 / t / 1048576}')
echo "RESULT targets=$targets scans=$scans succeeded=$ok unchanged=$unchanged lagP50s=$p50 lagP99s=$p99 lagMaxS=$maxlag" \
	"cpuFirstHalfPercent=$cpu_first cpuSecondHalfPercent=$cpu_second storeStartMb=$((size0 / 1048576))" \
	"storeEndMb=$((size2 / 1048576)) steadyScansSecondHalf=$steady_scans storeGrowthMbPerDay=$growth_day" \
	"load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)" | tee "$WORK/result.txt"
