package dev.tidemark.common;

/**
 * The text of a jsonb column in a Spring Data JDBC aggregate. Stores read and write it with the service's
 * {@code JsonMapper} (or the contract's own serializer); {@link StoreJdbcConfiguration} only carries it to and from
 * PostgreSQL, so one pair of converters serves every jsonb column, whatever its Java type.
 */
public record Jsonb(String json) {
}
