package dev.tidemark.checks.contract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TypeNames}: a contract's spelling against {@code format_type} output. */
class ContractTypeNamesTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			int2                          | smallint
			smallint                      | smallint
			smallserial                   | smallint
			serial2                       | smallint
			int4                          | integer
			int                           | integer
			INTEGER                       | integer
			serial                        | integer
			serial4                       | integer
			int8                          | bigint
			BigInt                        | bigint
			bigserial                     | bigint
			serial8                       | bigint
			float4                        | real
			real                          | real
			float(24)                     | real
			float8                        | double precision
			double  precision             | double precision
			float                         | double precision
			float(53)                     | double precision
			bool                          | boolean
			boolean                       | boolean
			varchar                       | character varying
			varchar(10)                   | character varying(10)
			VARCHAR ( 10 )                | character varying(10)
			character varying(255)        | character varying(255)
			char varying(5)               | character varying(5)
			char                          | character(1)
			character                     | character(1)
			char(3)                       | character(3)
			character(3)                  | character(3)
			bpchar(3)                     | character(3)
			bpchar                        | bpchar
			timestamptz                   | timestamp with time zone
			timestamp with time zone      | timestamp with time zone
			TIMESTAMP  WITH  TIME  ZONE   | timestamp with time zone
			timestamptz(3)                | timestamp(3) with time zone
			timestamp(3) with time zone   | timestamp(3) with time zone
			timestamp                     | timestamp without time zone
			timestamp without time zone   | timestamp without time zone
			timestamp(6)                  | timestamp(6) without time zone
			timetz                        | time with time zone
			time with time zone           | time with time zone
			time                          | time without time zone
			time(0) without time zone     | time(0) without time zone
			numeric                       | numeric
			decimal                       | numeric
			numeric(10,2)                 | numeric(10,2)
			numeric(10, 2)                | numeric(10,2)
			decimal(10,2)                 | numeric(10,2)
			numeric(10)                   | numeric(10,0)
			bit                           | bit(1)
			bit(8)                        | bit(8)
			varbit                        | bit varying
			bit varying(8)                | bit varying(8)
			text                          | text
			TEXT                          | text
			json                          | json
			jsonb                         | jsonb
			uuid                          | uuid
			date                          | date
			bytea                         | bytea
			interval                      | interval
			tstzrange                     | tstzrange
			text[]                        | text[]
			text []                       | text[]
			_text                         | text[]
			_int4                         | integer[]
			int4[]                        | integer[]
			int[][]                       | integer[]
			integer[3]                    | integer[]
			integer ARRAY                 | integer[]
			varchar(10)[]                 | character varying(10)[]
			_varchar                      | character varying[]
			timestamptz[]                 | timestamp with time zone[]
			_timestamptz                  | timestamp with time zone[]
			pg_catalog.int8               | bigint
			pg_catalog.varchar(3)         | character varying(3)
			public.citext                 | public.citext
			Public.CITEXT                 | public.citext
			public.citext[]               | public.citext[]
			public._citext                | public.citext[]
			app."Mood"                    | app."Mood"
			"Mood"                        | "Mood"
			"char"                        | "char"
			"My Schema"."My Type"         | "My Schema"."My Type"
			""")
	void normalizesToFormatTypeSpelling(String type, String normalized) {
		assertThat(TypeNames.normalize(type)).isEqualTo(normalized);
	}

	@ParameterizedTest(name = "{0} = {1}")
	@CsvSource(delimiter = '|', textBlock = """
			int8                 | bigint
			bigserial            | bigint
			varchar(10)          | character varying(10)
			timestamptz          | timestamp with time zone
			numeric(12)          | numeric(12,0)
			_text                | text[]
			text[]               | text[]
			citext               | public.citext
			public.citext        | public.citext
			citext[]             | public.citext[]
			mood                 | app.mood
			"Mood"               | app."Mood"
			bool                 | boolean
			float8               | double precision
			""")
	void sameTypes(String contractType, String catalogType) {
		assertThat(TypeNames.same(contractType, catalogType)).isTrue();
	}

	@ParameterizedTest(name = "{0} != {1}")
	@CsvSource(delimiter = '|', textBlock = """
			int4                 | bigint
			varchar(10)          | character varying(20)
			varchar              | character varying(10)
			timestamp            | timestamp with time zone
			numeric              | numeric(10,2)
			text                 | text[]
			json                 | jsonb
			other.citext         | public.citext
			citext               | public.citext[]
			mood                 | app."Mood"
			char                 | character(3)
			bpchar               | character(1)
			""")
	void differentTypes(String contractType, String catalogType) {
		assertThat(TypeNames.same(contractType, catalogType)).isFalse();
	}
}
