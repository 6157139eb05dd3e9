package dev.tidemark.checks.rules;

import java.util.List;
import java.util.stream.Stream;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.CheckSettings;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.Contract.ExtensionExpectation;
import dev.tidemark.checks.contract.Contract.MaterializedViewExpectation;
import dev.tidemark.checks.contract.Contract.MigrationExpectations;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.TestCatalogs;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static dev.tidemark.checks.rules.Expect.column;
import static dev.tidemark.checks.rules.Expect.fk;
import static dev.tidemark.checks.rules.Expect.index;
import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every contract rule on a real PostgreSQL: a fixture where it fires exactly once (and no other contract rule
 * fires), then the same database after the repair, where all of them stay quiet. Hostile names (a schema with a
 * space and capitals, a column called {@code select}, a table with a double quote in its name) prove that objects
 * match exactly, and catalog output (defaults, predicates, constraint definitions) goes through the normalizers.
 */
class ContractRulesIntegrationTests {

	static final List<Rule> RULES = List.of(new MissingTable(), new UnexpectedTable(), new UnexpectedColumn(),
			new MissingColumn(), new ColumnTypeMismatch(), new ColumnNullabilityMismatch(), new ColumnDefaultMismatch(),
			new MissingConstraint(), new ForeignKeyActionMismatch(), new MissingIndex(), new MissingExtension(),
			new ExtensionVersionMismatch(), new MigrationHeadMismatch(), new MigrationNotApplied(),
			new DriftSinceBaseline());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One fixture: the drifted database, what is expected of it, the repair, and the one finding. */
	record Case(String name, String ruleId, String fixture, Contract contract, boolean reference, String fix,
			String object, @Nullable String subject) {

		@Override
		public String toString() {
			return name;
		}
	}

