#!/usr/bin/env bash
# Times a Tidemark catalog snapshot next to `pg_dump --schema-only` on a generated catalog, at two scales.
# See docs/benchmarks.md. Settings (environment):
#   SCALES="1 2"   catalog sizes; scale 1 = 2,000 tables, 50 x 48 partitions, 500 views, 200 functions
#   RUNS=5         measured runs of each tool per scale (medians are reported)
#   WARMUP=2       unmeasured snapshot reads before each measured one (same JVM)
#   BREAKDOWN=3    rounds of the per-query timing at each scale (0 skips it)
#   SCAN=1         also time a full scan's rules next to its snapshot at each scale (0 skips it)
#   READS=1        the snapshot-read rounds against pg_dump (0 skips them, e.g. to run only API_SCANS)
#   API_SCANS=1    scans through the running service: a Tidemark (embedded store, API_JAVA_OPTS) scans each
#                  catalog through POST /api/v1/targets/{id}/scans, RUNS rounds of {pg_dump; CREATE TABLE; scan
#                  after the change; UNCHANGED_SCANS scans with nothing changed}, with each scan's phases, the
#                  store's growth, and the CPU each kind of scan costs Tidemark, the target server and the store
#   UNCHANGED_SCANS=10  unchanged scans per round with nothing committed between them (their CPU measured together:
#                  the kernel counts 10 ms ticks), then as many each after a committed write (each measured alone)
#   UNCHANGED_WARMUP=1500  unmeasured unchanged scans after the warm-up rounds: the JIT compiles the unchanged path
#                  for about 1,500 scans, a running service has done that long ago
#   API_JAVA_OPTS="-Xms512m -Xmx512m"   heap of that service: a scan that needs more fails, so the bound is
#                  proven; fixed, as a server's heap is (a heap G1 shrinks to three times the live data starts a
#                  concurrent marking cycle every other young collection)
#   TIDEMARK_ARGS=  more arguments for that service, e.g. --tidemark.scans.catalog-cache=128MB
#   BENCH_JAVA_OPTS="-Xmx1g"   JVM options of the benchmark JVM
#   PGBIN=/usr/lib/postgresql/15/bin   PG_OS_USER=postgres (the user the server runs as when we are root)
#   PORT=          loopback port of the throwaway server (default: the first free one from 55432)
#   BENCH_NICE=0   niceness of the server, pg_dump and the JVM; -20 (root only) keeps other work on a shared
#                  machine out of the measurements as far as it can
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SCALES=${SCALES:-"1 2"}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-2}
UNCHANGED_SCANS=${UNCHANGED_SCANS:-10}
UNCHANGED_WARMUP=${UNCHANGED_WARMUP:-1500}
BREAKDOWN=${BREAKDOWN:-3}
SCAN=${SCAN:-1}
READS=${READS:-1}
API_SCANS=${API_SCANS:-1}
API_JAVA_OPTS=${API_JAVA_OPTS:-"-Xms512m -Xmx512m"}
TIDEMARK_ARGS=${TIDEMARK_ARGS:-}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx1g"}
BENCH_NICE=${BENCH_NICE:-0}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
WORK=$ROOT/target/bench
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# median of the numbers on stdin (mean of the middle two for an even count)
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# the value of key=value in a RESULT line on stdin
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p"; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ $BENCH_NICE =~ ^-?[0-9]+$ ]] || die "BENCH_NICE must be an integer"
[[ $BENCH_NICE -ge 0 || $EUID -eq 0 ]] || die "a negative BENCH_NICE needs root"
# every measured process runs at this niceness; the server's backends inherit it from the postmaster
nice_=(nice -n "$BENCH_NICE")
[[ -x $PGBIN/postgres && -x $PGBIN/pg_dump ]] || die "no PostgreSQL binaries in $PGBIN (set PGBIN)"
java_version=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
[[ ${java_version:-0} -ge 21 ]] 2>/dev/null \
	|| die "need JDK 21+, $JAVA is ${java_version:-unknown}: export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64"

