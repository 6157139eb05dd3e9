package dev.tidemark.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.tidemark.inspection.internal.CatalogReader;

/**
 * Times a catalog fingerprint next to a full snapshot read of the same database: what an unchanged-catalog scan
 * costs against a full one. A benchmark, not a test.
 *
 * <pre>
 * java -cp ... dev.tidemark.bench.FingerprintBenchmark JDBC_URL RUNS [POSTMASTER_PID]
 * </pre>
 *
 * Runs alternate (snapshot, fingerprint, ...), each on a fresh connection, after two unmeasured warm-ups of each.
 * Wall time is the median of connect + work + close; CPU is the reading thread's, plus with a postmaster pid the
 * server backends' (the postmaster's reaped-children times, read after each backend exited; 10 ms ticks, so the
 * sum over all runs is reported), which load from elsewhere on a shared machine inflates far less than wall time.
 */
public final class FingerprintBenchmark {

	public static void main(String[] args) throws Exception {
		String url = args[0];
		int runs = Integer.parseInt(args[1]);
		Long postmaster = args.length > 2 ? Long.valueOf(args[2]) : null;
		CatalogReader reader = new CatalogReader();
		for (int i = 0; i < 2; i++) {
			once(url, c -> reader.read(c));
			once(url, reader::fingerprint);
		}
		List<Long> snapshotMs = new ArrayList<>();
		List<Long> fingerprintMs = new ArrayList<>();
		long[] snapshotCpu = new long[2];
		long[] fingerprintCpu = new long[2];
		for (int i = 0; i < runs; i++) {
			measure(url, c -> reader.read(c), postmaster, snapshotMs, snapshotCpu);
			measure(url, reader::fingerprint, postmaster, fingerprintMs, fingerprintCpu);
		}
		long snapshot = median(snapshotMs);
		long fingerprint = median(fingerprintMs);
		System.out.printf("RESULT runs=%d snapshotMedianMs=%d fingerprintMedianMs=%d wallRatioPercent=%.1f "
				+ "snapshotClientCpuMs=%d fingerprintClientCpuMs=%d snapshotServerCpuMs=%d fingerprintServerCpuMs=%d "
				+ "cpuRatioPercent=%.1f%n", runs, snapshot, fingerprint, 100.0 * fingerprint / snapshot,
				snapshotCpu[0] / runs, fingerprintCpu[0] / runs, snapshotCpu[1] / runs, fingerprintCpu[1] / runs,
				100.0 * (fingerprintCpu[0] + fingerprintCpu[1]) / (snapshotCpu[0] + snapshotCpu[1]));
	}

	private static void measure(String url, Function<Connection, ?> work, Long postmaster, List<Long> wallMs,
			long[] cpuMs) throws Exception {
		long serverBefore = postmaster == null ? 0 : reapedChildrenCpuMs(postmaster);
		long threadBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
		long t0 = System.nanoTime();
		once(url, work);
		wallMs.add((System.nanoTime() - t0) / 1_000_000);
		cpuMs[0] += (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadBefore) / 1_000_000;
		if (postmaster != null) {
			// the backend exits after the connection closes: wait until the postmaster has reaped it
			long deadline = System.nanoTime() + 2_000_000_000L;
			long after;
			do {
				Thread.onSpinWait();
				after = reapedChildrenCpuMs(postmaster);
			}
			while (after == serverBefore && System.nanoTime() < deadline);
			cpuMs[1] += after - serverBefore;
		}
	}

	private static void once(String url, Function<Connection, ?> work) throws SQLException {
		try (Connection c = DriverManager.getConnection(url)) {
			work.apply(c);
		}
	}

	/** cutime + cstime of a process (fields 16 and 17 of /proc/PID/stat), in ms at 100 ticks a second. */
	private static long reapedChildrenCpuMs(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// fields[0] is field 3 (state)
		return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}
}
