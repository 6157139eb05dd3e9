package dev.tidemark.inspection.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/** Bookkeeping of the migration tools found in the database, summarized. */
public record MigrationHistory(List<Liquibase> liquibase, List<Flyway> flyway, List<Prisma> prisma,
		List<Alembic> alembic) {

	public static MigrationHistory none() {
		return new MigrationHistory(List.of(), List.of(), List.of(), List.of());
	}

	/**
	 * A Liquibase {@code databasechangelog} (and its lock table). {@code lockGranted} is the raw
	 * {@code timestamp without time zone}; {@code lockHolderAlive} says whether a live session matches the holder.
	 */
	public record Liquibase(String schema, String table, long changesets, String latestId, String latestAuthor,
			String latestFilename, LocalDateTime latestExecutedAt, Boolean locked, LocalDateTime lockGranted,
			String lockedBy, Boolean lockHolderAlive) {
	}

	/** A Flyway history table: the newest applied version and every row with {@code success = false}. */
	public record Flyway(String schema, String table, long rows, String latestVersion, String latestDescription,
			List<FlywayFailure> failed) {
	}

	public record FlywayFailure(int installedRank, String version, String description, String script) {
	}

	/** Prisma's {@code _prisma_migrations}, one entry per migration name. */
	public record Prisma(String schema, String table, boolean lockHeld, List<PrismaMigration> migrations) {
	}

	public record PrismaMigration(String name, int attempts, boolean applied, boolean unresolvedFailure,
			Instant lastStartedAt, Instant finishedAt) {
	}

	/** Alembic's {@code alembic_version}: its heads. */
	public record Alembic(String schema, String table, List<String> heads) {
	}
}