	static Stream<Case> cases() {
		return Stream.of(
				new Case("missing-table in a mixed-case schema", "missing-table", """
						CREATE SCHEMA "Mixed Case";
						CREATE TABLE "Mixed Case"."Orders" (id bigint PRIMARY KEY);
						""", tables(table("Mixed Case.Orders"), table("Mixed Case.orders")), false, """
						CREATE TABLE "Mixed Case".orders (id bigint PRIMARY KEY);
						""", "Mixed Case.orders", null),
				new Case("unexpected-table with a quote in its name", "unexpected-table", """
						CREATE TABLE public.orders (id bigint PRIMARY KEY);
						CREATE TABLE public."we""ird" (id int);
						CREATE TABLE public.events (at timestamptz NOT NULL) PARTITION BY RANGE (at);
						CREATE TABLE public.events_2026 PARTITION OF public.events
							FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
						CREATE TABLE public.alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);
						""",
						tables(table("public.orders").columns(column("id", "bigint", false, null)).primaryKey("id"),
								table("public.events").columns(column("at", "timestamptz", false, null))),
						true, """
								DROP TABLE public."we""ird";
								""", "public.we\"ird", null),
				new Case("unexpected-column next to a column called select", "unexpected-column", """
						CREATE SCHEMA "Mixed Case";
						CREATE TABLE "Mixed Case".t (id int PRIMARY KEY, "select" text, extra int);
						""",
						tables(table("Mixed Case.t")
							.columns(column("id", "integer", false, null), column("select", "text", true, null))
							.primaryKey("id")),
						true, """
								ALTER TABLE "Mixed Case".t DROP COLUMN extra;
								""", "Mixed Case.t.extra", null),
				new Case("missing-column select", "missing-column", """
						CREATE TABLE public."we""ird" (id bigint PRIMARY KEY, "Select" text);
						""", tables(table("public.we\"ird").columns(column("id", "bigint"), column("select", "text"))),
						false, """
								ALTER TABLE public."we""ird" ADD COLUMN "select" text;
								""", "public.we\"ird.select", null),
				new Case("column-type-mismatch among aliases", "column-type-mismatch", """
						CREATE EXTENSION citext;
						CREATE TABLE public.scores (id bigint PRIMARY KEY, duration_sec integer, name varchar(10),
							tags text[], email citext, at timestamptz, ratio float8, flag bool);
						""",
						tables(table("public.scores").columns(column("id", "int8"), column("duration_sec", "int8"),
								column("name", "varchar(10)"), column("tags", "text[]"), column("email", "citext"),
								column("at", "timestamptz"), column("ratio", "double precision"),
								column("flag", "boolean"))),
						false, """
								ALTER TABLE public.scores ALTER COLUMN duration_sec TYPE bigint;
								""", "public.scores.duration_sec", null),
				new Case("column-nullability-mismatch on select", "column-nullability-mismatch", """
						CREATE SCHEMA "Mixed Case";
						CREATE TABLE "Mixed Case".post_reactions (id bigint PRIMARY KEY, "select" bigint NOT NULL,
							note text);
						""",
						tables(table("Mixed Case.post_reactions").columns(column("select", "bigint", true, null),
								column("note", "text", true, null), column("id", "bigint", false, null))),
						false, """
								ALTER TABLE "Mixed Case".post_reactions ALTER COLUMN "select" DROP NOT NULL;
								""", "Mixed Case.post_reactions.select", null),
				new Case("column-default-mismatch beside defaults PostgreSQL prints differently",
						"column-default-mismatch", """
								CREATE SCHEMA "Mixed Case";
								CREATE TABLE "Mixed Case"."T" (id serial PRIMARY KEY, status text NOT NULL DEFAULT 'new',
									created_at timestamptz NOT NULL DEFAULT now(), flag boolean DEFAULT false,
									n integer DEFAULT -1, payload jsonb DEFAULT '{}', code varchar(5) DEFAULT 'ab',
									due timestamptz DEFAULT now() + interval '1 day');
								""",
						tables(table("Mixed Case.T").columns(column("id", null, null, "nextval('\"T_id_seq\"')"),
								column("status", null, null, "'pending'"),
								column("created_at", null, null, "CURRENT_TIMESTAMP"),
								column("flag", null, null, "false"), column("n", null, null, "-1"),
								column("payload", null, null, "'{}'::jsonb"), column("code", null, null, "'ab'"),
								column("due", null, null, "now() + '1 day'::interval"))),
						false, """
								ALTER TABLE "Mixed Case"."T" ALTER COLUMN status SET DEFAULT 'pending';
								""", "Mixed Case.T.status", null),
				new Case("missing-constraint: the exclusion constraint (scenario 4)", "missing-constraint", """
						CREATE EXTENSION btree_gist;
						CREATE TABLE public.analysis_periods (id bigint PRIMARY KEY, entity_id bigint NOT NULL,
							period tstzrange NOT NULL, is_active boolean NOT NULL DEFAULT true);
						CREATE TABLE public.contents (id bigint PRIMARY KEY, analysis_period_id bigint);
						INSERT INTO public.contents VALUES (1, 42);
						ALTER TABLE public.contents ADD CONSTRAINT contents_period_fk FOREIGN KEY (analysis_period_id)
							REFERENCES public.analysis_periods (id) NOT VALID;
						""",
						new Contract(List.of(), List.of(table("public.analysis_periods").primaryKey("id")
							.constraint("analysis_periods_no_overlap",
									"EXCLUDE USING gist (entity_id WITH =, period WITH &&) WHERE (is_active)")
							.build(),
								table("public.contents")
									.foreignKey(fk(List.of("analysis_period_id"), "public.analysis_periods",
											List.of("id"), null, null))
									.build()),
								List.of(), null),
						false, """
								ALTER TABLE public.analysis_periods ADD CONSTRAINT analysis_periods_no_overlap
									EXCLUDE USING gist (entity_id WITH =, period WITH &&) WHERE (is_active);
								""", "public.analysis_periods.analysis_periods_no_overlap", null),
				new Case("missing-constraint: a foreign key between hostile names", "missing-constraint", """
						CREATE SCHEMA "Mixed Case";
						CREATE TABLE "Mixed Case"."Parent" (id int PRIMARY KEY);
						CREATE TABLE "Mixed Case".child (id int PRIMARY KEY, "select" int);
						""",
						tables(table("Mixed Case.child").unique("id").foreignKey(
								fk(List.of("select"), "Mixed Case.Parent", List.of("id"), "NO ACTION", null))),
						false, """
								ALTER TABLE "Mixed Case".child ADD CONSTRAINT child_select_fk FOREIGN KEY ("select")
									REFERENCES "Mixed Case"."Parent" (id) NOT VALID;
								""", "Mixed Case.child.FOREIGN KEY (select) REFERENCES Mixed Case.Parent(id)", null),
				new Case("missing-constraint: a primary key shares the health rule's subject", "missing-constraint",
						"""
								CREATE TABLE public.post_reactions (id bigint NOT NULL, post_id bigint);
								""", tables(table("public.post_reactions").primaryKey("id")), false, """
								CREATE UNIQUE INDEX CONCURRENTLY post_reactions_pkey ON public.post_reactions (id);
								ALTER TABLE public.post_reactions ADD CONSTRAINT post_reactions_pkey
									PRIMARY KEY USING INDEX post_reactions_pkey;
								""", "public.post_reactions.PRIMARY KEY (id)", "primary-key:public.post_reactions"),
				new Case("foreign-key-action-mismatch (scenario 5)", "foreign-key-action-mismatch", """
						CREATE TABLE public.posts (id bigint PRIMARY KEY);
						CREATE TABLE public.post_reactions (id bigint PRIMARY KEY,
							post_id bigint REFERENCES public.posts (id) ON DELETE CASCADE);
						""",
						tables(table("public.post_reactions")
							.foreignKey(fk(List.of("post_id"), "public.posts", List.of("id"), "SET NULL", null))),
						false, """
								ALTER TABLE public.post_reactions ADD CONSTRAINT post_reactions_post_id_fkey_new
									FOREIGN KEY (post_id) REFERENCES public.posts (id) ON DELETE SET NULL NOT VALID;
								ALTER TABLE public.post_reactions VALIDATE CONSTRAINT post_reactions_post_id_fkey_new;
								ALTER TABLE public.post_reactions DROP CONSTRAINT post_reactions_post_id_fkey;
								""", "public.post_reactions.post_reactions_post_id_fkey", null),
				new Case("missing-index: the partial index on a foreign key (scenario 5)", "missing-index", """
						CREATE TABLE public.posts (id bigint PRIMARY KEY);
						CREATE TABLE public.post_reactions (id bigint PRIMARY KEY,
							post_id bigint REFERENCES public.posts (id) ON DELETE SET NULL, kind text);
						CREATE INDEX post_reactions_kind_idx ON public.post_reactions (lower(kind))
							WHERE kind <> 'hidden';
						""",
						tables(table("public.post_reactions").index(index("post_id IS NOT NULL", "post_id"))
							.index(index("(KIND <> 'hidden')", "LOWER(kind)"))),
						false, """
								CREATE INDEX CONCURRENTLY post_reactions_post_id_idx ON public.post_reactions (post_id)
									WHERE post_id IS NOT NULL;
								""", "public.post_reactions.(post_id) WHERE post_id IS NOT NULL",
						"fk-index:public.post_reactions(post_id)"),
				new Case("missing-index: a materialized view's unique key (scenario 4)", "missing-index", """
						CREATE MATERIALIZED VIEW public.mv_period_metrics_trend AS
							SELECT 'topic'::text AS entity_type, 1::bigint AS entity_id, 1 AS period_number,
								0.5 AS trend;
						""",
						new Contract(List.of(), List.of(), List.of(new MaterializedViewExpectation(
								"public.mv_period_metrics_trend", List.of("entity_type", "entity_id", "period_number"))),
								null),
						false, """
								CREATE UNIQUE INDEX CONCURRENTLY mv_period_metrics_trend_key
									ON public.mv_period_metrics_trend (entity_type, entity_id, period_number);
								""", "public.mv_period_metrics_trend.UNIQUE (entity_type, entity_id, period_number)",
						"matview-unique:public.mv_period_metrics_trend"),
				new Case("missing-extension pg_trgm (scenario 4)", "missing-extension", """
						CREATE EXTENSION btree_gist;
						""", Expect.extensions(new ExtensionExpectation("pg_trgm", null),
								new ExtensionExpectation("btree_gist", null)),
						false, """
								CREATE EXTENSION pg_trgm;
								""", "pg_trgm", null),
				new Case("extension-version-mismatch", "extension-version-mismatch", """
						CREATE EXTENSION pg_trgm VERSION '1.5';
						""", Expect.extensions(new ExtensionExpectation("pg_trgm", "1.6")), false, """
						ALTER EXTENSION pg_trgm UPDATE TO '1.6';
						""", "pg_trgm", null),
				new Case("migration-head-mismatch (scenario 3)", "migration-head-mismatch", """
						CREATE TABLE public.alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);
						INSERT INTO public.alembic_version VALUES ('20250812_090000');
						""", Expect.migrations(new MigrationExpectations(null,
								new MigrationExpectations.Alembic("20250812_150000"), null, null)),
						false, """
								UPDATE public.alembic_version SET version_num = '20250812_150000';
								""", "alembic", null),
				new Case("migration-not-applied: Prisma", "migration-not-applied", PRISMA + """
						INSERT INTO public._prisma_migrations (id, checksum, finished_at, migration_name, started_at)
							VALUES ('1', 'c', now(), '20251101000000_init', now());
						""",
						Expect.migrations(new MigrationExpectations(new MigrationExpectations.Prisma(null,
								List.of("20251101000000_init", "20251120000000_add_channel_metadata")), null, null,
								null)),
						false, """
								INSERT INTO public._prisma_migrations (id, checksum, finished_at, migration_name, started_at)
									VALUES ('2', 'c', now(), '20251120000000_add_channel_metadata', now());
								""", "prisma.20251120000000_add_channel_metadata", null),
				new Case("migration-not-applied: Flyway compares versions numerically", "migration-not-applied",
						FLYWAY + """
								INSERT INTO public.flyway_schema_history VALUES
									(1, '1.9', 'a', 'SQL', 'V1_9__a.sql', 0, 'me', now(), 1, true),
									(2, '1.10', 'b', 'SQL', 'V1_10__b.sql', 0, 'me', now(), 1, true);
								""",
						Expect.migrations(new MigrationExpectations(null, null,
								new MigrationExpectations.Flyway("1.11"), null)),
						false, """
								INSERT INTO public.flyway_schema_history VALUES
									(3, '1.11', 'c', 'SQL', 'V1_11__c.sql', 0, 'me', now(), 1, true);
								""", "flyway.1.11", null),
				new Case("migration-not-applied: Liquibase", "migration-not-applied", LIQUIBASE,
						Expect.migrations(new MigrationExpectations(null, null, null,
								new MigrationExpectations.Liquibase(List.of("add-topics::dev::db/changelog.yaml")))),
						false, """
								INSERT INTO public.databasechangelog (id, author, filename, dateexecuted, orderexecuted,
									exectype) VALUES ('add-topics', 'dev', 'db/changelog.yaml', now(), 1, 'EXECUTED');
								""", "liquibase.add-topics::dev::db/changelog.yaml", null));
	}

