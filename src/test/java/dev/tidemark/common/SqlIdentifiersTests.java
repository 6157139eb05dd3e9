package dev.tidemark.common;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SqlIdentifiersTests {

	@ParameterizedTest(name = "quote({0}) = {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			orders        | "orders"
			select        | "select"
			user          | "user"
			order         | "order"
			Orders        | "Orders"
			Mixed Case    | "Mixed Case"
			we"ird        | "we""ird"
			""            | \"\"\"\"\"\"
			line;item     | "line;item"
			größe         | "größe"
			表            | "表"
			it's          | "it's"
			""")
	void quoteAlwaysQuotesAndDoublesEmbeddedQuotes(String name, String quoted) {
		assertThat(SqlIdentifiers.quote(name)).isEqualTo(quoted);
	}

	@ParameterizedTest(name = "quoteIdent({0}) = {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			orders        | orders
			_x1$          | _x1$
			select        | "select"
			user          | "user"
			order         | "order"
			integer       | "integer"
			position      | "position"
			left          | "left"
			name          | name
			Orders        | "Orders"
			1abc          | "1abc"
			Mixed Case    | "Mixed Case"
			we"ird        | "we""ird"
			größe         | "größe"
			``            | ""
			""")
	void quoteIdentQuotesOnlyWhenPostgresWould(String name, String quoted) {
		assertThat(SqlIdentifiers.quoteIdent(name)).isEqualTo(quoted);
	}

	@ParameterizedTest(name = "unquote({0}) = {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			"we""ird"     | we"ird
			"select"      | select
			`  "A b"  `   | A b
			plain         | plain
			"open         | "open
			"a"."b"       | "a"."b"
			""")
	void unquoteUndoesQuotingOfALoneIdentifier(String text, String name) {
		assertThat(SqlIdentifiers.unquote(text)).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "orders", "select", "Mixed Case", "we\"ird", "größe" })
	void unquoteReversesBothQuotings(String name) {
		assertThat(SqlIdentifiers.unquote(SqlIdentifiers.quote(name))).isEqualTo(name);
		assertThat(SqlIdentifiers.unquote(SqlIdentifiers.quoteIdent(name))).isEqualTo(name);
	}

	@Test
	void qualifiesWithAndWithoutASchema() {
		assertThat(SqlIdentifiers.qualified("Bad \"Schema\"", "line;item"))
			.isEqualTo("\"Bad \"\"Schema\"\"\".\"line;item\"");
		assertThat(SqlIdentifiers.qualified(null, "t")).isEqualTo("\"t\"");
		assertThat(SqlIdentifiers.quoteAll(List.of("a", "B c", "select"))).isEqualTo("\"a\", \"B c\", \"select\"");
		assertThat(SqlIdentifiers.quoteAll(List.of())).isEmpty();
	}

	@ParameterizedTest(name = "literal({0}) = {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			it's          | 'it''s'
			plain         | 'plain'
			``            | ''
			a\\b          | 'a\\b'
			größe         | 'größe'
			""")
	void literalsDoubleSingleQuotes(String value, String literal) {
		assertThat(SqlIdentifiers.literal(value)).isEqualTo(literal);
	}

	@Test
	void refusesWhatPostgresCannotHold() {
		assertThatIllegalArgumentException().isThrownBy(() -> SqlIdentifiers.quote(""));
		assertThatIllegalArgumentException().isThrownBy(() -> SqlIdentifiers.quote("a\0b"));
		assertThatIllegalArgumentException().isThrownBy(() -> SqlIdentifiers.qualified("s\0", "t"));
		assertThatIllegalArgumentException().isThrownBy(() -> SqlIdentifiers.quoteIdent("a\0b"));
		assertThatIllegalArgumentException().isThrownBy(() -> SqlIdentifiers.literal("a\0b"));
	}
}
