package dev.tidemark.checks.contract;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.contract.ContractFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contract drafted from a real catalog: the fixture holds one of everything a contract can say, and what a
 * draft must leave out (partitions, an INVALID index, migration-tool and Tidemark bookkeeping tables).
 */
class ContractGeneratorIntegrationTests {

	private static final String FIXTURE = "fixtures/contract/generator.sql";

	/** "Today" of the scenarios. */
	private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

	/**
	 * What the draft must say, exactly. Extension versions differ between server versions and are filled in from
	 * the snapshot.
	 */
	private static final String EXPECTED = """
			extensions:
			  - {name: btree_gist, version: "${btree_gist}"}
			  - {name: plpgsql, version: "${plpgsql}"}
			tables:
			  - name: app.people
			    columns:
			      - {name: id, type: integer, nullable: false}
			      - {name: mood, type: app.mood, nullable: true}
			      - {name: Display Name, type: text, nullable: true}
			      - {name: code, type: character(3), nullable: true}
			      - {name: weight, type: double precision, nullable: true}
			      - {name: period_id, type: bigint, nullable: true}
			      - {name: entity_id, type: bigint, nullable: true}
			    primaryKey: [id]
			    foreignKeys:
			      - name: people_period_fk
			        columns: [period_id]
			        references: {table: public.analysis_periods, columns: [id]}
			        onDelete: RESTRICT
			        onUpdate: CASCADE
			  - name: public.analysis_periods
			    columns:
			      - {name: id, type: bigint, nullable: false}
			      - {name: entity_id, type: bigint, nullable: false}
			      - {name: period, type: tstzrange, nullable: false}
			      - {name: active, type: boolean, nullable: false, default: "true"}
			    primaryKey: [id]
			    constraints:
			      - {name: no_overlap, definition: "EXCLUDE USING gist (entity_id WITH =, period WITH &&) WHERE (active)"}
			  - name: public.daily_stats
			    columns:
			      - {name: day, type: date, nullable: false}
			      - {name: hits, type: integer, nullable: false, default: "0"}
			    partitioning: {column: day, interval: 1 day, premake: 0, namePattern: "daily_stats_p{yyyy}{MM}{dd}"}
			  - name: public.dupes
			    columns:
			      - {name: v, type: integer, nullable: true}
			  - name: public.messages
			    columns:
			      - {name: id, type: bigint, nullable: false}
			      - {name: timestamp, type: timestamp with time zone, nullable: false}
			      - {name: body, type: text, nullable: true}
			    primaryKey: [id, timestamp]
			    indexes:
			      - {name: messages_timestamp_idx, columns: [timestamp], unique: false}
			    partitioning: {column: timestamp, interval: 1 month, premake: 2, namePattern: "messages_{yyyy}_{MM}"}
			  - name: public.post_reactions
			    columns:
			      - {name: id, type: bigint, nullable: false, default: "nextval('public.post_reactions_id_seq'::regclass)"}
			      - {name: post_id, type: bigint, nullable: true}
			      - {name: platform, type: text, nullable: false}
			      - {name: created_at, type: timestamp with time zone, nullable: false}
			      - {name: kind, type: character varying(20), nullable: true, default: "'like'::character varying"}
			    primaryKey: [id]
			    unique: [[platform, post_id, created_at]]
			    foreignKeys:
			      - name: post_reactions_post_fk
			        columns: [post_id]
			        references: {table: public.posts, columns: [id]}
			        onDelete: SET NULL
			        onUpdate: NO ACTION
			    indexes:
			      - {name: post_reactions_post_id_idx, columns: [post_id], where: post_id IS NOT NULL, unique: false}
			  - name: public.posts
			    columns:
			      - {name: id, type: bigint, nullable: false}
			      - {name: title, type: character varying(200), nullable: false}
			      - {name: body, type: text, nullable: true}
			      - {name: score, type: "numeric(10,2)", nullable: true, default: "0"}
			      - {name: tags, type: "text[]", nullable: true}
			      - {name: created_at, type: timestamp with time zone, nullable: false, default: now()}
			    primaryKey: [id]
			    indexes:
			      - {name: posts_lower_title_idx, columns: ["lower(title::text)"], unique: false}
			      - {name: posts_tags_gin, columns: [tags], unique: false, method: gin}
			      - {name: posts_title_uidx, columns: [title], unique: true}
			    constraints:
			      - {name: posts_score_positive, definition: "CHECK (score >= 0::numeric)"}
			  - name: public.uneven
			    columns:
			      - {name: at, type: timestamp without time zone, nullable: false}
			materializedViews:
			  - {name: public.mv_period_metrics_trend, uniqueKey: [entity_type, entity_id, period_number]}
			  - {name: public.mv_plain}
			migrations:
			  prisma: {allFinished: true}
			  alembic: {head: "20250812_150000"}
			views:
			  - {name: public.mv_period_metrics_trend, materialized: true}
			  - {name: public.mv_plain, materialized: true}
			enums:
			  - {name: app.mood, values: [happy, sad]}
			grants:
			  - {on: public, kind: SCHEMA, to: PUBLIC, privileges: [USAGE]}
			  - {on: app.mood, kind: TYPE, to: PUBLIC, privileges: [USAGE]}
			""";

