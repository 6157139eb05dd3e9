package dev.tidemark.inspection.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A table, partitioned table or foreign table. Partitions are listed too ({@code partitionOf} set) but carry no
 * columns: theirs come from the parent.
 */
public record TableInfo(String schema, String name, TableKind kind, String persistence, String owner,
		String partitionOf, List<ColumnInfo> columns) implements CatalogObject {

	public enum TableKind {
		TABLE, PARTITIONED_TABLE, FOREIGN_TABLE
	}

	@Override
	public String key() {
		return CatalogObject.qualified(schema, name);
	}

	/** Derived from {@code partitionOf}; kept out of the JSON, which holds record components only. */
	@JsonIgnore
	public boolean isPartition() {
		return partitionOf != null;
	}
}
