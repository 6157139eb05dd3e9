package dev.tidemark.remediation.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.FastCheckService;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.tidemark.common.SqlIdentifiers;

/**
 * Applies a generated changelog with Liquibase {@code update} on a connection the caller owns (it is not closed).
 * Tidemark keeps its own changelog tables on the target, so an application's stuck Liquibase lock never blocks
 * the repair of that lock. Session timeouts the changesets set are reset afterwards.
 */
@Component
public final class LiquibaseRunner {

	public static final String CHANGELOG_TABLE = "tidemark_databasechangelog";

	public static final String LOCK_TABLE = "tidemark_databasechangeloglock";

	/** One changeset as the changelog table records it: EXECUTED, MARK_RAN (drift already gone), ... */
	public record ChangesetRun(String id, String execType) {
	}

	/**
	 * What this run did with one changeset: EXECUTED, MARK_RAN, RERAN (a runAlways guard checked again), FAILED,
	 * ROLLED_BACK or ROLLBACK_FAILED, how long it took, and on failure the SQLSTATE and message.
	 */
	public record ChangesetOutcome(String id, String status, long durationMs, @Nullable String sqlState,
			@Nullable String message) {
	}

	/**
	 * What an update did; on failure the error and its SQLSTATE, and the changesets recorded before it;
	 * {@code outcomes} are this run's, in the order they ran.
	 */
	public record Result(boolean succeeded, List<ChangesetRun> recorded, @Nullable String error,
			@Nullable String sqlState, List<ChangesetOutcome> outcomes) {
	}

	/** Applies the changelog; the caller must hold the target's remediation advisory lock. */
	public Result update(Connection connection, UUID remediationId, String changelog) {
		return run(connection, remediationId, changelog, UpdateCommandStep.COMMAND_NAME, command -> {
		});
	}

	/**
	 * Rolls back the last {@code count} changesets of this changelog, newest first, through their
	 * {@code -- rollback} SQL; Liquibase stops at a changeset without one rather than skip it.
	 */
	public Result rollback(Connection connection, UUID remediationId, String changelog, int count) {
		return run(connection, remediationId, changelog, RollbackCountCommandStep.COMMAND_NAME,
				command -> command.addArgumentValue(RollbackCountCommandStep.COUNT_ARG, count));
	}