	private static CatalogSnapshot snapshot;

	@BeforeAll
	static void readFixture() {
		snapshot = TestCatalogs.read("contract_gen", resource(FIXTURE)).snapshot();
	}

	@Test
	void draftsExactlyWhatTheCatalogHas() {
		Map<String, String> versions = snapshot.extensions()
			.stream()
			.filter(ExtensionInfo::installed)
			.collect(Collectors.toMap(ExtensionInfo::name, ExtensionInfo::installedVersion));
		Contract expected = ContractParser.parseYaml(EXPECTED.replace("${btree_gist}", versions.get("btree_gist"))
			.replace("${plpgsql}", versions.get("plpgsql")));

		Contract generated = ContractGenerator.fromSnapshot(snapshot, NOW);

		// YAML first: a mismatch then reads as a diff of two documents
		assertThat(ContractParser.toYaml(generated)).isEqualTo(ContractParser.toYaml(expected));
		assertThat(generated).isEqualTo(expected);
	}

	@Test
	void theDraftIsAValidContractThatSurvivesARoundTrip() {
		Contract generated = ContractGenerator.fromSnapshot(snapshot, NOW);
		assertThat(ContractValidator.validate(generated)).isEmpty();
		assertThat(ContractParser.parseYaml(ContractParser.toYaml(generated))).isEqualTo(generated);
		assertThat(ContractParser.parseJson(ContractParser.toJson(generated))).isEqualTo(generated);
		assertThat(ContractDocuments.read(ContractParser.toYaml(generated), MediaTypeKind.YAML)).isEqualTo(generated);
		Contract withoutNow = ContractGenerator.fromSnapshot(snapshot);
		assertThat(ContractParser.parseYaml(ContractParser.toYaml(withoutNow))).isEqualTo(withoutNow);
		assertThat(withoutNow.tables()).filteredOn(t -> t.partitioning() != null)
			.allSatisfy(t -> assertThat(t.partitioning().premake()).isNull());
	}

	@Test
	void everyColumnTypeNamesTheCatalogsType() {
		Contract generated = ContractGenerator.fromSnapshot(snapshot, NOW);
		Map<String, TableInfo> tables = snapshot.tables()
			.stream()
			.collect(Collectors.toMap(TableInfo::key, t -> t));
		generated.tables().forEach(table -> {
			Map<String, ColumnInfo> columns = tables.get(table.name())
				.columns()
				.stream()
				.collect(Collectors.toMap(ColumnInfo::name, c -> c));
			assertThat(table.columns()).hasSameSizeAs(columns.values());
			table.columns()
				.forEach(c -> assertThat(TypeNames.same(c.type(), columns.get(c.name()).type())).as(c.name()).isTrue());
		});
	}

	@Test
	void aSecondDatabaseFromTheSameFixtureGivesAnEqualDraft() {
		CatalogSnapshot again = TestCatalogs.read("contract_gen_again", resource(FIXTURE)).snapshot();
		assertThat(ContractGenerator.fromSnapshot(again, NOW)).isEqualTo(ContractGenerator.fromSnapshot(snapshot, NOW));
	}
}