# --- build first: a compile error should not cost a database generation
log "load average at the start: $(cut -d" " -f1-3 /proc/loadavg)"
log "building the benchmark (test-compile)"
mkdir -p "$WORK"
rm -f "$WORK"/*.log "$WORK"/*-schema.sql "$WORK"/*results*.txt
./mvnw -q -B test-compile
# the classpath goes through a file: Maven's own warnings on stdout cannot leak into it
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
[[ -s $WORK/classpath.txt ]] || die "dependency:build-classpath wrote no classpath"
CP=$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$WORK/classpath.txt")

# --- a throwaway server: initdb and postgres refuse to run as root, so run them as an unprivileged user
as_pg=()
if [[ $EUID -eq 0 ]]; then
	PG_OS_USER=${PG_OS_USER:-postgres}
	id "$PG_OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_OS_USER"
	as_pg=(runuser -u "$PG_OS_USER" --)
fi
PGROOT=$WORK/pg
rm -rf "$PGROOT"
mkdir -p "$PGROOT"
if [[ $EUID -eq 0 ]]; then chown "$PG_OS_USER" "$PGROOT"; fi
if ! "${as_pg[@]}" test -w "$PGROOT"; then
	# a parent folder the server user may not enter: fall back to /tmp
	PGROOT=$(mktemp -d /tmp/tidemark-bench.XXXXXX)
	if [[ $EUID -eq 0 ]]; then chown "$PG_OS_USER" "$PGROOT"; fi
fi
PGDATA=$PGROOT/data

if [[ -z ${PORT:-} ]]; then
	for PORT in $(seq 55432 55532); do
		# nothing answers on a free port, so the connect fails
		(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break
	done
fi

started=false
cleanup() {
	if $started; then
		log "stopping the server"
		"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null || true
	fi
}
TM_PID=
cleanup_tidemark() {
	if [[ -n $TM_PID ]]; then
		kill "$TM_PID" 2>/dev/null || true
		wait "$TM_PID" 2>/dev/null || true
	fi
}
trap 'cleanup_tidemark; cleanup' EXIT
trap 'exit 130' INT TERM

log "initdb in $PGDATA"
"${as_pg[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
# fsync off: a throwaway server, only the generation writes. max_locks_per_transaction: pg_dump locks every
# table (about 9,000 at scale 2). autovacuum off: the generator vacuums and analyzes once, and a worker waking
# up in the middle of a measurement would only add noise.
"${nice_[@]}" "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGROOT/postgres.log" -w -t 60 start -o "-p $PORT \
	-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off \
	-c full_page_writes=off -c autovacuum=off -c max_locks_per_transaction=1024" >/dev/null \
	|| { cat "$PGROOT/postgres.log" >&2; die "the server did not start"; }
started=true
psql() { "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
pg_version=$(psql -d postgres -Atc "SHOW server_version")
log "PostgreSQL $pg_version on 127.0.0.1:$PORT"

# --- generate every scale first, then measure
for scale in $SCALES; do
	db=bench_s${scale//./_}
	log "scale $scale: generating the catalog in database $db"
	t0=$(now_ms)
	psql -d postgres -c "CREATE DATABASE $db"
	psql -d "$db" -v scale="$scale" -f bench/generate-catalog.sql >/dev/null
	log "scale $scale: generated in $(($(now_ms) - t0)) ms"
done

# CPU of the server's exited backends, from the postmaster's reaped-children times (/proc/PID/stat fields 16-17):
# other load on the machine stretches wall time, but barely the CPU a run needs
PMPID=$(head -1 "$PGDATA/postmaster.pid")
TICK_MS=$((1000 / $(getconf CLK_TCK)))
server_cpu_ms() { sed 's/.*) //' "/proc/$PMPID/stat" | awk -v t="$TICK_MS" '{print ($14 + $15) * t}'; }
# a backend is counted once the postmaster has reaped it: wait until its only children are the auxiliary
# processes (an exiting backend shows as a bare [postgres], then as a zombie, until it is reaped)
aux='^[^Z ]+ +postgres: (checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher|archiver) *$'
await_backends() { while [[ -n $(ps --ppid "$PMPID" -o stat=,args= | grep -vE "$aux") ]]; do sleep 0.01; done; }

# --- scans through the service (API_SCANS=1)
api_table=$WORK/api-scans.md
api_phases=$WORK/api-phases.md
api_unchanged_phases=$WORK/api-unchanged-phases.md
api_busy_table=$WORK/api-busy.md
: >"$api_busy_table"
: >"$api_table"
: >"$api_phases"
: >"$api_unchanged_phases"
HTTP_PORT=
STORE_PORT=
start_tidemark() {
	HTTP_PORT=$((PORT + 1000))
	STORE_PORT=$((PORT + 1001))
	rm -rf "$WORK/store"
	log "starting Tidemark ($API_JAVA_OPTS, embedded store on $STORE_PORT, HTTP on $HTTP_PORT)"
	# G1 logs every pause with the heap before and after it: the largest "before" is the peak the heap reached
	"${nice_[@]}" "$JAVA" $API_JAVA_OPTS -Xlog:gc:file="$WORK/tidemark-gc.log" \
		-cp "$ROOT/target/classes:$(cat "$WORK/classpath.txt")" dev.tidemark.TidemarkApplication \
		--server.port="$HTTP_PORT" --tidemark.embedded.data-dir="$WORK/store" --tidemark.embedded.port="$STORE_PORT" \
		--tidemark.embedded.demo-targets=false --tidemark.inspection.statement-timeout=10m $TIDEMARK_ARGS \
		>"$WORK/tidemark.log" 2>&1 &
	TM_PID=$!
	until curl -sf "http://127.0.0.1:$HTTP_PORT/actuator/health" >/dev/null; do
		kill -0 "$TM_PID" 2>/dev/null || { tail -20 "$WORK/tidemark.log" >&2; die "Tidemark did not start"; }
		sleep 1
	done
}
api() { curl -sf -u admin:tidemark -H 'Content-Type: application/json' "$@"; }
# scans are posted with an API token, as a pipeline or dashboard would: basic auth checks a bcrypt hash on every
# request (~70 ms of CPU here), a token a SHA-256
TOKEN=
scanner() { curl -sf -H "Authorization: Bearer $TOKEN" "$@"; }
# CPU in ms, as "tidemark target store": the JVM's own time; the target's exited backends (reaped by its
# postmaster); the store's postmaster with every process under it, live (its pooled backends) or reaped
jvm_cpu_ms() { sed 's/.*) //' "/proc/$TM_PID/stat" | awk -v t="$TICK_MS" '{print ($12 + $13) * t}'; }
store_cpu_ms() {
	local pm total=0 pid
	pm=$(head -1 "$(find "$WORK/store" -name postmaster.pid | head -1)")
	for pid in $pm $(ps --ppid "$pm" -o pid=); do
		total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15}' || echo 0)))
	done
	echo $((total * TICK_MS))
}
cpu_now() { echo "$(jvm_cpu_ms) $(server_cpu_ms) $(store_cpu_ms)"; }
# "a b c" "x y z" -> the per-party differences and their sum, divided by $3 scans
cpu_delta() {
	awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { split(a, x, " "); split(b, y, " ");
		j = (y[1] - x[1]) / n; t = (y[2] - x[2]) / n; s = (y[3] - x[3]) / n;
		printf "cpu=%.0f cpu_tidemark=%.0f cpu_target=%.0f cpu_store=%.0f", j + t + s, j, t, s }'
}
store_bytes() {
	"$PGBIN/psql" -h 127.0.0.1 -p "$STORE_PORT" -U postgres -d tidemark -X -Atc \
		"SELECT pg_total_relation_size('snapshot') + pg_total_relation_size('snapshot_part')"
}
# POST a scan; prints "wall_ms status catalogUnchanged phase=ms ..." from the response. The wall time is curl's
# own (request sent to response read): starting a curl process costs about 6 ms more here, and is no scan's cost.
timed_scan() {
	local target=$1 out
	out=$(scanner -w '\n%{time_total}' -X POST "http://127.0.0.1:$HTTP_PORT/api/v1/targets/$target/scans") \
		|| die "POST scan failed"
	echo "$(awk 'END { printf "%.0f", $1 * 1000 }' <<<"$out") $(sed '$d' <<<"$out" | jq -r '[.status, .catalogUnchanged, (.phases | to_entries | map("\(.key)=\(.value)") | join(" "))] | join(" ")')"
}
# the largest heap occupancy G1 reported before a pause (G1 lets the heap fill up to -Xmx before collecting, so
# this approaches the cap) and after one (what stayed live), in MB, since the log was last truncated
peak_heap_mb() {
	local pairs
	pairs=$(grep -ao '[0-9]*M->[0-9]*M' "$WORK/tidemark-gc.log" | tr -d M | tr '>' ' ' | tr -d '-')
	echo "$(awk '{print $1}' <<<"$pairs" | sort -n | tail -1) / $(awk '{print $2}' <<<"$pairs" | sort -n | tail -1)"
}
api_scans() {
	local scale=$1 db=$2 target first before after
	if [[ -z $TM_PID ]]; then
		start_tidemark
		TOKEN=$(api -X POST "http://127.0.0.1:$HTTP_PORT/api/v1/api-tokens" -d '{"name":"benchmark","roles":["OPERATOR"]}' \
			| jq -r .token) || die "creating an API token failed"
	fi
	target=$(api -X POST "http://127.0.0.1:$HTTP_PORT/api/v1/targets?verifyConnection=false" -d \
		"{\"name\":\"bench-$db\",\"jdbcUrl\":\"jdbc:postgresql://127.0.0.1:$PORT/$db\",\"username\":\"postgres\",\"password\":\"unused-trust\"}" \
		| jq -r .id) || die "registering the target failed"
	before=$(store_bytes)
	: >"$WORK/tidemark-gc.log"
	first=$(timed_scan "$target")
	after=$(store_bytes)
	log "scale $scale: first scan (first snapshot of the target): $first; store +$(((after - before) / 1024)) kB"
	[[ $first == *" SUCCEEDED "* ]] || die "the first scan did not succeed: $first"
	# warm-up rounds as a running service has had them (JIT, caches), not measured
	for i in $(seq "$WARMUP"); do
		psql -d "$db" -c "CREATE TABLE public.bench_warmup_${i}_$(date +%s%N) (id bigint PRIMARY KEY, note text)"
		log "scale $scale warm-up $i: $(timed_scan "$target" | cut -d' ' -f1-3); $(timed_scan "$target" | cut -d' ' -f1-3)"
	done
	log "scale $scale: $UNCHANGED_WARMUP unmeasured unchanged scans (JIT)"
	for i in $(seq "$UNCHANGED_WARMUP"); do
		scanner -o /dev/null -X POST "http://127.0.0.1:$HTTP_PORT/api/v1/targets/$target/scans" || die "POST scan failed"
	done
	: >"$WORK/api-$db.txt"
	: >"$WORK/api-$db-unchanged.txt"
	: >"$WORK/api-$db-unchanged-cpu.txt"
	: >"$WORK/api-$db-busy.txt"
	: >"$WORK/api-$db-busy-cpu.txt"
	psql -d "$db" -c "CREATE TABLE IF NOT EXISTS public.bench_writes (v bigint)"
	for i in $(seq "$RUNS"); do
		await_backends
		{ TIMEFORMAT='%3R'; time "${nice_[@]}" "$PGBIN/pg_dump" -h 127.0.0.1 -p "$PORT" -U postgres \
			--schema-only -f "$WORK/$db-schema.sql" "$db"; } 2>"$WORK/dump-time.txt" || die "pg_dump failed"
		dump_ms=$(awk '{printf "%.0f", $1 * 1000}' "$WORK/dump-time.txt")
		# a real change: one new table with a key, as a migration would add it
		psql -d "$db" -c "CREATE TABLE public.bench_change_${i}_$(date +%s%N) (id bigint PRIMARY KEY, note text)"
		before=$(store_bytes)
		await_backends
		c0=$(cpu_now)
		changed=$(timed_scan "$target")
		await_backends
		c_changed=$(cpu_now)
		after=$(store_bytes)
		[[ $changed == *" SUCCEEDED false "* ]] || die "unexpected scan outcome after a change: $changed"
		# not measured: the collections of the changed scan's garbage land here, not on the unchanged scans (which
		# leaves them out of the changed scan's CPU too: its ratio is, if anything, overstated)
		for k in $(seq "$UNCHANGED_SCANS"); do timed_scan "$target" >/dev/null; done
		await_backends
		c1=$(cpu_now)
		for k in $(seq "$UNCHANGED_SCANS"); do
			unchanged=$(timed_scan "$target")
			[[ $unchanged == *" SUCCEEDED true "* ]] || die "unexpected outcome of an unchanged scan: $unchanged"
			echo "unchanged=${unchanged%% *} ${unchanged#* * * }" >>"$WORK/api-$db-unchanged.txt"
		done
		await_backends
		c2=$(cpu_now)
		# unchanged catalog, but a transaction commits before each scan (as on any database in use): the quiet
		# shortcut does not apply and the fingerprint reads the catalog stamp. Each scan measured alone, so the
		# write's own backend is not counted.
		local busy_sum="0 0 0" ca cb
		for k in $(seq "$UNCHANGED_SCANS"); do
			psql -d "$db" -c "INSERT INTO public.bench_writes VALUES ($i$k)"
			await_backends
			ca=$(cpu_now)
			unchanged=$(timed_scan "$target")
			[[ $unchanged == *" SUCCEEDED true "* ]] || die "unexpected outcome of an unchanged scan after a write: $unchanged"
			await_backends
			cb=$(cpu_now)
			busy_sum=$(awk -v s="$busy_sum" -v a="$ca" -v b="$cb" 'BEGIN { split(s, t, " "); split(a, x, " "); split(b, y, " ");
				printf "%d %d %d", t[1] + y[1] - x[1], t[2] + y[2] - x[2], t[3] + y[3] - x[3] }')
			echo "unchanged=${unchanged%% *} ${unchanged#* * * }" >>"$WORK/api-$db-busy.txt"
		done
		changed_cpu=$(cpu_delta "$c0" "$c_changed" 1)
		unchanged_cpu=$(cpu_delta "$c1" "$c2" "$UNCHANGED_SCANS")
		echo "$(cpu_delta "0 0 0" "$busy_sum" "$UNCHANGED_SCANS")" >>"$WORK/api-$db-busy-cpu.txt"
		echo "dump=$dump_ms changed=${changed%% *} store=$((after - before)) $changed_cpu ${changed#* * * }" \
			>>"$WORK/api-$db.txt"
		echo "$unchanged_cpu" >>"$WORK/api-$db-unchanged-cpu.txt"
		log "scale $scale round $i: pg_dump $dump_ms ms; scan after a change $changed, $changed_cpu;" \
			"$UNCHANGED_SCANS unchanged, per scan $unchanged_cpu; as many after a write, the last ${unchanged%% *} ms" \
			"(${unchanged#* * * }), per scan $(tail -1 "$WORK/api-$db-busy-cpu.txt");" \
			"store +$(((after - before) / 1024)) kB"
	done
	local r=$WORK/api-$db.txt
	kv() { sed -n "s/.*[[:space:]]$1=\([0-9]*\).*/\1/p; s/^$1=\([0-9]*\).*/\1/p" "${2:-$r}" | median; }
	local ur=$WORK/api-$db-unchanged.txt uc=$WORK/api-$db-unchanged-cpu.txt br=$WORK/api-$db-busy.txt bc=$WORK/api-$db-busy-cpu.txt
	awk -v s="$scale" -v d="$(kv dump)" -v c="$(kv changed)" -v u="$(kv unchanged "$ur")" -v g="$(kv store)" \
		-v f="${first%% *}" -v h="$(peak_heap_mb)" -v cc="$(kv cpu)" -v uc="$(kv cpu "$uc")" \
		-v parts="$(kv cpu_tidemark) / $(kv cpu_target) / $(kv cpu_store) → $(kv cpu_tidemark "$uc") / $(kv cpu_target "$uc") / $(kv cpu_store "$uc")" 'BEGIN {
		printf "| %s | %.0f | %.0f | **%.2f** | %.0f | %.3f | %.0f | %.0f | **%.3f** | %s | %.0f | %.0f kB | %s |\n", s, d, c, c / d, u, u / c, cc, uc, uc / cc, parts, f, g / 1024, h }' \
		>>"$api_table"
	awk -v s="$scale" -v c="$(kv changed)" -v u="$(kv unchanged "$br")" -v cc="$(kv cpu)" -v uc="$(kv cpu "$bc")" \
		-v parts="$(kv cpu_tidemark "$bc") / $(kv cpu_target "$bc") / $(kv cpu_store "$bc")" 'BEGIN {
		printf "| %s | %.0f | %.0f | %.3f | %.0f | %.0f | **%.3f** | %s |\n", s, c, u, u / c, cc, uc, uc / cc, parts }' \
		>>"$api_busy_table"
	# one row of the unchanged scans' phases: label, file of "unchanged=<wall> phase=ms ..." lines
	unchanged_phases() {
		printf "| %s |" "$1"
		for phase in connect fingerprint reuse expectations rules reconcile; do
			printf " %s |" "$(kv "$phase" "$2")"
		done
		printf " %s |\n" "$(awk '{ s = 0; for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] ~ /^(connect|fingerprint|reuse|expectations|rules|reconcile)$/) s += kv[2]; if (kv[1] == "unchanged") w = kv[2] } print w - s }' "$2" | median)"
	}
	unchanged_phases "$scale" "$ur" >>"$api_unchanged_phases"
	unchanged_phases "$scale (after a write)" "$br" >>"$api_unchanged_phases"
	{
		printf "| %s |" "$scale"
		for phase in connect fingerprint catalog expectations rules json hash snapshot-write reconcile; do
			printf " %s |" "$(kv "$phase")"
		done
		# what no phase covers: HTTP, the scan row, the store transaction's events and commit, waiting for json and hash
		printf " %s |\n" "$(awk '{ s = 0; for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] ~ /^(connect|fingerprint|catalog|expectations|rules|snapshot-write|reconcile)$/) s += kv[2]; if (kv[1] == "changed") w = kv[2] } print w - s }' "$r" | median)"
	} >>"$api_phases"
}

