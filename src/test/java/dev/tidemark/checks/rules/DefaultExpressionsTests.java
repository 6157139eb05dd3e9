package dev.tidemark.checks.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultExpressionsTests {

	@ParameterizedTest(name = "{0} = {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			'x'                              | 'x'::text
			'active'                         | 'active'::character varying
			now()                            | now()
			NOW()                            | now()
			CURRENT_TIMESTAMP                | now()
			false                            | false
			0                                | 0
			-1                               | '-1'::integer
			1.5                              | 1.5
			'{}'                             | '{}'::jsonb
			'{}'::jsonb                      | '{}'::jsonb
			nextval('t_id_seq')              | nextval('public.t_id_seq'::regclass)
			nextval('t_id_seq'::regclass)    | nextval('public.t_id_seq'::regclass)
			now() + interval '1 day'         | now() + interval '1 day'
			now() + '1 day'::interval        | (now() + '1 day'::interval)
			gen_random_uuid()                | gen_random_uuid()
			uuid_generate_v4()               | public.uuid_generate_v4()
			NULL                             | `NULL::text`
			'It''s'                          | 'It''s'::text
			""", ignoreLeadingAndTrailingWhitespace = true)
	void sameDefault(String expected, String actual) {
		assertThat(DefaultExpressions.same(expected, actual, "public")).isTrue();
	}

	@ParameterizedTest(name = "{0} <> {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			'x'                      | 'X'::text
			'x'                      | 'x '::text
			now()                    | clock_timestamp()
			false                    | true
			0                        | 1
			nextval('t_id_seq')      | nextval('other.t_id_seq'::regclass)
			'a b'                    | 'ab'::text
			'current_timestamp'      | 'now()'::text
			'public.f()'             | 'f()'::text
			""", ignoreLeadingAndTrailingWhitespace = true)
	void differentDefault(String expected, String actual) {
		assertThat(DefaultExpressions.same(expected, actual, "public")).isFalse();
	}

	@Test
	void noDefaultIsNullOrTheNullLiteral() {
		assertThat(DefaultExpressions.same(null, null, "public")).isTrue();
		assertThat(DefaultExpressions.same("NULL", null, "public")).isTrue();
		assertThat(DefaultExpressions.same(null, "'x'::text", "public")).isFalse();
		assertThat(DefaultExpressions.normalize("  ", "public")).isNull();
	}

	@Test
	void unqualifiedSequencesBelongToTheTablesSchemaQuotedAsPostgresPrintsIt() {
		assertThat(DefaultExpressions.same("nextval('\"T_id_seq\"')",
				"nextval('\"Mixed Case\".\"T_id_seq\"'::regclass)", "Mixed Case"))
			.isTrue();
		assertThat(DefaultExpressions.same("nextval('t_id_seq')", "nextval('public.t_id_seq'::regclass)",
				"Mixed Case"))
			.isFalse();
	}
}
