package dev.tidemark.checks.change;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;

import org.jspecify.annotations.Nullable;

/**
 * Bookkeeping of the migration tools a target uses: rows of their history and lock tables, not schema objects.
 * Run last before views ({@link Phase#CREATE_VIEWS}, after the TimescaleDB changes), once what a migration added
 * is in place.
 */
@JsonSubTypes({ @JsonSubTypes.Type(MigrationChange.MarkMigrationApplied.class),
		@JsonSubTypes.Type(MigrationChange.ReleaseChangelogLock.class) })
public sealed interface MigrationChange extends SchemaChange {

	/** The history or lock table's schema. */
	String schema();

	/** The history or lock table. */
	String table();

	@Override
	default Phase phase() {
		return Phase.CREATE_VIEWS;
	}

	/**
	 * What {@code prisma migrate resolve --applied} does for a failed migration whose effect the contract confirms:
	 * {@code confirmed} lists the contract's columns that show it ({@code table.column}).
	 */
	record MarkMigrationApplied(String schema, String table, String migration, List<String> confirmed)
			implements MigrationChange {

		public MarkMigrationApplied {
			confirmed = List.copyOf(confirmed);
		}

		@Override
		public String kind() {
			return "migration";
		}

		@Override
		public String object() {
			return schema + "." + table + "." + migration;
		}

		@Override
		public int order() {
			return -60;
		}

		@Override
		public String summary() {
			return "Mark Prisma migration " + migration + " applied, as prisma migrate resolve --applied does";
		}
	}

	/**
	 * What {@code liquibase release-locks} does, guarded by the grant time the scan saw ({@code lockGranted},
	 * {@code yyyy-MM-dd HH:mm:ss}; null when the lock had none) so that a lock taken again since is left alone.
	 */
	record ReleaseChangelogLock(String schema, String table, @Nullable String lockedBy, @Nullable String lockGranted)
			implements MigrationChange {

		@Override
		public String kind() {
			return "migration-lock";
		}

		@Override
		public String object() {
			return schema + "." + table;
		}

		@Override
		public int order() {
			return -55;
		}

		@Override
		public String summary() {
			return "Release the stale Liquibase lock in " + object();
		}
	}
}