table=$WORK/results.md
cpu_table=$WORK/results-cpu.md
{
	echo "| scale | objects (pg_class + pg_proc) | pg_dump median ms | snapshot median ms | snapshot min / max ms | snapshot / pg_dump | snapshot µs per object | pg_dump µs per object | snapshot cold first read ms | peak heap MB | retained MB | snapshot JSON MB | pg_dump output MB |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$table"
{
	echo "| scale | pg_dump server CPU ms | pg_dump client CPU ms | snapshot server CPU ms | snapshot client CPU ms | snapshot / pg_dump (server CPU) | snapshot / pg_dump (server + client CPU) | snapshot server CPU µs per object | pg_dump server CPU µs per object |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$cpu_table"
breakdowns=$WORK/breakdown.md
: >"$breakdowns"
scans=$WORK/scan.md
: >"$scans"

for scale in $SCALES; do
	db=bench_s${scale//./_}
	url="jdbc:postgresql://127.0.0.1:$PORT/$db?user=postgres"
	read -r relations functions < <(psql -d "$db" -At -F ' ' -c "
		SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'),
		       (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))")
	objects=$((relations + functions))
	log "scale $scale: $objects objects ($relations relations + $functions functions); $RUNS rounds"

	if [[ $READS -eq 1 ]]; then
	# alternate the two tools, so that load from elsewhere on the machine hits both alike
	: >"$WORK/dump-results.txt"
	: >"$WORK/snapshot-results.txt"
	for i in $(seq "$RUNS"); do
		await_backends
		cpu0=$(server_cpu_ms)
		# bash's time keyword: wall, user and system seconds of pg_dump itself
		{ TIMEFORMAT='%3R %3U %3S'; time "${nice_[@]}" "$PGBIN/pg_dump" -h 127.0.0.1 -p "$PORT" -U postgres \
			--schema-only -f "$WORK/$db-schema.sql" "$db"; } 2>"$WORK/dump-time.txt" \
			|| { cat "$WORK/dump-time.txt" >&2; die "pg_dump failed"; }
		await_backends
		read -r wall user sys <"$WORK/dump-time.txt"
		dump_ms=$(awk -v w="$wall" 'BEGIN {printf "%.0f", w * 1000}')
		echo "RESULT median_ms=$dump_ms server_cpu_ms=$(($(server_cpu_ms) - cpu0))" \
			"client_cpu_ms=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.0f", (u + s) * 1000}')" \
			>>"$WORK/dump-results.txt"
		# one JVM per measured run: fresh heap figures each time; its warm-up reads warm the JIT
		"${nice_[@]}" "$JAVA" $BENCH_JAVA_OPTS -cp "$CP" dev.tidemark.bench.SnapshotBenchmark "$url" \
			--runs 1 --warmup "$WARMUP" --server-pid "$PMPID" >"$WORK/$db-snapshot-$i.log" 2>&1 \
			|| { tail -20 "$WORK/$db-snapshot-$i.log" >&2; die "the snapshot benchmark failed"; }
		result=$(grep '^RESULT ' "$WORK/$db-snapshot-$i.log") || die "no RESULT line in $WORK/$db-snapshot-$i.log"
		echo "$result" >>"$WORK/snapshot-results.txt"
		log "scale $scale round $i: pg_dump $dump_ms ms (server CPU $(tail -1 "$WORK/dump-results.txt" \
			| field server_cpu_ms) ms), snapshot $(field median_ms <<<"$result") ms (server CPU" \
			"$(field server_cpu_ms <<<"$result") ms)"
	done

	# medians over the rounds (each snapshot RESULT line holds one measured run)
	dump_median=$(field median_ms <"$WORK/dump-results.txt" | median)
	dump_server=$(field server_cpu_ms <"$WORK/dump-results.txt" | median)
	dump_client=$(field client_cpu_ms <"$WORK/dump-results.txt" | median)
	snap_median=$(field median_ms <"$WORK/snapshot-results.txt" | median)
	snap_min=$(field median_ms <"$WORK/snapshot-results.txt" | sort -n | head -1)
	snap_max=$(field median_ms <"$WORK/snapshot-results.txt" | sort -n | tail -1)
	snap_server=$(field server_cpu_ms <"$WORK/snapshot-results.txt" | median)
	snap_cold=$(field first_ms <"$WORK/snapshot-results.txt" | median)
	snap_client=$(field client_cpu_ms <"$WORK/snapshot-results.txt" | median)
	peak_heap=$(field peak_heap_mb <"$WORK/snapshot-results.txt" | sort -n | tail -1)
	retained=$(field retained_mb <"$WORK/snapshot-results.txt" | sort -n | tail -1)
	json_bytes=$(field json_bytes <"$WORK/snapshot-results.txt" | tail -1)
	dump_bytes=$(stat -c %s "$WORK/$db-schema.sql")
	awk -v s="$scale" -v o="$objects" -v r="$relations" -v f="$functions" -v d="$dump_median" \
		-v m="$snap_median" -v lo="$snap_min" -v hi="$snap_max" -v c="$snap_cold" -v h="$peak_heap" -v rt="$retained" \
		-v j="$json_bytes" -v db="$dump_bytes" 'BEGIN {
		printf "| %s | %d (%d + %d) | %.0f | %.0f | %.0f / %.0f | %.2f | %.0f | %.0f | %.0f | %s | %s | %.1f | %.1f |\n",
			s, o, r, f, d, m, lo, hi, m / d, 1000 * m / o, 1000 * d / o, c, h, rt, j / 1048576, db / 1048576 }' >>"$table"
	awk -v s="$scale" -v o="$objects" -v ds="$dump_server" -v dc="$dump_client" -v ss="$snap_server" \
		-v sc="$snap_client" 'BEGIN {
		printf "| %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.0f | %.0f |\n",
			s, ds, dc, ss, sc, ss / ds, (ss + sc) / (ds + dc), 1000 * ss / o, 1000 * ds / o }' >>"$cpu_table"
	fi

	if [[ $API_SCANS -eq 1 ]]; then
		api_scans "$scale" "$db"
	fi

	if [[ $SCAN -eq 1 ]]; then
		# health: built-in rules only; contract: all rules against a complete contract generated from the
		# snapshot; worst: that contract again as an exhaustive reference, and the snapshot as baseline
		for mode in health contract worst; do
			log "scale $scale: timing a full scan's rules next to its snapshot ($mode, $RUNS runs)"
			"${nice_[@]}" "$JAVA" $BENCH_JAVA_OPTS -cp "$CP" dev.tidemark.checks.internal.ScanBenchmark "$url" postgres \
				"$RUNS" "$WARMUP" "$mode" >"$WORK/$db-scan-$mode.log" 2>&1 \
				|| { tail -20 "$WORK/$db-scan-$mode.log" >&2; die "the scan benchmark failed"; }
			scan_result=$(grep '^RESULT ' "$WORK/$db-scan-$mode.log") || die "no RESULT line in $WORK/$db-scan-$mode.log"
			echo "| $scale | $mode | $(field snapshot_ms <<<"$scan_result") | $(field rules_ms <<<"$scan_result") |" \
				"$(field rules_share_pct <<<"$scan_result") % | $(field peak_heap_mb <<<"$scan_result") |" >>"$scans"
		done
	fi

	if [[ $BREAKDOWN -gt 0 ]]; then
		log "scale $scale: timing each catalog query alone ($BREAKDOWN rounds)"
		{
			echo "Scale $scale:"
			echo
			"${nice_[@]}" "$JAVA" $BENCH_JAVA_OPTS -cp "$CP" dev.tidemark.bench.SnapshotBenchmark "$url" --runs 0 \
				--breakdown "$BREAKDOWN" | grep '^|'
			echo
		} >>"$breakdowns"
	fi
