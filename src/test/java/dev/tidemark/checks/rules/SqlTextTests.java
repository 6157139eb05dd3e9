package dev.tidemark.checks.rules;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlTextTests {

	@Test
	void normalizesLayoutButNotQuotedText() {
		assertThat(SqlText.normalize("( post_id IS NOT NULL )")).isEqualTo("post_id is not null");
		assertThat(SqlText.normalize("status = 'Active  X'")).isEqualTo("status='Active  X'");
		assertThat(SqlText.normalize("\"Select\" > 0")).isEqualTo("\"Select\">0");
		assertThat(SqlText.normalize("(a) AND (b)")).isEqualTo("(a)and(b)");
		assertThat(SqlText.normalize("((a > 0))")).isEqualTo("a>0");
	}

	@Test
	void stripsCastsOfStringLiteralsOnly() {
		assertThat(SqlText.stripLiteralCasts("status='a'::text")).isEqualTo("status='a'");
		assertThat(SqlText.stripLiteralCasts("x='a'::character varying(10)[]")).isEqualTo("x='a'");
		assertThat(SqlText.stripLiteralCasts("x='1'::timestamp(3)with time zone")).isEqualTo("x='1'");
		assertThat(SqlText.stripLiteralCasts("'a'::text and b")).isEqualTo("'a' and b");
		assertThat(SqlText.stripLiteralCasts("x::text='a'")).isEqualTo("x::text='a'");
		assertThat(SqlText.stripLiteralCasts("'x'::\"Mixed Case\".mood")).isEqualTo("'x'");
	}

	@Test
	void replacesOutsideQuotesOnly() {
		assertThat(SqlText.replaceOutsideQuotes("now() || 'now()' || \"now()\" || now()", Pattern.compile("now\\(\\)"),
				"x"))
			.isEqualTo("x || 'now()' || \"now()\" || x");
	}
}