	private static final String PRISMA = """
			CREATE TABLE public._prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL,
				finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz,
				started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0);
			""";

	private static final String FLYWAY = """
			CREATE TABLE public.flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50),
				description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL,
				checksum int, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
				execution_time int NOT NULL, success boolean NOT NULL);
			""";

	private static final String LIQUIBASE = """
			CREATE TABLE public.databasechangelog (id varchar(255) NOT NULL, author varchar(255) NOT NULL,
				filename varchar(255) NOT NULL, dateexecuted timestamp NOT NULL, orderexecuted int NOT NULL,
				exectype varchar(10) NOT NULL, md5sum varchar(35), description varchar(255), comments varchar(255),
				tag varchar(255), liquibase varchar(20), contexts varchar(255), labels varchar(255),
				deployment_id varchar(10));
			""";

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void firesExactlyOnceThenNotAfterTheRepair(Case c) {
		TestCatalogs.Read drifted = TestCatalogs.read("contract_rules", c.fixture());

		assertThat(evaluate(drifted.snapshot(), c)).singleElement().satisfies(v -> {
			assertThat(v.ruleId()).isEqualTo(c.ruleId());
			assertThat(JSON.writeValueAsString(v.evidence())).startsWith("{");
			assertThat(v.object().text()).isEqualTo(c.object());
			if (c.subject() != null) {
				assertThat(v.subject()).isEqualTo(c.subject());
			}
		});

		assertThat(evaluate(drifted.then(c.fix()).snapshot(), c)).isEmpty();
	}

