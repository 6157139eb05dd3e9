package dev.tidemark.inspection.internal;

// TEMPORARY STUB: replaced by the real reader from the inspection branch.
@org.springframework.stereotype.Component
public class CatalogReader {
	public dev.tidemark.inspection.model.CatalogSnapshot read(java.sql.Connection connection) {
		throw new UnsupportedOperationException();
	}
}
