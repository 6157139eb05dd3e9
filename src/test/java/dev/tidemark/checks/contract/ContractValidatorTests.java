package dev.tidemark.checks.contract;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.contract.ContractFixtures.ISSUE_EXAMPLE;
import static dev.tidemark.checks.contract.ContractFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class ContractValidatorTests {

	@Test
	void theIssueExampleIsConsistent() {
		assertThat(ContractValidator.validate(ISSUE_EXAMPLE)).isEmpty();
		assertThat(ContractDocuments.read(resource("fixtures/contract/issue-example.yaml"), MediaTypeKind.YAML))
			.isEqualTo(ISSUE_EXAMPLE);
		assertThat(ContractDocuments.read(resource("fixtures/contract/issue-example.json"), MediaTypeKind.JSON))
			.isEqualTo(ISSUE_EXAMPLE);
		assertThat(ContractValidator.validate(Contract.empty())).isEmpty();
	}

	@Test
	void tableNamesAreSchemaQualifiedAndUnique() {
		assertThat(problems("""
				tables:
				  - name: orders
				  - name: public.orders
				  - name: public.orders
				  - name: .orders
				  - columns: [{name: id}]
				""")).containsExactly(
				tuple("tables[0].name", 2, "'orders' is not schema-qualified; write it as schema.name, e.g. public.orders"),
				tuple("tables[2].name", 4, "table 'public.orders' is listed twice"),
				tuple("tables[3].name", 5, "'.orders' is not schema-qualified; write it as schema.name, e.g. public.orders"),
				tuple("tables[4].name", 6, "a table needs a schema-qualified name, e.g. public.orders"));
	}

	@Test
	void columnNamesAreUniquePerTable() {
		assertThat(problems("""
				tables:
				  - name: public.a
				    columns:
				      - {name: id, type: bigint}
				      - {name: id, type: int8}
				      - {type: text}
				      - {name: note, type: " "}
				  - name: public.b
				    columns: [{name: id}]
				""")).containsExactly(tuple("tables[0].columns[1].name", 5, "column 'id' is listed twice"),
				tuple("tables[0].columns[2].name", 6, "a column needs a name"),
				tuple("tables[0].columns[3].type", 7, "type is blank; leave it out to accept any type"));
	}

	@Test
	void aPrimaryKeyColumnCannotBeDeclaredNullable() {
		assertThat(problems("""
				tables:
				  - name: public.post_reactions
				    columns: [{name: id, nullable: true}, {name: post_id, nullable: true}]
				    primaryKey: [post_id, id]
				""")).extracting(t -> t.toList().get(0), t -> t.toList().get(2))
			.containsExactly(
					tuple("tables[0].primaryKey[0]",
							"primary key column 'post_id' is declared nullable: true, but a primary key column is never null"),
					tuple("tables[0].primaryKey[1]",
							"primary key column 'id' is declared nullable: true, but a primary key column is never null"));
	}

	@Test
	void keysMayNameColumnsTheContractDoesNotList() {
		// columns lists only what the applications use; the issue example's unique key names platform
		assertThat(problems("""
				tables:
				  - name: public.t
				    columns: [{name: id, nullable: false}]
				    primaryKey: [tenant_id, id]
				    unique: [[code]]
				    indexes: [{columns: [lower(name)]}]
				""")).isEmpty();
	}

	@Test
	void noKeyListsAColumnTwiceOrIsEmpty() {
		assertThat(problems("""
				tables:
				  - name: public.t
				    primaryKey: [id, id]
				    unique: [[a, b, a], []]
				    foreignKeys:
				      - {columns: [x, x], references: {table: public.u, columns: [id, id]}}
				materializedViews:
				  - {name: public.mv, uniqueKey: [k, k]}
				""")).extracting(t -> t.toList().get(0), t -> t.toList().get(2))
			.containsExactly(tuple("tables[0].primaryKey[1]", "column 'id' is listed twice in this key"),
					tuple("tables[0].unique[0][2]", "column 'a' is listed twice in this key"),
					tuple("tables[0].unique[1]", "an empty key; list its columns or leave it out"),
					tuple("tables[0].foreignKeys[0].columns[1]", "column 'x' is listed twice in this key"),
					tuple("tables[0].foreignKeys[0].references.columns[1]", "column 'id' is listed twice in this key"),
					tuple("materializedViews[0].uniqueKey[1]", "column 'k' is listed twice in this key"));
	}

	@Test
	void aForeignKeyReferencesAsManyColumnsAsItHas() {
		assertThat(problems("""
				tables:
				  - name: public.t
				    foreignKeys:
				      - {columns: [a, b], references: {table: public.u, columns: [id]}}
				      - {columns: [a], references: {table: u, columns: [id]}}
				      - {columns: [a], references: {table: public.u}}
				      - {references: {table: public.u, columns: [id]}}
				      - {columns: [a]}
				""")).containsExactly(
				tuple("tables[0].foreignKeys[0].references.columns", 4, "references 1 column(s) but the key has 2"),
				tuple("tables[0].foreignKeys[1].references.table", 5,
						"'u' is not schema-qualified; write it as schema.name, e.g. public.orders"),
				tuple("tables[0].foreignKeys[2].references.columns", 6, "list the referenced columns"),
				tuple("tables[0].foreignKeys[3].columns", 7, "a foreign key needs its columns"),
				tuple("tables[0].foreignKeys[4].references", 8, "a foreign key needs references: {table, columns}"));
	}

	@Test
	void foreignKeyActionsAreTheFivePostgresKnows() {
		Contract contract = ContractParser.parseYaml("""
				tables:
				  - name: public.t
				    foreignKeys:
				      - {columns: [a], references: {table: public.u, columns: [id]}, onDelete: no action, onUpdate: Restrict}
				      - {columns: [a], references: {table: public.u, columns: [id]}, onDelete: set default, onUpdate: cascade}
				      - {columns: [a], references: {table: public.u, columns: [id]}, onDelete: DELETE, onUpdate: nullify}
				""");
		assertThat(contract.tables().get(0).foreignKeys())
			.extracting(Contract.ForeignKeyExpectation::onDelete, Contract.ForeignKeyExpectation::onUpdate)
			.containsExactly(tuple("NO ACTION", "RESTRICT"), tuple("SET DEFAULT", "CASCADE"), tuple("DELETE", "NULLIFY"));
		assertThat(ContractValidator.validate(contract)).extracting(ContractProblem::path, ContractProblem::message)
			.containsExactly(
					tuple("tables[0].foreignKeys[2].onDelete",
							"'DELETE' is not a foreign key action (one of NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT)"),
					tuple("tables[0].foreignKeys[2].onUpdate",
							"'NULLIFY' is not a foreign key action (one of NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT)"));
	}

	@Test
	void setNullOnAColumnDeclaredNotNullableIsAContradiction() {
		assertThat(problems("""
				tables:
				  - name: public.post_reactions
				    columns: [{name: post_id, type: bigint, nullable: false}, {name: tenant_id}]
				    foreignKeys:
				      - columns: [post_id, tenant_id]
				        references: {table: public.posts, columns: [id, tenant_id]}
				        onDelete: SET NULL
				        onUpdate: set null
				""")).containsExactly(
				tuple("tables[0].foreignKeys[0].onDelete", 7,
						"SET NULL on delete needs column 'post_id' to be nullable, but the contract declares it nullable: false"),
				tuple("tables[0].foreignKeys[0].onUpdate", 8,
						"SET NULL on update needs column 'post_id' to be nullable, but the contract declares it nullable: false"));
		// the scenario 5 expectation: nullable post_id with SET NULL is fine
		assertThat(problems("""
				tables:
				  - name: public.post_reactions
				    columns: [{name: post_id, nullable: true}]
				    foreignKeys: [{columns: [post_id], references: {table: public.posts, columns: [id]}, onDelete: SET NULL}]
				""")).isEmpty();
	}

	@Test
	void constraintNamesAreUniquePerTableAndRequired() {
		assertThat(problems("""
				tables:
				  - name: public.t
				    foreignKeys: [{name: t_fk, columns: [a], references: {table: public.u, columns: [id]}}]
				    constraints:
				      - {name: t_fk, definition: "CHECK (a > 0)"}
				      - {definition: "CHECK (b > 0)"}
				      - {name: t_check, definition: ""}
				""")).containsExactly(tuple("tables[0].constraints[0].name", 5, "constraint name 't_fk' is used twice on this table"),
				tuple("tables[0].constraints[1].name", 6, "a constraint needs a name"),
				tuple("tables[0].constraints[2].definition", 7, "definition is blank; leave it out to accept any definition"));
	}

	@Test
	void anIndexNeedsColumns() {
		assertThat(problems("""
				tables:
				  - name: public.t
				    indexes:
				      - {where: "a IS NOT NULL"}
				      - {columns: [a], where: " ", method: ""}
				""")).extracting(t -> t.toList().get(0))
			.containsExactly("tables[0].indexes[0].columns", "tables[0].indexes[1].where", "tables[0].indexes[1].method");
	}

	@Test
	void partitioningNeedsAKnownIntervalAndAPatternThatTellsPartitionsApart() {
		assertThat(problems("""
				tables:
				  - name: public.a
				    partitioning: {column: at, interval: 2 months, premake: -1, namePattern: "a_{yyyy}_{mm}"}
				  - name: public.b
				    partitioning: {column: at, interval: monthly, namePattern: "b_{yyyy}"}
				  - name: public.c
				    partitioning: {interval: 1 day, namePattern: "c_{yyyy}{MM}{dd"}
				  - name: public.d
				    partitioning: {column: at, namePattern: "d_{yyyy}_{ww}"}
				""")).containsExactly(
				tuple("tables[0].partitioning.interval", 3,
						"'2 months' is not a partition interval (use 1 day, 1 week, 1 month or 1 year, or daily ... yearly)"),
				tuple("tables[0].partitioning.premake", 3, "premake counts partitions ahead of now and cannot be negative"),
				tuple("tables[0].partitioning.namePattern", 3, "unknown placeholder {mm} (known: {yyyy}, {MM}, {dd}, {ww})"),
				tuple("tables[1].partitioning.namePattern", 5,
						"'b_{yyyy}' would give two 1 month partitions the same name; it needs {yyyy} {MM}"),
				tuple("tables[2].partitioning.column", 7, "partitioning needs the partition key column"),
				tuple("tables[2].partitioning.namePattern", 7, "unbalanced brace in 'c_{yyyy}{MM}{dd'"),
				tuple("tables[3].partitioning.interval", 9,
						"partitioning needs an interval: 1 day, 1 week, 1 month or 1 year"));
	}

	@Test
	void partitionIntervalsAcceptTheWordsAndExactEquivalents() {
		assertThat(problems("""
				tables:
				  - {name: public.a, partitioning: {column: at, interval: daily, namePattern: "a_{yyyy}{MM}{dd}"}}
				  - {name: public.b, partitioning: {column: at, interval: 7 days, namePattern: "b_{yyyy}_w{ww}"}}
				  - {name: public.c, partitioning: {column: at, interval: 1 mon, premake: 0}}
				  - {name: public.d, partitioning: {column: at, interval: P1Y, namePattern: "d_{yyyy}"}}
				  - {name: public.e, partitioning: {column: at, interval: weekly, namePattern: "e_{yyyy}{MM}{dd}"}}
				""")).isEmpty();
		assertThat(ContractParser.parseYaml("tables: [{name: public.a, partitioning: {column: at, interval: 7 days}}]")
			.tables()
			.get(0)
			.partitioning()
			.interval()).isEqualTo("1 week");
	}

	@Test
	void compressionNoneContradictsSettingsForCompression() {
		assertThat(problems("""
				tables:
				  - name: public.stg_social_posts
				    timescale:
				      compression: {none: true, after: 7 days, segmentBy: [platform], orderBy: [created_at]}
				""")).extracting(t -> t.toList().get(0), t -> t.toList().get(2))
			.containsExactly(
					tuple("tables[0].timescale.compression.after", "compression none contradicts compressing after 7 days"),
					tuple("tables[0].timescale.compression.segmentBy", "compression none contradicts segmentBy"),
					tuple("tables[0].timescale.compression.orderBy", "compression none contradicts orderBy"));
	}

	@Test
	void timescaleIntervalsMustParseAndBePositive() {
		assertThat(problems("""
				tables:
				  - name: public.raw_reddit_posts
				    timescale:
				      hypertable: {timeColumn: created_at, chunkInterval: 1 fortnight}
				      compression: {after: 0 days, segmentBy: [a, a]}
				      retention: {dropAfter: ninety days}
				  - name: public.sensor_readings
				    timescale:
				      hypertable: {chunkInterval: "168:00:00"}
				      compression: {after: 1 week}
				      retention: {dropAfter: P180D}
				  - name: public.fact_social_sentiment
				    timescale: {retention: {}}
				""")).containsExactly(
				tuple("tables[0].timescale.hypertable.chunkInterval", 4,
						"'1 fortnight' is not an interval: unknown unit 'fortnight' (use e.g. 7 days, 1 week, 1 month, 168:00:00)"),
				tuple("tables[0].timescale.compression.after", 5, "'0 days' must be longer than zero"),
				tuple("tables[0].timescale.compression.segmentBy[1]", 5, "column 'a' is listed twice in this key"),
				tuple("tables[0].timescale.retention.dropAfter", 6,
						"'ninety days' is not an interval (use e.g. 7 days, 1 week, 1 month, 168:00:00 or P7D)"),
				tuple("tables[1].timescale.hypertable.timeColumn", 9, "a hypertable needs its time column"),
				tuple("tables[2].timescale.retention.dropAfter", 13, "retention needs dropAfter, e.g. 90 days"));
	}

	@Test
	void extensionsAndMaterializedViewsAndMigrationsAreChecked() {
		assertThat(problems("""
				extensions: [{name: pg_trgm}, {name: pg_trgm}, {name: " "}, {name: citext, version: ""}]
				tables: [{name: public.mv}]
				materializedViews: [{name: public.mv, uniqueKey: []}, {name: mv2}]
				migrations:
				  alembic: {head: " "}
				  prisma: {applied: ["20251120000000_add_channel_metadata", ""]}
				  flyway: {version: ""}
				  liquibase: {changesets: ["1::alice", "2::bob::db/changelog.sql", "3", "::x"]}
				""")).containsExactly(tuple("extensions[1].name", 1, "extension 'pg_trgm' is listed twice"),
				tuple("extensions[2].name", 1, "an extension needs a name"),
				tuple("extensions[3].version", 1, "version is blank; leave it out to accept any version"),
				tuple("materializedViews[0].name", 3,
						"'public.mv' is listed twice (tables and materialized views share one namespace)"),
				tuple("materializedViews[0].uniqueKey", 3, "an empty key; list its columns or leave it out"),
				tuple("materializedViews[1].name", 3,
						"'mv2' is not schema-qualified; write it as schema.name, e.g. public.orders"),
				tuple("migrations.alembic.head", 5, "alembic needs the head revision the code expects"),
				tuple("migrations.prisma.applied[1]", 6, "blank migration name"),
				tuple("migrations.flyway.version", 7, "version is blank; leave it out to check nothing"),
				tuple("migrations.liquibase.changesets[2]", 8, "'3' is not id::author or id::author::file"),
				tuple("migrations.liquibase.changesets[3]", 8, "'::x' is not id::author or id::author::file"));
	}

	@Test
	void readReportsEveryProblemAtOnceAndRefusesTheContract() {
		ContractException e = catchThrowableOfType(ContractException.class, () -> ContractDocuments.read("""
				tables:
				  - name: orders
				    columns: [{name: id, nullable: true}]
				    primaryKey: [id]
				""", MediaTypeKind.YAML));
		assertThat(e.problems()).extracting(ContractProblem::path, ContractProblem::line, ContractProblem::column)
			.containsExactly(tuple("tables[0].name", 2, 5), tuple("tables[0].primaryKey[0]", 4, 18));
		assertThat(e).hasMessageContaining("tables[0].name (line 2, column 5): 'orders' is not schema-qualified");
	}

	@Test
	void readPointsJsonProblemsAtLinesToo() {
		ContractException e = catchThrowableOfType(ContractException.class, () -> ContractDocuments.read("""
				{
				  "tables": [
				    {"name": "public.t",
				     "foreignKeys": [{"columns": ["a"], "references": {"table": "public.u", "columns": ["id"]},
				                      "onDelete": "CASCADE DELETE"}]}
				  ]
				}
				""", MediaTypeKind.JSON));
		assertThat(e.problems()).extracting(ContractProblem::path, ContractProblem::line)
			.containsExactly(tuple("tables[0].foreignKeys[0].onDelete", 5));
	}

	@Test
	void aProblemAtAMissingKeyPointsAtTheNearestEnclosingKey() {
		ContractException e = catchThrowableOfType(ContractException.class, () -> ContractDocuments.read("""
				tables:
				  - name: public.t
				    foreignKeys:
				      - columns: [a]
				""", MediaTypeKind.YAML));
		assertThat(e.problems()).extracting(ContractProblem::path, ContractProblem::line)
			.containsExactly(tuple("tables[0].foreignKeys[0].references", 4));
	}

	@Test
	void parseErrorsComeThroughReadUnchanged() {
		ContractException e = catchThrowableOfType(ContractException.class,
				() -> ContractDocuments.read("tables:\n  - name: public.t\n    colums: []\n", MediaTypeKind.YAML));
		assertThat(e.problems()).extracting(ContractProblem::path, ContractProblem::line)
			.containsExactly(tuple("tables[0].colums", 3));
	}

	/** Problems of a YAML document as (path, line, message), via the public entry point. */
	private static List<org.assertj.core.groups.Tuple> problems(String yaml) {
		try {
			ContractDocuments.read(yaml, MediaTypeKind.YAML);
			return List.of();
		}
		catch (ContractException e) {
			return e.problems().stream().map(p -> tuple(p.path(), p.line(), p.message())).toList();
		}
	}
}