	@Test
	void driftSinceBaselineFiresOncePerChangedObjectAndNotWithoutChange() {
		TestCatalogs.Read accepted = TestCatalogs.read("baseline_rule", """
				CREATE SCHEMA "Mixed Case";
				CREATE TABLE "Mixed Case"."we""ird" (id bigint PRIMARY KEY, "select" text);
				CREATE TABLE public.orders (id serial PRIMARY KEY, note text);
				INSERT INTO public.orders (note) VALUES ('a'), ('b');
				""");
		CatalogSnapshot baseline = accepted.snapshot();

		// data moves (rows, sequence values) are not drift
		TestCatalogs.Read unchanged = accepted.then("INSERT INTO public.orders (note) VALUES ('c');");
		assertThat(evaluate(unchanged.snapshot(), List.of(), baseline)).isEmpty();

		TestCatalogs.Read changed = unchanged.then("""
				ALTER TABLE "Mixed Case"."we""ird" ADD COLUMN flagged boolean;
				""");
		assertThat(evaluate(changed.snapshot(), List.of(), baseline)).singleElement().satisfies(v -> {
			assertThat(v.ruleId()).isEqualTo("drift-since-baseline");
			assertThat(v.object().text()).isEqualTo("Mixed Case.we\"ird");
			assertThat(v.evidence()).containsEntry("change", "changed").containsEntry("fields", List.of("columns"));
			assertThat(JSON.writeValueAsString(v.evidence())).contains("\"flagged\"");
		});
	}

