package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.ViewInfo;

/** Hand-built catalog facts beyond what {@code TestCatalogs.builder()} offers. */
final class Snapshots {

	private Snapshots() {
	}

	static CatalogSnapshot withExtensions(CatalogSnapshot s, ExtensionInfo... extensions) {
		return new CatalogSnapshot(s.formatVersion(), s.server(), s.schemas(), List.of(extensions), s.tables(),
				s.constraints(), s.indexes(), s.views(), s.sequences(), s.functions(), s.triggers(), s.partitioning(),
				s.migrations(), s.timescale());
	}

	static CatalogSnapshot withViews(CatalogSnapshot s, ViewInfo... views) {
		return new CatalogSnapshot(s.formatVersion(), s.server(), s.schemas(), s.extensions(), s.tables(),
				s.constraints(), s.indexes(), List.of(views), s.sequences(), s.functions(), s.triggers(),
				s.partitioning(), s.migrations(), s.timescale());
	}

	static CatalogSnapshot withMigrations(CatalogSnapshot s, MigrationHistory migrations) {
		return new CatalogSnapshot(s.formatVersion(), s.server(), s.schemas(), s.extensions(), s.tables(),
				s.constraints(), s.indexes(), s.views(), s.sequences(), s.functions(), s.triggers(), s.partitioning(),
				migrations, s.timescale());
	}

	static ColumnInfo column(int position, String name, String type, boolean nullable, String defaultExpression) {
		return new ColumnInfo(position, name, type, nullable, defaultExpression, null, null, null);
	}

	static ColumnInfo identity(int position, String name, String type) {
		return new ColumnInfo(position, name, type, false, null, "ALWAYS", null, null);
	}

	static ConstraintInfo foreignKey(String schema, String table, String name, List<String> columns,
			String referencedTable, List<String> referencedColumns, String onDelete, String onUpdate,
			boolean validated) {
		String definition = "FOREIGN KEY (" + String.join(", ", columns) + ") REFERENCES " + schema + "."
				+ referencedTable + "(" + String.join(", ", referencedColumns) + ")";
		return new ConstraintInfo(schema, table, name, ConstraintInfo.ConstraintType.FOREIGN_KEY, columns, schema,
				referencedTable, referencedColumns, onDelete, onUpdate, false, false, validated, false, null,
				definition + (validated ? "" : " NOT VALID"), null);
	}

	static ConstraintInfo constraint(String schema, String table, String name, ConstraintInfo.ConstraintType type,
			List<String> columns, String definition) {
		return new ConstraintInfo(schema, table, name, type, columns, null, null, List.of(), null, null, false, false,
				true, false, null, definition, null);
	}

	static IndexInfo index(String schema, String table, String name, boolean unique, String predicate,
			String... columns) {
		return new IndexInfo(schema, table, name, "btree", unique, false, List.of(columns), List.of(), predicate, true,
				true, null, "CREATE INDEX " + name + " ON " + schema + "." + table + " (" + String.join(", ", columns)
						+ ")" + (predicate == null ? "" : " WHERE " + predicate));
	}

	static IndexInfo invalid(IndexInfo index) {
		return new IndexInfo(index.schema(), index.table(), index.name(), index.method(), index.unique(),
				index.primary(), index.columns(), index.includedColumns(), index.predicate(), false, true,
				index.constraint(), index.definition());
	}

	static ViewInfo matview(String schema, String name, String... columns) {
		List<ColumnInfo> cols = new ArrayList<>();
		for (int i = 0; i < columns.length; i++) {
			cols.add(new ColumnInfo(i + 1, columns[i], "bigint", true, null, null, null, null));
		}
		return new ViewInfo(schema, name, true, "owner", true, false, "hash", cols);
	}
}
