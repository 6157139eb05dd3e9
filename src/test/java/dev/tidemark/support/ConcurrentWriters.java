package dev.tidemark.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * Writers of one stored row at the same time, in a known order. The test holds the row's lock; each writer starts
 * once the one before it waits on that lock; then the lock goes and they write in turn. A writer that reads the row
 * plainly (no lock) has read it by then, so the second one writes from the version the first replaced: what
 * optimistic locking is for. Waits on the store's state (backends waiting on a lock), never on the clock.
 */
public final class ConcurrentWriters {

	private static final Pattern TABLE = Pattern.compile("(?i)\\bFROM\\s+(\\w+)");

	private ConcurrentWriters() {
	}

	/** What each writer returned, in the order they started. {@code lockRow} is a SELECT … FOR UPDATE. */
	public static <T> List<T> race(DataSource store, String lockRow, List<Supplier<T>> writers) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(writers.size());
		try (Connection locker = store.getConnection(); Connection watcher = store.getConnection()) {
			locker.setAutoCommit(false);
			try (Statement st = locker.createStatement(); ResultSet rs = st.executeQuery(lockRow)) {
				if (!rs.next()) {
					throw new IllegalArgumentException("no row to lock: " + lockRow);
				}
			}
			Matcher table = TABLE.matcher(lockRow);
			if (!table.find()) {
				throw new IllegalArgumentException("no table named: " + lockRow);
			}
			List<Future<T>> started = new ArrayList<>();
			for (Supplier<T> writer : writers) {
				started.add(threads.submit(writer::get));
				awaitWaiting(watcher, table.group(1), started.size());
			}
			locker.rollback();
			List<T> results = new ArrayList<>();
			for (Future<T> result : started) {
				results.add(result.get(2, TimeUnit.MINUTES));
			}
			return results;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static void awaitWaiting(Connection watcher, String table, int writers)
			throws SQLException, InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (waitingOnLocks(watcher, table) < writers) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Timed out waiting for " + writers + " writer(s) to wait on the row lock");
			}
			Thread.sleep(10);
		}
	}

	/** Backends waiting on a lock in a statement naming {@code table} (not the service's background work elsewhere). */
	private static int waitingOnLocks(Connection watcher, String table) throws SQLException {
		try (PreparedStatement st = watcher.prepareStatement("SELECT count(*) FROM pg_stat_activity "
				+ "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid() "
				+ "AND position(lower(?) IN lower(query)) > 0")) {
			st.setString(1, table);
			try (ResultSet rs = st.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}
}
