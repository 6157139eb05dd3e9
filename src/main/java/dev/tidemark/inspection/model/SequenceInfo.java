package dev.tidemark.inspection.model;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;

/**
 * A sequence and its headroom. {@code effectiveMax} is the lower of the sequence maximum and what the owning
 * column's type can hold; {@code lastValue} is null when the sequence was never used or cannot be read. Since
 * format 2: {@code startValue}, {@code cache}, and {@code identity} (it belongs to an identity column, whose
 * definition covers it), {@code owner} (null in snapshots read before it was: unknown, never compared).
 */
public record SequenceInfo(String schema, String name, String dataType, long increment, long minValue,
		long maxValue, boolean cycle, Long lastValue, String ownedByTable, String ownedByColumn, String columnType,
		BigDecimal effectiveMax, BigDecimal percentUsed, @Nullable Long startValue, @Nullable Long cache,
		boolean identity, @Nullable String owner) implements CatalogObject {

	/** Without the owner. */
	public SequenceInfo(String schema, String name, String dataType, long increment, long minValue, long maxValue,
			boolean cycle, Long lastValue, String ownedByTable, String ownedByColumn, String columnType,
			BigDecimal effectiveMax, BigDecimal percentUsed, @Nullable Long startValue, @Nullable Long cache,
			boolean identity) {
		this(schema, name, dataType, increment, minValue, maxValue, cycle, lastValue, ownedByTable, ownedByColumn,
				columnType, effectiveMax, percentUsed, startValue, cache, identity, null);
	}

	/** The format-1 shape: no start, cache, or identity flag. */
	public SequenceInfo(String schema, String name, String dataType, long increment, long minValue, long maxValue,
			boolean cycle, Long lastValue, String ownedByTable, String ownedByColumn, String columnType,
			BigDecimal effectiveMax, BigDecimal percentUsed) {
		this(schema, name, dataType, increment, minValue, maxValue, cycle, lastValue, ownedByTable, ownedByColumn,
				columnType, effectiveMax, percentUsed, null, null, false);
	}
	@Override
	public String key() {
		return CatalogObject.qualified(schema, name);
	}
}
