package dev.tidemark.checks.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnTypesTests {

	@ParameterizedTest(name = "{0} = {1}")
	@CsvSource(delimiter = '|', textBlock = """
			int8                        | bigint
			BIGINT                      | bigint
			bigserial                   | bigint
			int                         | integer
			int4                        | integer
			serial                      | integer
			int2                        | smallint
			varchar(10)                 | character varying(10)
			VARCHAR ( 10 )              | character varying(10)
			varchar                     | character varying
			char                        | character(1)
			char(3)                     | character(3)
			timestamptz                 | timestamp with time zone
			timestamptz(3)              | timestamp(3) with time zone
			TIMESTAMP WITH TIME ZONE    | timestamp with time zone
			timestamp                   | timestamp without time zone
			timestamp(6)                | timestamp(6) without time zone
			timetz                      | time with time zone
			time                        | time without time zone
			bool                        | boolean
			float8                      | double precision
			float                       | double precision
			float(24)                   | real
			float(25)                   | double precision
			float4                      | real
			decimal(12, 2)              | numeric(12,2)
			numeric                     | numeric
			varbit(8)                   | bit varying(8)
			int[]                       | integer[]
			text[]                      | text[]
			varchar(10)[]               | character varying(10)[]
			integer array               | integer[]
			int[][]                     | integer[]
			int4[3]                     | integer[]
			citext                      | public.citext
			public.citext               | public.citext
			pg_catalog.int8             | bigint
			mood                        | "Mixed Case".mood
			"Mixed Case".mood           | "Mixed Case".mood
			"Mixed Case"."Weird ""T""\"  | "Mixed Case"."Weird ""T""\"
			"char"                      | "char"
			jsonb                       | jsonb
			uuid                        | uuid
			""", ignoreLeadingAndTrailingWhitespace = true)
	void equalAfterNormalization(String expected, String actual) {
		assertThat(ColumnTypes.same(expected, actual)).isTrue();
	}

	@ParameterizedTest(name = "{0} <> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			int8               | integer
			varchar(10)        | character varying(20)
			varchar(10)        | character varying
			varchar            | text
			timestamptz        | timestamp without time zone
			timestamp          | timestamp with time zone
			int[]              | integer
			int                | integer[]
			json               | jsonb
			char               | "char"
			other.citext       | public.citext
			"Mood"             | "Mixed Case".mood
			numeric(10,2)      | numeric(12,2)
			float4             | double precision
			""", ignoreLeadingAndTrailingWhitespace = true)
	void differentTypes(String expected, String actual) {
		assertThat(ColumnTypes.same(expected, actual)).isFalse();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			int8[]              | bigint[]
			public.citext       | public.citext
			"Mixed Case".mood   | "Mixed Case".mood
			timestamptz         | timestamp with time zone
			""", ignoreLeadingAndTrailingWhitespace = true)
	void canonicalText(String type, String canonical) {
		assertThat(ColumnTypes.parse(type).text()).isEqualTo(canonical);
	}
}
