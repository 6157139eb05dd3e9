#!/usr/bin/env bash
# Times a Tidemark catalog snapshot of N hypertables x C chunks next to the snapshot of N plain tables with the same
# columns and indexes, on the same TimescaleDB server. See docs/benchmarks.md. The only TimescaleDB here is the
# PGlite build of src/test/timescaledb (PostgreSQL 17 in WASM, single-threaded, in memory, ONE client connection
# at a time, one shared backend session): absolute times are not a native server's, the ratio is on one engine.
# Settings (environment):
#   SCALES="100x1000"  NxC pairs: N tables, C chunks per hypertable; each scale gets a fresh server
#   RUNS=5             measured snapshot runs per catalog (one JVM each, medians are reported)
#   WARMUP=2           unmeasured snapshot reads before each measured one (same JVM)
#   BREAKDOWN=3        rounds of the per-query timing per catalog (0 skips it)
#   CHUNK_INTERVAL="1 hour"   one row per interval, so C rows make C chunks
#   COMPRESS_EVERY=4   every 4th hypertable has compression (segment by device_id) and a compression policy
#   RETAIN_EVERY=5     every 5th hypertable has a retention policy
#   COMPRESSED_CHUNKS=10  chunks actually compressed, on the first hypertable with compression
#   BENCH_JAVA_OPTS="-Xmx2g"   JVM options of the benchmark JVM
#   PORT=              loopback port of the throwaway server (default: the first free one from 55491)
#   BENCH_NICE=0       niceness of the server and the JVM (negative: root only)
#   PSQL=psql          any psql client (only sends statements)
#   SAME_COUNT=0       1 also measures a plain catalog of N x C tables (as many tables as the hypertables have
#                      chunks, each shaped like a chunk), on a server of its own, created in batches of 500 by
#                      a DO block that commits every 20 tables
#   BENCH_WORK=target/bench-timescale   where logs and tables go
#   KEEP_SERVER=0      1 leaves the last scale's server running with its hypertables (for EXPLAIN); stop it with
#                      TIDEMARK_TIMESCALE_STATE=/tmp/tidemark-timescale-bench-PORT src/test/timescaledb/timescale-server.sh stop PORT
# Catalogs: both live in schema "bench" with the same names. The plain one is generated and measured first; then
# it is dropped and the hypertables are generated in its place: the snapshot reads the whole database, so the two
# cannot be there at once, and one server per scale keeps the engine and its memory the same for both.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SCALES=${SCALES:-"100x1000"}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-2}
BREAKDOWN=${BREAKDOWN:-3}
CHUNK_INTERVAL=${CHUNK_INTERVAL:-"1 hour"}
COMPRESS_EVERY=${COMPRESS_EVERY:-4}
RETAIN_EVERY=${RETAIN_EVERY:-5}
COMPRESSED_CHUNKS=${COMPRESSED_CHUNKS:-10}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx2g"}
BENCH_NICE=${BENCH_NICE:-0}
PSQL=${PSQL:-psql}
KEEP_SERVER=${KEEP_SERVER:-0}
SAME_COUNT=${SAME_COUNT:-0}
WORK=${BENCH_WORK:-$ROOT/target/bench-timescale}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
SERVER_SH=$ROOT/src/test/timescaledb/timescale-server.sh

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# median of the numbers on stdin (mean of the middle two for an even count)
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# the value of key=value in a RESULT line on stdin
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p"; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ $BENCH_NICE =~ ^-?[0-9]+$ ]] || die "BENCH_NICE must be an integer"
[[ $BENCH_NICE -ge 0 || $EUID -eq 0 ]] || die "a negative BENCH_NICE needs root"
for scale in $SCALES; do
	[[ $scale =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || die "SCALES entries are NxC, e.g. 100x1000 (got $scale)"
done
nice_=(nice -n "$BENCH_NICE")
command -v "$PSQL" >/dev/null || die "no psql client ($PSQL): set PSQL"
command -v node >/dev/null || die "no node: the PGlite TimescaleDB needs Node.js"
java_version=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
[[ ${java_version:-0} -ge 21 ]] 2>/dev/null \
	|| die "need JDK 21+, $JAVA is ${java_version:-unknown}: export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64"

# --- build first: a compile error should not cost a generation
log "load average at the start: $(load)"
log "building the benchmark (test-compile)"
mkdir -p "$WORK"
rm -f "$WORK"/*.log "$WORK"/*.txt "$WORK"/*.md
./mvnw -q -B test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
[[ -s $WORK/classpath.txt ]] || die "dependency:build-classpath wrote no classpath"
CP=$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$WORK/classpath.txt")

if [[ -z ${PORT:-} ]]; then
	for PORT in $(seq 55491 55591); do
		# nothing answers on a free port, so the connect fails
		(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break
	done
fi
export TIDEMARK_TIMESCALE_STATE=${TMPDIR:-/tmp}/tidemark-timescale-bench-$PORT
URL="jdbc:postgresql://127.0.0.1:$PORT/postgres?sslmode=disable&user=postgres&password=postgres"

started=false
stop_server() {
	if $started; then
		log "stopping the server"
		"$SERVER_SH" stop "$PORT" >/dev/null || true
		started=false
	fi
}
trap stop_server EXIT
start_server() {
	log "scale $1: starting a PGlite TimescaleDB on 127.0.0.1:$PORT"
	"${nice_[@]}" "$SERVER_SH" start "$PORT" >/dev/null
	started=true
	NODEPID=$(cat "$TIDEMARK_TIMESCALE_STATE/server.pid")
	log "scale $1: $(psql_ -Atc "SELECT 'PostgreSQL ' || current_setting('server_version') || ', TimescaleDB ' || extversion FROM pg_extension WHERE extname = 'timescaledb'")"
}
trap 'exit 130' INT TERM

# every psql session starts over: PGlite serves all clients from one backend session
psql_() {
	"$PSQL" "postgresql://postgres:postgres@127.0.0.1:$PORT/postgres?sslmode=disable" -X -q -v ON_ERROR_STOP=1 "$@"
}
session='DISCARD ALL;
SET client_min_messages = warning;
SET search_path = public;'
node_cpu_ms() { sed 's/.*) //' "/proc/$NODEPID/stat" | awk '{print ($12 + $13) * 10}'; }
node_rss_mb() { echo $(($(ps -o rss= -p "$NODEPID") / 1024)); }

# the same columns, keys and index for both catalogs; $2 = 1 makes it a hypertable with C chunks
create_table() {
	local t=$1 hyper=$2 chunks=$3 i=$4
	echo "$session"
	echo "CREATE TABLE bench.$t (time timestamptz NOT NULL, device_id int NOT NULL, value double precision,"
	echo "  PRIMARY KEY (device_id, time));"
	echo "CREATE INDEX ${t}_time_idx ON bench.$t (time DESC, device_id);"
	if [[ $hyper -eq 1 ]]; then
		echo "SELECT create_hypertable('bench.$t', by_range('time', interval '$CHUNK_INTERVAL'),"
		echo "  create_default_indexes => false);"
		# one row per chunk interval: C rows, C chunks, in one statement
		echo "INSERT INTO bench.$t SELECT timestamptz '2020-01-01 00:00:00+00' + n * interval '$CHUNK_INTERVAL', n % 10, n"
		echo "  FROM generate_series(0, $((chunks - 1))) n;"
		if ((COMPRESS_EVERY > 0 && i % COMPRESS_EVERY == 0)); then
			echo "ALTER TABLE bench.$t SET (timescaledb.compress, timescaledb.compress_segmentby = 'device_id',"
			echo "  timescaledb.compress_orderby = 'time DESC');"
			echo "SELECT add_compression_policy('bench.$t', interval '30 days');"
			if ((i == COMPRESS_EVERY && COMPRESSED_CHUNKS > 0)); then
				echo "SELECT count(compress_chunk(c)) FROM show_chunks('bench.$t') c"
				echo "  WHERE c IN (SELECT c2 FROM show_chunks('bench.$t') c2 ORDER BY 1 LIMIT $COMPRESSED_CHUNKS);"
			fi
		fi
		if ((RETAIN_EVERY > 0 && i % RETAIN_EVERY == 0)); then
			echo "SELECT add_retention_policy('bench.$t', interval '10 years');"
		fi
	fi
}

# a plain table with a foreign key to table $1's primary key
add_referencing_table() {
	psql_ >/dev/null <<-SQL
		$session
		CREATE TABLE bench.readings_ref (id int PRIMARY KEY, device_id int NOT NULL, time timestamptz NOT NULL,
		  FOREIGN KEY (device_id, time) REFERENCES bench.$1 (device_id, time));
	SQL
}

# N tables (hypertables when $2 = 1) and a plain table with a foreign key to the first one's primary key
generate() {
	local n=$1 hyper=$2 chunks=$3 i t step=$((n >= 10 ? n / 10 : 1))
	echo "$session CREATE SCHEMA bench;" | psql_ >/dev/null
	for i in $(seq "$n"); do
		t=$(printf 't_%04d' "$i")
		create_table "$t" "$hyper" "$chunks" "$i" | psql_ >/dev/null
		if ((i % step == 0)); then
			log "  $i / $n tables (server RSS $(node_rss_mb) MB, load $(load))"
		fi
	done
	add_referencing_table t_0001
}

# $1 plain tables shaped like the hypertables (and their chunks), server-side in batches: one psql call per table
# would take hours at 100,000; and the referencing table as in generate()
generate_bulk() {
	local n=$1 from to step=$(($1 >= 10 ? $1 / 10 : 1)) next
	echo "$session CREATE SCHEMA bench;" | psql_ >/dev/null
	next=$step
	for ((from = 1; from <= n; from += 500)); do
		to=$((from + 499 < n ? from + 499 : n))
		psql_ >/dev/null <<-SQL
			$session
			DO \$\$
			BEGIN
				FOR i IN $from..$to LOOP
					EXECUTE format('CREATE TABLE bench.%I (time timestamptz NOT NULL, device_id int NOT NULL,'
						' value double precision, PRIMARY KEY (device_id, time))', 't_' || lpad(i::text, 6, '0'));
					EXECUTE format('CREATE INDEX %I ON bench.%I (time DESC, device_id)',
						't_' || lpad(i::text, 6, '0') || '_time_idx', 't_' || lpad(i::text, 6, '0'));
					-- every CREATE holds its locks until commit: PGlite's lock table fits a few dozen tables
					IF i % 20 = 0 THEN
						COMMIT;
					END IF;
				END LOOP;
			END
			\$\$;
		SQL
		if ((to >= next)); then
			log "  $to / $n tables (server RSS $(node_rss_mb) MB, load $(load))"
			next=$((next + step))
		fi
	done
	add_referencing_table t_000001
}

# RUNS measured snapshots, one JVM each; appends the RESULT lines to $2
measure() {
	local label=$1 out=$2 i result
	: >"$out"
	for i in $(seq "$RUNS"); do
		"${nice_[@]}" "$JAVA" $BENCH_JAVA_OPTS -cp "$CP" dev.tidemark.bench.SnapshotBenchmark "$URL" --pglite \
			--runs 1 --warmup "$WARMUP" --server-pid "$NODEPID" >"$WORK/$label-snapshot-$i.log" 2>&1 \
			|| { tail -20 "$WORK/$label-snapshot-$i.log" >&2; die "the snapshot benchmark failed"; }
		result=$(grep '^RESULT ' "$WORK/$label-snapshot-$i.log") || die "no RESULT line in $WORK/$label-snapshot-$i.log"
		echo "$result load=$(cut -d' ' -f1 /proc/loadavg)" >>"$out"
		log "$label round $i: snapshot $(field median_ms <<<"$result") ms (server CPU $(field server_cpu_ms <<<"$result")" \
			"ms; $(field tables <<<"$result") tables, $(field chunks <<<"$result") chunks, load $(load))"
	done
}

breakdown() {
	local label=$1
	[[ $BREAKDOWN -gt 0 ]] || return 0
	log "$label: timing each catalog query alone ($BREAKDOWN rounds)"
	{
		echo "$label:"
		echo
		"${nice_[@]}" "$JAVA" $BENCH_JAVA_OPTS -cp "$CP" dev.tidemark.bench.SnapshotBenchmark "$URL" --pglite --runs 0 \
			--breakdown "$BREAKDOWN" | grep '^|'
		echo
	} >>"$WORK/breakdown.md"
}

table=$WORK/results.md
{
	echo "| scale N×C | catalog | generation s | snapshot median ms | min / max ms | cold first read ms | server CPU ms | client CPU ms | tables | indexes | hypertables | chunks counted | chunks listed as tables (their indexes) | JSON MB | load during runs |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|"
} >"$table"
ratios=$WORK/ratios.md
: >"$ratios"
: >"$WORK/breakdown.md"

row() {
	local scale=$1 label=$2 gen_ms=$3 results=$4
	local lo hi
	lo=$(field median_ms <"$results" | sort -n | head -1)
	hi=$(field median_ms <"$results" | sort -n | tail -1)
	awk -v s="$scale" -v l="$label" -v g="$gen_ms" -v m="$(field median_ms <"$results" | median)" -v lo="$lo" -v hi="$hi" \
		-v c="$(field first_ms <"$results" | median)" -v sc="$(field server_cpu_ms <"$results" | median)" \
		-v cc="$(field client_cpu_ms <"$results" | median)" -v t="$(field tables <"$results" | tail -1)" \
		-v ix="$(field indexes <"$results" | tail -1)" -v h="$(field hypertables <"$results" | tail -1)" \
		-v ch="$(field chunks <"$results" | tail -1)" -v ct="$(field chunk_tables <"$results" | tail -1)" \
		-v ci="$(field chunk_indexes <"$results" | tail -1)" \
		-v j="$(field json_bytes <"$results" | tail -1)" \
		-v ld="$(field load <"$results" | sort -n | head -1)–$(field load <"$results" | sort -n | tail -1)" 'BEGIN {
		printf "| %s | %s | %.0f | %.0f | %.0f / %.0f | %.0f | %.0f | %.0f | %d | %d | %d | %d | %d (%d) | %.1f | %s |\n",
			s, l, g / 1000, m, lo, hi, c, sc, cc, t, ix, h, ch, ct, ci, j / 1048576, ld }' >>"$table"
}

for scale in $SCALES; do
	n=${scale%x*}
	c=${scale#*x}
	if [[ $SAME_COUNT -eq 1 ]]; then
		# a server of its own: dropping N x C tables afterwards would need them all locked at once, more than
		# PGlite's lock table holds, and dropping them in batches corrupted an index at 30,000 tables
		start_server "$scale"
		log "scale $scale: generating $((n * c)) plain tables (load $(load))"
		t0=$(now_ms)
		generate_bulk $((n * c))
		same_gen=$(($(now_ms) - t0))
		log "scale $scale: $((n * c)) plain tables generated in $same_gen ms (RSS $(node_rss_mb) MB)"
		measure "s${scale}-same" "$WORK/s${scale}-same.txt"
		breakdown "Scale $scale, $((n * c)) plain tables"
		stop_server
	fi
	start_server "$scale"

	log "scale $scale: generating $n plain tables"
	t0=$(now_ms)
	generate "$n" 0 "$c"
	plain_gen=$(($(now_ms) - t0))
	log "scale $scale: plain catalog generated in $plain_gen ms"
	measure "s${scale}-plain" "$WORK/s${scale}-plain.txt"
	breakdown "Scale $scale, plain tables"

	log "scale $scale: dropping the plain tables, generating $n hypertables × $c chunks (load $(load))"
	echo "$session DROP SCHEMA bench CASCADE;" | psql_ >/dev/null
	t0=$(now_ms)
	cpu0=$(node_cpu_ms)
	generate "$n" 1 "$c"
	hyper_gen=$(($(now_ms) - t0))
	log "scale $scale: hypertables generated in $hyper_gen ms (server CPU $(($(node_cpu_ms) - cpu0)) ms," \
		"RSS $(node_rss_mb) MB, load $(load))"
	chunks=$(psql_ -Atc "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = 'bench'")
	[[ $chunks -eq $((n * c)) ]] || die "expected $((n * c)) chunks, the server has $chunks"
	measure "s${scale}-hyper" "$WORK/s${scale}-hyper.txt"
	breakdown "Scale $scale, hypertables"

	row "$scale" "plain" "$plain_gen" "$WORK/s${scale}-plain.txt"
	if [[ $SAME_COUNT -eq 1 ]]; then
		row "$scale" "plain, $((n * c)) tables" "$same_gen" "$WORK/s${scale}-same.txt"
	fi
	row "$scale" "hypertables" "$hyper_gen" "$WORK/s${scale}-hyper.txt"
	# sanity: every chunk counted, none listed as a table, the same tables in both snapshots
	sc=$(field chunks <"$WORK/s${scale}-hyper.txt" | tail -1)
	ct=$(field chunk_tables <"$WORK/s${scale}-hyper.txt" | tail -1)
	tp=$(field tables <"$WORK/s${scale}-plain.txt" | tail -1)
	th=$(field tables <"$WORK/s${scale}-hyper.txt" | tail -1)
	[[ $sc -eq $((n * c)) ]] || log "WARNING: the snapshot counts $sc chunks, the server has $((n * c))"
	ci=$(field chunk_indexes <"$WORK/s${scale}-hyper.txt" | tail -1)
	[[ $ct -eq 0 && $ci -eq 0 ]] || log "WARNING: the snapshot lists $ct chunks as tables and $ci indexes on chunks"
	[[ $tp -eq $th ]] || log "WARNING: $tp tables in the plain snapshot, $th in the hypertable one"
	same=n/a
	if [[ $SAME_COUNT -eq 1 ]]; then
		same=$(field median_ms <"$WORK/s${scale}-same.txt" | median)
	fi
	awk -v s="$scale" -v p="$(field median_ms <"$WORK/s${scale}-plain.txt" | median)" \
		-v h="$(field median_ms <"$WORK/s${scale}-hyper.txt" | median)" \
		-v ps="$(field server_cpu_ms <"$WORK/s${scale}-plain.txt" | median)" \
		-v hs="$(field server_cpu_ms <"$WORK/s${scale}-hyper.txt" | median)" -v same="$same" 'BEGIN {
		printf "| %s | %.0f | %.0f | %.2f | %.2f | %s | %s |\n", s, p, h, h / p, hs / ps, same,
			same == "n/a" ? "n/a" : sprintf("%.2f", h / same) }' >>"$ratios"
	if [[ $KEEP_SERVER -eq 1 && $scale == "${SCALES##* }" ]]; then
		log "scale $scale: leaving the server running on port $PORT (pid $NODEPID, state $TIDEMARK_TIMESCALE_STATE)"
		started=false
	else
		stop_server
	fi
done

echo
echo "Machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; PGlite TimescaleDB (see above);" \
	"Java $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}');" \
	"load average at the end: $(load); RUNS=$RUNS WARMUP=$WARMUP BENCH_NICE=$BENCH_NICE JVM: $BENCH_JAVA_OPTS"
echo
echo "Snapshots, medians of $RUNS runs (one JVM each, after $WARMUP warm-up reads); server CPU = the node process:"
echo
cat "$table"
echo
echo "Hypertables vs plain tables (medians):"
echo
echo "| scale N×C | N plain tables ms | hypertables ms | wall ratio | server CPU ratio | N×C plain tables ms | hypertables / N×C plain |"
echo "|---|---:|---:|---:|---:|---:|---:|"
cat "$ratios"
if [[ -s $WORK/breakdown.md ]]; then
	echo
	echo "Catalog queries, each alone (median ms of $BREAKDOWN rounds):"
	echo
	cat "$WORK/breakdown.md"
fi
log "tables saved in $table, $ratios and $WORK/breakdown.md; logs in $WORK"
