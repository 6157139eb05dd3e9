package dev.tidemark.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.tidemark.inspection.internal.CatalogReader;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.inspection.model.TableInfo;

/** Snapshots for rule tests: read from a real PostgreSQL after running fixture SQL, or built by hand. */
public final class TestCatalogs {

	private TestCatalogs() {
	}

	/** A fresh database with {@code sql} applied (one statement per execute), and its snapshot. */
	public static Read read(String prefix, String sql) {
		TestPostgres.Database db = TestPostgres.newDatabase(prefix);
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
			SqlScript.run(c, sql);
			return new Read(db, new CatalogReader().read(c));
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A database a fixture built and the snapshot read from it. */
	public record Read(TestPostgres.Database database, CatalogSnapshot snapshot) {

		/** Runs more SQL on the same database and reads it again. */
		public Read then(String sql) {
			try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(),
					database.password())) {
				SqlScript.run(c, sql);
				return new Read(database, new CatalogReader().read(c));
			}
			catch (SQLException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	public static CatalogSnapshot empty() {
		return new CatalogSnapshot(CatalogSnapshot.FORMAT_VERSION,
				new ServerInfo("15.15", 150015, "test", new TreeMap<>()), List.of(), List.of(), List.of(), List.of(),
				List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), MigrationHistory.none(), null);
	}

	/** A hand-built snapshot: tables, constraints and indexes, the kinds most rules read. */
	public static Builder builder() {
		return new Builder();
	}

	public static final class Builder {

		private final List<TableInfo> tables = new ArrayList<>();

		private final List<ConstraintInfo> constraints = new ArrayList<>();

		private final List<IndexInfo> indexes = new ArrayList<>();

		public Builder table(String schema, String name, ColumnInfo... columns) {
			tables.add(new TableInfo(schema, name, TableInfo.TableKind.TABLE, "permanent", "owner", null,
					List.of(columns)));
			return this;
		}

		public Builder partitionedTable(String schema, String name, ColumnInfo... columns) {
			tables.add(new TableInfo(schema, name, TableInfo.TableKind.PARTITIONED_TABLE, "permanent", "owner", null,
					List.of(columns)));
			return this;
		}

		public static ColumnInfo column(int position, String name, String type, boolean nullable) {
			return new ColumnInfo(position, name, type, nullable, null, null, null, null);
		}

		public Builder primaryKey(String schema, String table, String name, String... columns) {
			constraints.add(new ConstraintInfo(schema, table, name, ConstraintInfo.ConstraintType.PRIMARY_KEY,
					List.of(columns), null, null, List.of(), null, null, false, false, true, false, name,
					"PRIMARY KEY (" + String.join(", ", columns) + ")", null));
			return this;
		}

		public Builder constraint(ConstraintInfo constraint) {
			constraints.add(constraint);
			return this;
		}

		public Builder index(IndexInfo index) {
			indexes.add(index);
			return this;
		}

		public CatalogSnapshot build() {
			CatalogSnapshot e = empty();
			return new CatalogSnapshot(e.formatVersion(), e.server(), e.schemas(), e.extensions(), List.copyOf(tables),
					List.copyOf(constraints), List.copyOf(indexes), e.views(), e.sequences(), e.functions(),
					e.triggers(), e.partitioning(), e.migrations(), e.timescale());
		}
	}
}