	private Result run(Connection connection, UUID remediationId, String changelog, String[] commandName,
			java.util.function.Consumer<CommandScope> arguments) {
		String schema;
		try {
			schema = changelogSchema(connection);
		}
		catch (SQLException e) {
			return new Result(false, List.of(), "Could not read the session's schema: " + e.getMessage(), e.getSQLState(),
					List.of());
		}
		Path dir;
		try {
			dir = Files.createTempDirectory("tidemark-remediation-");
			Files.writeString(dir.resolve("changelog.sql"), changelog, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		String error = null;
		String sqlState = null;
		releaseOwnLock(connection, schema);
		OutcomeListener listener = new OutcomeListener();
		try {
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new JdbcConnection(connection));
			database.setDatabaseChangeLogTableName(CHANGELOG_TABLE);
			database.setDatabaseChangeLogLockTableName(LOCK_TABLE);
			database.setLiquibaseSchemaName(schema);
			// Liquibase caches "this changelog is up to date" per JVM; the target's history is the truth
			Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
			// one deployment id per run, not per JVM
			String deploymentId = String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
			// the service's log, not its stdout, gets Liquibase's summaries
			Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(dir),
					Scope.Attr.deploymentId.name(), deploymentId, Scope.Attr.ui.name(), new LoggerUIService()), () -> {
				CommandScope command = new CommandScope(commandName)
					.addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
					.addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, "changelog.sql")
					.addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, listener);
				arguments.accept(command);
				command.execute();
			});
		}
		catch (Exception e) {
			error = messages(e);
			sqlState = sqlState(e);
		}
		finally {
			reset(connection);
			delete(dir);
		}
		List<ChangesetRun> recorded;
		try {
			recorded = recorded(connection, remediationId);
		}
		catch (IllegalStateException e) {
			// the run's own error (a killed connection, say) explains this one; keep both
			recorded = List.of();
			error = error == null ? e.getMessage() : error + " <- then: " + e.getMessage();
		}
		return new Result(error == null, recorded, error, sqlState, listener.outcomes());
	}

	/** Times each changeset and keeps how it ended; Liquibase calls it on the running thread. */
	private static final class OutcomeListener extends AbstractChangeExecListener {

		private final Map<String, Long> started = new HashMap<>();

		private final List<ChangesetOutcome> outcomes = new ArrayList<>();

		List<ChangesetOutcome> outcomes() {
			return List.copyOf(outcomes);
		}

		private void start(ChangeSet changeSet) {
			started.put(changeSet.getId(), System.nanoTime());
		}

		private void end(ChangeSet changeSet, String status, @Nullable Exception failure) {
			Long start = started.remove(changeSet.getId());
			long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
			outcomes.add(new ChangesetOutcome(changeSet.getId(), status, millis,
					failure == null ? null : sqlState(failure), failure == null ? null : messages(failure)));
		}

		@Override
		public void willRun(ChangeSet changeSet, DatabaseChangeLog log, Database database, ChangeSet.RunStatus status) {
			start(changeSet);
		}

		@Override
		public void ran(ChangeSet changeSet, DatabaseChangeLog log, Database database, ChangeSet.ExecType execType) {
			end(changeSet, execType.name(), null);
		}

		@Override
		public void runFailed(ChangeSet changeSet, DatabaseChangeLog log, Database database, Exception e) {
			end(changeSet, "FAILED", e);
		}

		@Override
		public void willRollback(ChangeSet changeSet, DatabaseChangeLog log, Database database) {
			start(changeSet);
		}

		@Override
		public void rolledBack(ChangeSet changeSet, DatabaseChangeLog log, Database database) {
			end(changeSet, "ROLLED_BACK", null);
		}

		@Override
		public void rollbackFailed(ChangeSet changeSet, DatabaseChangeLog log, Database database, Exception e) {
			end(changeSet, "ROLLBACK_FAILED", e);
		}
	}

	/**
	 * Where the changelog tables live: the session's current schema, as Liquibase would pick, unless that is a
	 * system schema (a search_path of only pg_catalog): then {@code public}, never the system catalog.
	 */
	static String changelogSchema(Connection connection) throws SQLException {
		try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
			String current = rs.next() ? rs.getString(1) : null;
			boolean system = current == null || current.equals("information_schema") || current.startsWith("pg_");
			return system ? "public" : current;
		}
	}

	/**
	 * Clears Tidemark's own changelog lock row. Callers hold the target's remediation advisory lock, which is the
	 * real mutual exclusion; the row is bookkeeping that a session killed mid-run leaves set, and Liquibase would
	 * otherwise wait minutes for it. An application's own {@code databasechangeloglock} is never touched.
	 */
	private static void releaseOwnLock(Connection connection, String schema) {
		try (Statement st = connection.createStatement()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(true);
			try (ResultSet rs = st.executeQuery("SELECT to_regclass(" + SqlIdentifiers.literal(SqlIdentifiers.qualified(schema, LOCK_TABLE))
					+ ") IS NOT NULL")) {
				rs.next();
				if (rs.getBoolean(1)) {
					st.execute("UPDATE " + SqlIdentifiers.qualified(schema, LOCK_TABLE) + " SET locked = false, lockgranted = NULL, lockedby = NULL "
							+ "WHERE id = 1 AND locked");
				}
			}
			connection.setAutoCommit(autoCommit);
		}
		catch (SQLException e) {
			rollbackQuietly(connection);
		}
	}

	/** The changesets of this remediation the changelog table holds, in execution order. */
	public List<ChangesetRun> recorded(Connection connection, UUID remediationId) {
		List<ChangesetRun> runs = new ArrayList<>();
		try {
			String sql = "SELECT id, exectype FROM " + SqlIdentifiers.qualified(changelogSchema(connection), CHANGELOG_TABLE)
					+ " WHERE author = 'tidemark' AND id LIKE ? ORDER BY orderexecuted";
			try (PreparedStatement ps = connection.prepareStatement(sql)) {
				// ids are the remediation id and a step number: unique to this remediation whatever the file path
				ps.setString(1, remediationId + "-%");
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						runs.add(new ChangesetRun(rs.getString(1), rs.getString(2)));
					}
				}
			}
			if (!connection.getAutoCommit()) {
				// no transaction left open behind a read (a server sharing one backend would carry it over)
				connection.commit();
			}
		}
		catch (SQLException e) {
			rollbackQuietly(connection);
			if (!"42P01".equals(e.getSQLState())) {
				// unreadable is not empty: "nothing recorded" would make a rollback or a reconciliation lie
				throw new IllegalStateException("Could not read " + CHANGELOG_TABLE + " on the target: "
						+ e.getMessage() + " [SQLSTATE " + e.getSQLState() + "]", e);
			}
			// no changelog table yet: nothing recorded
		}
		return runs;
	}

	private static void reset(Connection connection) {
		try {
			if (!connection.getAutoCommit()) {
				connection.rollback();
			}
			try (Statement st = connection.createStatement()) {
				st.execute("RESET lock_timeout");
				st.execute("RESET statement_timeout");
			}
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
		catch (SQLException e) {
			rollbackQuietly(connection);
		}
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			if (!connection.getAutoCommit()) {
				connection.rollback();
			}
		}
		catch (SQLException ignored) {
			// the connection is broken; the caller will find out
		}
	}

	private static String messages(Throwable e) {
		StringBuilder text = new StringBuilder();
		for (Throwable t = e; t != null && text.length() < 4000; t = t.getCause()) {
			if (t.getMessage() != null && !text.toString().contains(t.getMessage())) {
				text.append(text.isEmpty() ? "" : " <- ").append(t.getMessage());
			}
		}
		return text.toString();
	}

	private static @Nullable String sqlState(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof SQLException s && s.getSQLState() != null) {
				return s.getSQLState();
			}
		}
		return null;
	}

	private static void delete(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
		catch (IOException ignored) {
			// a temp directory left behind is harmless
		}
	}
}