	/**
	 * Convergence for references: a hand-built reference for one table (a self-referencing one, so it needs no
	 * other), a drifted copy that breaks it in every way the contract rules see, the repairs the findings describe
	 * applied by hand (including the manual ones), and then no rule has anything left to say.
	 */
	@Test
	void aReferenceConvergesAfterTheRepairs() {
		String table = "\"Mixed Case\".\"we\"\"ird\"";
		Contract reference = tables(table("Mixed Case.we\"ird")
			.columns(column("id", "bigint", false, null), column("parent_id", "bigint", true, null),
					column("select", "text", false, "'x'::text"),
					column("created_at", "timestamp with time zone", false, "now()"),
					column("score", "integer", true, null))
			.primaryKey("id")
			.unique("select", "created_at")
			.foreignKey(fk(List.of("parent_id"), "Mixed Case.we\"ird", List.of("id"), "SET NULL", "NO ACTION"))
			.index(index("parent_id IS NOT NULL", "parent_id"))
			.constraint("score_nonneg", "CHECK (score >= 0)"));
		TestCatalogs.Read drifted = TestCatalogs.read("reference_convergence", """
				CREATE SCHEMA "Mixed Case";
				CREATE TABLE %1$s (id bigint PRIMARY KEY, parent_id bigint REFERENCES %1$s (id) ON DELETE CASCADE,
					"select" text, score bigint, legacy text);
				INSERT INTO %1$s (id, parent_id, "select", score) VALUES (1, NULL, 'a', 3), (2, 1, 'b', 4);
				""".formatted(table));
		List<Expectation> expectations = List.of(new Expectation(Expectation.Source.REFERENCE, reference, true));

		assertThat(evaluate(drifted.snapshot(), expectations, null))
			.extracting(v -> v.ruleId() + " " + v.object().text())
			.containsExactlyInAnyOrder("missing-column Mixed Case.we\"ird.created_at",
					"unexpected-column Mixed Case.we\"ird.legacy", "column-type-mismatch Mixed Case.we\"ird.score",
					"column-nullability-mismatch Mixed Case.we\"ird.select",
					"column-default-mismatch Mixed Case.we\"ird.select",
					"missing-constraint Mixed Case.we\"ird.UNIQUE (select, created_at)",
					"missing-constraint Mixed Case.we\"ird.score_nonneg",
					"foreign-key-action-mismatch Mixed Case.we\"ird.we\"ird_parent_id_fkey",
					"missing-index Mixed Case.we\"ird.(parent_id) WHERE parent_id IS NOT NULL");

		TestCatalogs.Read repaired = drifted.then("""
				ALTER TABLE %1$s ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
				ALTER TABLE %1$s ALTER COLUMN "select" SET DEFAULT 'x';
				ALTER TABLE %1$s ADD CONSTRAINT select_not_null CHECK ("select" IS NOT NULL) NOT VALID;
				ALTER TABLE %1$s VALIDATE CONSTRAINT select_not_null;
				ALTER TABLE %1$s ALTER COLUMN "select" SET NOT NULL;
				ALTER TABLE %1$s DROP CONSTRAINT select_not_null;
				ALTER TABLE %1$s ADD COLUMN score_new integer;
				UPDATE %1$s SET score_new = score;
				ALTER TABLE %1$s DROP COLUMN score;
				ALTER TABLE %1$s RENAME COLUMN score_new TO score;
				ALTER TABLE %1$s DROP COLUMN legacy;
				ALTER TABLE %1$s ADD CONSTRAINT parent_fk_new FOREIGN KEY (parent_id) REFERENCES %1$s (id)
					ON DELETE SET NULL NOT VALID;
				ALTER TABLE %1$s VALIDATE CONSTRAINT parent_fk_new;
				ALTER TABLE %1$s DROP CONSTRAINT "we""ird_parent_id_fkey";
				ALTER TABLE %1$s RENAME CONSTRAINT parent_fk_new TO "we""ird_parent_id_fkey";
				CREATE INDEX CONCURRENTLY parent_idx ON %1$s (parent_id) WHERE parent_id IS NOT NULL;
				ALTER TABLE %1$s ADD CONSTRAINT score_nonneg CHECK (score >= 0) NOT VALID;
				ALTER TABLE %1$s VALIDATE CONSTRAINT score_nonneg;
				CREATE UNIQUE INDEX CONCURRENTLY select_created_uq ON %1$s ("select", created_at);
				ALTER TABLE %1$s ADD CONSTRAINT select_created_uq UNIQUE USING INDEX select_created_uq;
				""".formatted(table));

		assertThat(evaluate(repaired.snapshot(), expectations, null)).isEmpty();
	}

	static List<Violation> evaluate(CatalogSnapshot snapshot, List<Expectation> expectations,
			@Nullable CatalogSnapshot baseline) {
		CheckContext context = new CheckContext(snapshot, expectations, baseline, Expect.NOW, CheckSettings.defaults());
		return RULES.stream().flatMap(rule -> rule.evaluate(context).stream()).toList();
	}

	static List<Violation> evaluate(CatalogSnapshot snapshot, Case c) {
		return evaluate(snapshot, List.of(new Expectation(
				c.reference() ? Expectation.Source.REFERENCE : Expectation.Source.CONTRACT, c.contract(), c.reference())),
				null);
	}
}
