package dev.tidemark.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import dev.tidemark.inspection.internal.CatalogKind;
import dev.tidemark.inspection.internal.CatalogQueries;
import dev.tidemark.inspection.internal.CatalogReader;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.TimescaleInfo;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * Times {@link CatalogReader#read} against a live database: a benchmark run by {@code bench/snapshot-benchmark.sh},
 * not a test (the name does not end in Test, so Surefire never picks it up).
 *
 * <pre>
 * java -cp ... dev.tidemark.bench.SnapshotBenchmark JDBC_URL [--runs N] [--warmup W] [--breakdown ROUNDS]
 *                                                   [--server-pid PID] [--json-out FILE] [--pglite]
 * </pre>
 *
 * Each run opens a fresh connection (a new backend with cold catalog caches, as a real scan gets) and reads the
 * whole catalog; the timed interval is connect + read + close. Warm-up runs are not counted: Tidemark is a
 * long-running service, so a warm JIT is its steady state; the first (cold) run is reported too.
 * {@code bench/snapshot-benchmark.sh} starts one JVM per measured run ({@code --runs 1}), alternating with
 * {@code pg_dump}, so that load from elsewhere on the machine hits both alike and each run's heap figures start
 * from a fresh JVM.
 * <p>
 * Memory, measured in this JVM: {@code peakHeapMb} is the sum of the heap pools' peak usage since a reset taken
 * right after a full GC before the run (an upper bound on the heap the run needed: pools peak at different
 * moments, and the young generation fills up as far as the collector lets it, so it depends on -Xmx and the
 * GC), {@code retainedMb} is the live heap the finished snapshot keeps after a full GC, and
 * {@code allocatedMb} the bytes the reading thread allocated; those two do not depend on GC sizing.
 * <p>
 * CPU, which other load on the machine inflates far less than wall time: {@code clientCpuMs} is the reading
 * thread's CPU time, and with {@code --server-pid} (the postmaster of a server on this machine) {@code serverCpuMs}
 * is the CPU the run's backend and its parallel workers used, read from the postmaster's reaped-children times in
 * {@code /proc/PID/stat} once the backend has exited: the same figure the script takes for {@code pg_dump}.
 * <p>
 * {@code --breakdown ROUNDS} then times each catalog query on its own (same transaction settings as the reader,
 * rows fetched and discarded, one fresh connection per round), median per query, to show which one dominates.
 * {@code --runs 0} skips the whole-snapshot measurement. With TimescaleDB installed the timescale_* queries are
 * timed too.
 * <p>
 * {@code --pglite}: the server is the PGlite TimescaleDB of src/test/timescaledb, which serves every client from
 * ONE backend session. Each connection then starts with {@code DISCARD ALL} (the previous connection's prepared
 * statements would clash with this one's) and {@code SET client_min_messages = warning}, both inside the timed
 * interval. There is no new backend either, so its catalog caches stay warm from one run to the next.
 * {@code --server-pid} then names the server's own process (node), whose CPU time (utime + stime) is read before
 * and after the run, since there is no backend process to reap.
 * <p>
 * The RESULT line also counts what the snapshot holds: tables, indexes, hypertables, the chunks they report
 * ({@code chunks}, the sum of the hypertables' chunk counts) and {@code chunk_tables}, the tables that look like
 * TimescaleDB chunks ({@code _hyper_*_chunk} or a {@code _timescaledb_*} schema), and {@code chunk_indexes},
 * the indexes on such tables: chunks are not tables of the user's schema and must not be listed as such.
 * <p>
 * Output: human-readable lines, and one line {@code RESULT key=value ...} for the script to parse.
 */
public final class SnapshotBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** TimescaleDB chunks and their compressed twins, as TimescaleDB names them. */
	private static final Pattern CHUNK_NAME = Pattern.compile("_hyper_\\d+_\\d+_chunk|compress_hyper_\\d+_\\d+_chunk");

	/** Set by {@code --pglite}: one shared backend session, see the class comment. */
	private static boolean pglite;

	private SnapshotBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || args[0].startsWith("--")) {
			System.err.println("usage: SnapshotBenchmark JDBC_URL [--runs N] [--warmup W] [--breakdown ROUNDS]"
					+ " [--server-pid PID] [--json-out FILE] [--pglite]   (user and password as URL parameters)");
			System.exit(2);
		}
		String url = args[0];
		int runs = 5;
		int warmup = 2;
		int breakdownRounds = 0;
		Path jsonOut = null;
		long serverPid = 0;
		for (int i = 1; i < args.length; i++) {
			switch (args[i]) {
				case "--runs" -> runs = Integer.parseInt(args[++i]);
				case "--warmup" -> warmup = Integer.parseInt(args[++i]);
				case "--breakdown" -> breakdownRounds = Integer.parseInt(args[++i]);
				case "--json-out" -> jsonOut = Path.of(args[++i]);
				case "--server-pid" -> serverPid = Long.parseLong(args[++i]);
				case "--pglite" -> pglite = true;
				default -> throw new IllegalArgumentException("unknown argument " + args[i]);
			}
		}
		if (runs < 0 || warmup < 0 || breakdownRounds < 0) {
			throw new IllegalArgumentException("--runs, --warmup and --breakdown must not be negative");
		}
		if (runs > 0) {
			measure(url, runs, warmup, serverPid, jsonOut);
		}
		if (breakdownRounds > 0) {
			breakdown(url, breakdownRounds);
		}
	}

	private static void measure(String url, int runs, int warmup, long serverPid, Path jsonOut) throws Exception {
		CatalogReader reader = new CatalogReader();
		double firstMs = -1;
		for (int i = 0; i < warmup; i++) {
			long started = System.nanoTime();
			long[] backendPid = new long[1];
			read(reader, url, backendPid);
			double ms = millis(started);
			if (serverPid > 0 && !pglite) {
				// a warm-up backend reaped late would add its CPU to the next measured run
				awaitExit(backendPid[0]);
			}
			firstMs = firstMs < 0 ? ms : firstMs;
			System.out.printf(Locale.ROOT, "warm-up %d: %.0f ms%n", i + 1, ms);
		}

		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		double[] times = new double[runs];
		double[] clientCpu = new double[runs];
		double[] serverCpu = new double[runs];
		double peakHeapMb = 0;
		double allocatedMb = 0;
		double retainedMb = 0;
		CatalogSnapshot snapshot = null;
		for (int i = 0; i < runs; i++) {
			snapshot = null;
			long baseline = liveHeapAfterGc();
			resetPeaks();
			long serverCpuBefore = serverPid > 0 ? serverCpuMillis(serverPid) : 0;
			long[] backendPid = new long[1];
			long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
			long cpuBefore = threads.getCurrentThreadCpuTime();
			long started = System.nanoTime();
			snapshot = read(reader, url, backendPid);
			times[i] = millis(started);
			clientCpu[i] = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6;
			long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
			if (serverPid > 0) {
				if (!pglite) {
					awaitExit(backendPid[0]);
				}
				serverCpu[i] = serverCpuMillis(serverPid) - serverCpuBefore;
			}
			long peak = heapPeaks();
			long retained = liveHeapAfterGc() - baseline;
			firstMs = firstMs < 0 ? times[i] : firstMs;
			peakHeapMb = Math.max(peakHeapMb, mb(peak));
			allocatedMb = Math.max(allocatedMb, mb(allocated));
			retainedMb = Math.max(retainedMb, mb(retained));
			System.out.printf(Locale.ROOT,
					"run %d: %.0f ms, client CPU %.0f ms, server CPU %.0f ms, peak heap %.0f MB, allocated %.0f MB,"
							+ " retained %.1f MB%n",
					i + 1, times[i], clientCpu[i], serverCpu[i], mb(peak), mb(allocated), mb(retained));
		}

		long jsonStarted = System.nanoTime();
		byte[] json = JSON.writeValueAsString(snapshot).getBytes(StandardCharsets.UTF_8);
		double jsonMs = millis(jsonStarted);
		if (jsonOut != null) {
			Files.write(jsonOut, json);
		}

		double[] sorted = times.clone();
		Arrays.sort(sorted);
		System.out.printf(Locale.ROOT,
				"snapshot: median %.0f ms (min %.0f, max %.0f) over %d runs; %d tables, %d columns, %d constraints,"
						+ " %d indexes, %d views, %d functions, %d partitioned tables; JSON %d bytes in %.0f ms%n",
				median(sorted), sorted[0], sorted[sorted.length - 1], runs, snapshot.tables().size(),
				snapshot.tables().stream().mapToInt(t -> t.columns().size()).sum(), snapshot.constraints().size(),
				snapshot.indexes().size(), snapshot.views().size(), snapshot.functions().size(),
				snapshot.partitioning().size(), json.length, jsonMs);
		List<TimescaleInfo.Hypertable> hypertables = snapshot.timescale() == null ? List.of()
				: snapshot.timescale().hypertables();
		long chunks = hypertables.stream().mapToLong(TimescaleInfo.Hypertable::chunkCount).sum();
		long chunkTables = snapshot.tables()
			.stream()
			.filter(t -> looksLikeChunk(t.schema(), t.name()))
			.count();
		long chunkIndexes = snapshot.indexes()
			.stream()
			.filter(index -> looksLikeChunk(index.schema(), index.table()))
			.count();
		if (!hypertables.isEmpty()) {
			System.out.printf(Locale.ROOT,
					"timescale: %d hypertables, %d chunks (%d compressed), %d jobs; %d chunks listed as tables, %d"
							+ " indexes on chunks%n",
					hypertables.size(), chunks,
					hypertables.stream().mapToLong(TimescaleInfo.Hypertable::compressedChunks).sum(),
					snapshot.timescale().jobs().size(), chunkTables, chunkIndexes);
		}
		System.out.printf(Locale.ROOT,
				"RESULT median_ms=%.0f min_ms=%.0f max_ms=%.0f first_ms=%.0f client_cpu_ms=%.0f server_cpu_ms=%s"
						+ " peak_heap_mb=%.0f retained_mb=%.1f allocated_mb=%.0f json_bytes=%d json_ms=%.0f"
						+ " tables=%d indexes=%d hypertables=%d chunks=%d chunk_tables=%d chunk_indexes=%d%n",
				median(sorted), sorted[0], sorted[sorted.length - 1], firstMs, medianOf(clientCpu),
				serverPid > 0 ? String.format(Locale.ROOT, "%.0f", medianOf(serverCpu)) : "n/a", peakHeapMb,
				retainedMb, allocatedMb, json.length, jsonMs, snapshot.tables().size(), snapshot.indexes().size(),
				hypertables.size(), chunks, chunkTables, chunkIndexes);
	}

	private static CatalogSnapshot read(CatalogReader reader, String url, long[] backendPid) throws SQLException {
		try (Connection connection = connect(url)) {
			// known from the start-up handshake: no extra query
			backendPid[0] = connection.unwrap(PGConnection.class).getBackendPID();
			return reader.read(connection);
		}
	}

	private static boolean looksLikeChunk(String schema, String table) {
		return schema.startsWith("_timescaledb_") || CHUNK_NAME.matcher(table).matches();
	}

	/** The server's CPU so far: its reaped backends' (PostgreSQL), or its own (PGlite: one process). */
	private static long serverCpuMillis(long pid) throws IOException {
		return pglite ? ownCpuMillis(pid) : childrenCpuMillis(pid);
	}

	/** CPU time of the process itself (utime + stime, fields 14 and 15 of /proc/PID/stat), in ms. */
	private static long ownCpuMillis(long pid) throws IOException {
		String[] fields = statFields(pid);
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
	}

	/** The fields of /proc/PID/stat after the command name, so fields[0] is field 3 (state). */
	private static String[] statFields(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		// the command name, in parentheses, may contain spaces: count fields after its closing parenthesis
		return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
	}

	/**
	 * CPU time of the server's exited children (cutime + cstime, fields 16 and 17 of /proc/PID/stat), in ms.
	 * Linux counts them in USER_HZ, which is 100 on every architecture PostgreSQL runs on.
	 */
	private static long childrenCpuMillis(long pid) throws IOException {
		String[] fields = statFields(pid);
		return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
	}

	/** Waits until the backend has exited and been reaped, so that its CPU shows in the postmaster's figures. */
	private static void awaitExit(long pid) throws InterruptedException {
		Path proc = Path.of("/proc", Long.toString(pid));
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (Files.exists(proc)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("backend " + pid + " did not exit within 10 s");
			}
			Thread.sleep(5);
		}
	}

	private static Connection connect(String url) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("ApplicationName", "tidemark-benchmark");
		Connection connection = DriverManager.getConnection(url, properties);
		if (pglite) {
			try (Statement statement = connection.createStatement()) {
				// one backend session for every client: start over, and silence TimescaleDB's notices
				statement.execute("DISCARD ALL");
				statement.execute("SET client_min_messages = warning");
			}
			catch (SQLException e) {
				connection.close();
				throw e;
			}
		}
		return connection;
	}

	/**
	 * Times every non-template catalog query alone, in the reader's order, on one fresh connection per round, inside a
	 * transaction set up like the reader's. Prints the median per query, slowest first. The timescale_* queries
	 * run only when the extension is installed, as in the reader.
	 */
	private static void breakdown(String url, int rounds) throws SQLException {
		CatalogQueries queries = new CatalogQueries();
		// the reader's order: a query that first opens a relation (to deparse it) pays for its relcache entry
		List<CatalogKind> readerOrder = List.of(CatalogKind.SERVER, CatalogKind.SCHEMAS, CatalogKind.EXTENSIONS,
				CatalogKind.COLUMNS, CatalogKind.TABLES, CatalogKind.CONSTRAINT_VIOLATIONS, CatalogKind.CONSTRAINTS,
				CatalogKind.INDEXES, CatalogKind.VIEWS, CatalogKind.SEQUENCES, CatalogKind.FUNCTIONS,
				CatalogKind.TRIGGERS, CatalogKind.PARTITIONS, CatalogKind.DEFAULT_PARTITION_ROWS,
				CatalogKind.PARTMAN_CONFIG, CatalogKind.PARTITIONED_TABLES, CatalogKind.TYPES, CatalogKind.COLLATIONS,
				CatalogKind.POLICIES, CatalogKind.PRIVILEGES, CatalogKind.DEFAULT_PRIVILEGES, CatalogKind.ROLES,
				CatalogKind.MIGRATION_TABLES,
				CatalogKind.TIMESCALE_USER_SCHEMA_CHUNKS, CatalogKind.TIMESCALE_EXTENSION, CatalogKind.TIMESCALE_DIMENSIONS,
				CatalogKind.TIMESCALE_CHUNK_INDEX_GAPS, CatalogKind.TIMESCALE_REFERENCING_FOREIGN_KEYS,
				CatalogKind.TIMESCALE_COMPRESSION_SIZES, CatalogKind.TIMESCALE_HYPERTABLES,
				CatalogKind.TIMESCALE_CONTINUOUS_AGGREGATES, CatalogKind.TIMESCALE_JOBS);
		List<CatalogKind> missing = Arrays.stream(CatalogKind.values())
			.filter(k -> !k.isTemplate() && !readerOrder.contains(k))
			.toList();
		if (!missing.isEmpty()) {
			throw new IllegalStateException("breakdown does not time " + missing + ": add them to the list");
		}
		boolean timescale;
		try (Connection connection = connect(url); Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'timescaledb'")) {
			rs.next();
			timescale = rs.getLong(1) > 0;
		}
		List<CatalogKind> kinds = readerOrder.stream()
			.filter(k -> timescale || !k.name().startsWith("TIMESCALE_"))
			.toList();
		Map<CatalogKind, double[]> times = new EnumMap<>(CatalogKind.class);
		Map<CatalogKind, Integer> rows = new EnumMap<>(CatalogKind.class);
		kinds.forEach(k -> times.put(k, new double[rounds]));
		for (int round = 0; round < rounds; round++) {
			try (Connection connection = connect(url)) {
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
					statement.execute("SET LOCAL search_path = pg_catalog");
					statement.execute("SET LOCAL TimeZone = 'UTC'");
					statement.execute("SET LOCAL jit = off");
				}
				for (CatalogKind kind : kinds) {
					long started = System.nanoTime();
					int count = 0;
					try (PreparedStatement statement = connection.prepareStatement(queries.sql(kind))) {
						statement.setFetchSize(1000);
						for (int p = 1; p <= queries.parameterCount(kind); p++) {
							statement.setString(p, CatalogReader.DEFAULT_EXCLUDED_SCHEMAS);
						}
						try (ResultSet rs = statement.executeQuery()) {
							int columns = rs.getMetaData().getColumnCount();
							while (rs.next()) {
								for (int c = 1; c <= columns; c++) {
									rs.getObject(c);
								}
								count++;
							}
						}
					}
					times.get(kind)[round] = millis(started);
					rows.put(kind, count);
				}
				connection.rollback();
			}
		}
		List<CatalogKind> bySlowest = new ArrayList<>(kinds);
		bySlowest.sort((a, b) -> Double.compare(medianOf(times.get(b)), medianOf(times.get(a))));
		double total = kinds.stream().mapToDouble(k -> medianOf(times.get(k))).sum();
		System.out.println();
		System.out.printf("catalog queries, each alone, median of %d rounds:%n", rounds);
		System.out.println("| query | rows | median ms | share |");
		System.out.println("|---|---:|---:|---:|");
		for (CatalogKind kind : bySlowest) {
			double ms = medianOf(times.get(kind));
			System.out.printf(Locale.ROOT, "| %s | %,d | %.0f | %.0f%% |%n", kind.fileName(), rows.get(kind), ms,
					100 * ms / total);
		}
		System.out.printf(Locale.ROOT, "| total | | %.0f | |%n", total);
	}

	private static long liveHeapAfterGc() {
		// two passes: the first may only promote, the second settles what is still reachable
		System.gc();
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static void resetPeaks() {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				pool.resetPeakUsage();
			}
		}
	}

	private static long heapPeaks() {
		long sum = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				sum += pool.getPeakUsage().getUsed();
			}
		}
		return sum;
	}

	private static double medianOf(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return median(sorted);
	}

	private static double median(double[] sorted) {
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static double millis(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1e6;
	}

	private static double mb(long bytes) {
		return bytes / (1024.0 * 1024.0);
	}
}
