package dev.tidemark.inspection.model;

import java.math.BigDecimal;

/**
 * A sequence and its headroom. {@code effectiveMax} is the lower of the sequence maximum and what the owning
 * column's type can hold; {@code lastValue} is null when the sequence was never used or cannot be read.
 */
public record SequenceInfo(String schema, String name, String dataType, long increment, long minValue,
		long maxValue, boolean cycle, Long lastValue, String ownedByTable, String ownedByColumn, String columnType,
		BigDecimal effectiveMax, BigDecimal percentUsed) implements CatalogObject {
	@Override
	public String key() {
		return CatalogObject.qualified(schema, name);
	}
}
