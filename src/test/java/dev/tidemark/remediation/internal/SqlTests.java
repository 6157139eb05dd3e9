package dev.tidemark.remediation.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlTests {

	@Test
	void probesARelationByItsQuotedName() {
		assertThat(Sql.regclass("a\"b", "c'd")).isEqualTo("to_regclass('\"a\"\"b\".\"c''d\"')");
	}

	@Test
	void generatedNamesFitIn63BytesWithoutSplittingACodePoint() {
		String base = "ü".repeat(40);
		String name = Sql.fit(base, "_idx");
		assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
		assertThat(name).endsWith("_idx").startsWith("üü");
		assertThat(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(name);
		assertThat(Sql.fit(base, "_idx")).isEqualTo(name);
		assertThat(Sql.fit(base + "x", "_idx")).isNotEqualTo(name);
		assertThat(Sql.fit("short", "_idx")).isEqualTo("short_idx");
	}
}
