package dev.tidemark.inspection.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The conventions of {@code sql/catalog/*.sql}, checked without a database. */
class CatalogReaderQueryFilesTests {

	private static final CatalogQueries QUERIES = new CatalogQueries();

	@ParameterizedTest
	@EnumSource(CatalogKind.class)
	void everyFileStartsWithAHeaderNamingPurposeVersionAndOutputColumns(CatalogKind kind) {
		String sql = QUERIES.all().get(kind);
		String kindName = kind.fileName().replace(".sql", "");
		assertThat(sql).startsWith("-- " + kindName + ": ")
			.contains("-- Minimum server version: PostgreSQL 13")
			.contains("-- Output columns: ");
	}

	@ParameterizedTest
	@EnumSource(CatalogKind.class)
	void everyQueryEndsWithAnOrderBy(CatalogKind kind) {
		String sql = QUERIES.all().get(kind);
		int orderBy = sql.lastIndexOf("ORDER BY");
		assertThat(orderBy).isPositive();
		assertThat(sql.substring(orderBy)).doesNotContain("SELECT", "FROM", "JOIN", "WHERE");
	}

	@ParameterizedTest
	@EnumSource(value = CatalogKind.class, names = { "SERVER", "EXTENSIONS", "TIMESCALE_EXTENSION", "ROLES" }, mode = EnumSource.Mode.EXCLUDE)
	void catalogQueriesBindTheExcludedSchemaRegexOrAreTemplates(CatalogKind kind) {
		String sql = QUERIES.all().get(kind);
		if (kind.isTemplate()) {
			assertThat(QUERIES.parameterCount(kind)).isZero();
			assertThat(sql).contains(CatalogQueries.TABLE_PLACEHOLDER);
		}
		else {
			assertThat(sql).contains("nspname !~ ?");
			assertThat(QUERIES.parameterCount(kind)).isPositive();
		}
	}

	@ParameterizedTest
	@EnumSource(CatalogKind.class)
	void noQueryTakesLocksItDoesNotNeedOrResolvesNames(CatalogKind kind) {
		String sql = QUERIES.all().get(kind).replaceAll("--[^\n]*", "");
		assertThat(sql).doesNotContain("pg_relation_size", "pg_total_relation_size", "pg_table_size");
		// only catalog names are cast to regclass: a user name would need USAGE on its schema and could fail
		assertThat(Pattern.compile("('[a-z_]+')?::regclass").matcher(sql).results().map(m -> m.group(1)))
			.allSatisfy(literal -> assertThat(literal).startsWith("'pg_"));
		assertThat(sql).doesNotContainIgnoringCase("insert ").doesNotContainIgnoringCase("update ")
			.doesNotContainIgnoringCase("delete ");
	}

	/**
	 * TimescaleDB's internal catalog changed in 2.22, 2.26, 2.28 and 2.29 (chunk.schema_name and table_name gone);
	 * only _timescaledb_catalog.hypertable(schema_name, table_name) stayed, so nothing else of it may be read, except
	 * by the compressed sizes, which the reader runs best effort (a failure leaves them unknown, not the snapshot).
	 */
	@ParameterizedTest
	@EnumSource(CatalogKind.class)
	void timescaleInternalsAreReadOnlyThroughTheHypertableCatalogTable(CatalogKind kind) {
		String sql = QUERIES.all().get(kind).replaceAll("--[^\n]*", "");
		List<String> allowed = kind == CatalogKind.TIMESCALE_COMPRESSION_SIZES
				? List.of("_timescaledb_catalog.hypertable", "_timescaledb_catalog.chunk",
						"_timescaledb_catalog.compression_chunk_size")
				: List.of("_timescaledb_catalog.hypertable");
		assertThat(Pattern.compile("_timescaledb_[a-z_]+\\.[a-z_]+").matcher(sql).results().map(m -> m.group()))
			.allSatisfy(name -> assertThat(allowed).contains(name));
	}

	@Test
	void failsFastWhenAFileIsMissing() {
		assertThatIllegalStateException().isThrownBy(() -> new CatalogQueries("sql/nowhere/"))
			.withMessageContaining("server.sql is missing")
			.withMessageContaining("migration_flyway.sql is missing");
		Map<CatalogKind, String> withoutPlaceholder = new EnumMap<>(QUERIES.all());
		withoutPlaceholder.put(CatalogKind.MIGRATION_ALEMBIC, "SELECT 1 ORDER BY 1");
		assertThatIllegalStateException().isThrownBy(() -> new CatalogQueries(withoutPlaceholder))
			.withMessageContaining("migration_alembic.sql lacks {{table}}");
	}

	@Test
	void templatesQuoteTheTableExactly() {
		assertThat(QUERIES.sql(CatalogKind.MIGRATION_ALEMBIC, "Mixed Case", "alembic \"v\""))
			.contains("FROM \"Mixed Case\".\"alembic \"\"v\"\"\"");
	}

	@Test
	void countsOnlyRealParameters() {
		assertThat(CatalogQueries.countParameters("""
				-- is this a ? no
				SELECT '?', "?", $$ ? $$, $x$ ? $x$ /* ? */ FROM t WHERE a !~ ? AND b = ?
				""")).isEqualTo(2);
	}
}