done

echo
echo "Machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; PostgreSQL $pg_version;" \
	"Java $("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}');" \
	"load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); RUNS=$RUNS WARMUP=$WARMUP BENCH_NICE=$BENCH_NICE JVM: $BENCH_JAVA_OPTS"
echo
if [[ $READS -eq 1 ]]; then
	echo "Wall time (connect to done), medians of $RUNS alternating rounds:"
	echo
	cat "$table"
	echo
	echo "CPU time, medians of the same rounds (client: pg_dump's process; the snapshot's reading thread):"
	echo
	cat "$cpu_table"
fi
if [[ -s $scans ]]; then
	echo
	echo "Full scan: snapshot vs every rule on it (medians of $RUNS runs in one JVM after $WARMUP warm-ups):"
	echo
	echo "| scale | expectations | snapshot ms | rules ms | rules / snapshot | peak heap MB (snapshot + rules) |"
	echo "|---:|---|---:|---:|---:|---:|"
	cat "$scans"
fi
if [[ -s $api_table ]]; then
	echo
	echo "Scans through the service (POST /api/v1/targets/{id}/scans, wall time at the client: curl's time_total), medians of $RUNS rounds"
	echo "after $WARMUP warm-up rounds and $UNCHANGED_WARMUP unmeasured unchanged scans;"
	echo "Tidemark JVM: $API_JAVA_OPTS:"
	echo
	echo "| scale | pg_dump ms | scan after a change ms | change / pg_dump | unchanged scan ms | unchanged / changed (wall) | CPU ms per changed scan | CPU ms per unchanged scan | **unchanged / changed (CPU)** | CPU ms Tidemark / target / store: changed → unchanged | first scan ms | store growth per changed scan | heap MB: most before / after a GC |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"
	cat "$api_table"
	echo
	echo "Unchanged catalog, but a transaction committed (a row written) before each scan, so the fingerprint reads"
	echo "the catalog stamp instead of reusing it:"
	echo
	echo "| scale | scan after a change ms | unchanged scan after a write ms | / changed (wall) | CPU ms per changed scan | CPU ms per unchanged scan after a write | **/ changed (CPU)** | CPU ms Tidemark / target / store |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---|"
	cat "$api_busy_table"
	echo
	echo "Phases of the unchanged scans (ms, medians of RUNS × UNCHANGED_SCANS = $((RUNS * UNCHANGED_SCANS)) scans each):"
	echo
	echo "| scale | connect | fingerprint | reuse | expectations | rules | reconcile | rest |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
	cat "$api_unchanged_phases"
	echo
	echo "Phases of the scans after a change (ms, medians; json and hash run beside the rules):"
	echo
	echo "| scale | connect | fingerprint | catalog | expectations | rules | json | hash | snapshot-write | reconcile | rest |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	cat "$api_phases"
fi
if [[ -s $breakdowns ]]; then
	echo
	echo "Catalog queries, each alone (median ms):"
	echo
	cat "$breakdowns"
fi
log "tables saved in $table, $cpu_table and $breakdowns; logs in $WORK"
