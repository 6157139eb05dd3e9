package dev.tidemark.checks.contract;

import java.util.List;

import dev.tidemark.checks.contract.Contract.TableExpectation;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation.Compression;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.contract.ContractFixtures.ISSUE_EXAMPLE;
import static dev.tidemark.checks.contract.ContractFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ContractParserTests {

	private static final String YAML_EXAMPLE = resource("fixtures/contract/issue-example.yaml");

	private static final String JSON_EXAMPLE = resource("fixtures/contract/issue-example.json");

	@Test
	void theIssueExampleParsesFromYamlAndJsonToTheSameRecords() {
		assertThat(ContractParser.parseYaml(YAML_EXAMPLE)).isEqualTo(ISSUE_EXAMPLE);
		assertThat(ContractParser.parseJson(JSON_EXAMPLE)).isEqualTo(ISSUE_EXAMPLE);
	}

	@Test
	void writtenYamlAndJsonReadBackEqual() {
		assertThat(ContractParser.parseYaml(ContractParser.toYaml(ISSUE_EXAMPLE))).isEqualTo(ISSUE_EXAMPLE);
		assertThat(ContractParser.parseJson(ContractParser.toJson(ISSUE_EXAMPLE))).isEqualTo(ISSUE_EXAMPLE);
		// YAML is a superset of JSON: a JSON body sent as YAML still reads
		assertThat(ContractParser.parseYaml(JSON_EXAMPLE)).isEqualTo(ISSUE_EXAMPLE);
	}

	@Test
	void writtenYamlUsesTheDocumentKeysAndLeavesOutWhatIsNotSaid() {
		String yaml = ContractParser.toYaml(ISSUE_EXAMPLE);
		assertThat(yaml).doesNotStartWith("---")
			.contains("compression: none")
			.contains("onDelete: SET NULL")
			.doesNotContain("onUpdate")
			.doesNotContain("defaultValue")
			.doesNotContain(": null");
		String withDefault = ContractParser.toYaml(contractWithColumnDefault("now()"));
		assertThat(withDefault).contains("default: now()");
		assertThat(ContractParser.parseYaml(withDefault)).isEqualTo(contractWithColumnDefault("now()"));
	}

	@Test
	void theColumnDefaultKeyIsDefault() {
		Contract contract = ContractParser.parseYaml("""
				tables:
				  - name: public.t
				    columns: [{name: c, default: "'x'::text"}]
				""");
		assertThat(contract.tables().get(0).columns().get(0).defaultValue()).isEqualTo("'x'::text");
	}

	@Test
	void scalarsThatLookLikeNumbersStayTheTextTheyWere() {
		Contract contract = ContractParser.parseYaml("""
				extensions: [{name: a, version: 1.10}]
				tables:
				  - name: public.t
				    timescale: {retention: {dropAfter: 168:00:00}, compression: {after: 7 days}}
				migrations: {alembic: {head: 20250812_150000}}
				""");
		assertThat(contract.extensions().get(0).version()).isEqualTo("1.10");
		assertThat(contract.tables().get(0).timescale().retention().dropAfter()).isEqualTo("168:00:00");
		assertThat(contract.tables().get(0).timescale().compression().after()).isEqualTo("7 days");
		assertThat(contract.migrations().alembic().head()).isEqualTo("20250812_150000");
		// and are quoted when written, so YAML 1.1 tools (PyYAML) do not read numbers either
		assertThat(ContractParser.toYaml(contract)).contains("version: \"1.10\"")
			.contains("dropAfter: \"168:00:00\"")
			.contains("head: \"20250812_150000\"");
		assertThat(ContractParser.parseYaml(ContractParser.toYaml(contract))).isEqualTo(contract);
	}

	@Test
	void compressionIsTheScalarNoneOrAnObject() {
		Contract contract = ContractParser.parseYaml("""
				tables:
				  - name: public.a
				    timescale: {compression: none}
				  - name: public.b
				    timescale: {compression: NONE}
				  - name: public.c
				    timescale: {compression: {after: 7 days, segmentBy: [device_id], orderBy: [created_at DESC]}}
				  - name: public.d
				    timescale: {compression: {}}
				""");
		List<Compression> compressions = contract.tables()
			.stream()
			.map(t -> t.timescale().compression())
			.toList();
		assertThat(compressions).containsExactly(Compression.noCompression(), Compression.noCompression(),
				new Compression(false, "7 days", List.of("device_id"), List.of("created_at DESC")),
				new Compression(false, null, null, null));
		assertThat(ContractParser.parseYaml(ContractParser.toYaml(contract))).isEqualTo(contract);
		assertThat(ContractParser.parseJson(ContractParser.toJson(contract))).isEqualTo(contract);
		assertThat(ContractParser.toJson(contract)).contains("\"compression\" : \"none\"");
	}

	@Test
	void foreignKeyActionsAndPartitionIntervalsAreNormalized() {
		Contract contract = ContractParser.parseYaml("""
				tables:
				  - name: public.t
				    foreignKeys: [{columns: [a], references: {table: public.u, columns: [id]}, onDelete: set  null, onUpdate: cascade}]
				    partitioning: {column: at, interval: monthly}
				""");
		TableExpectation table = contract.tables().get(0);
		assertThat(table.foreignKeys().get(0).onDelete()).isEqualTo("SET NULL");
		assertThat(table.foreignKeys().get(0).onUpdate()).isEqualTo("CASCADE");
		assertThat(table.partitioning().interval()).isEqualTo("1 month");
	}

	@Test
	void nullSectionsAndEmptyDocumentsAreTheEmptyContract() {
		assertThat(ContractParser.parseYaml("")).isEqualTo(Contract.empty());
		assertThat(ContractParser.parseYaml("# nothing expected yet\n")).isEqualTo(Contract.empty());
		assertThat(ContractParser.parseYaml("---\n")).isEqualTo(Contract.empty());
		assertThat(ContractParser.parseJson("{}")).isEqualTo(Contract.empty());
		assertThat(ContractParser.parseJson("null")).isEqualTo(Contract.empty());
		assertThat(ContractParser.parseYaml("extensions:\ntables: null\nmaterializedViews: []\nmigrations:\n"))
			.isEqualTo(Contract.empty());
		Contract sparse = ContractParser.parseYaml("tables: [{name: public.t, columns: null, unique: }]");
		assertThat(sparse.tables().get(0).columns()).isEmpty();
		assertThat(sparse.tables().get(0).unique()).isEmpty();
		assertThat(sparse.tables().get(0).primaryKey()).isNull();
	}

	@Test
	void anUnknownKeyIsNamedWithItsLineAndTheKnownKeys() {
		ContractProblem problem = parseProblem("""
				extensions: []
				tables:
				  - name: public.post_reactions
				    colums: [{name: id}]
				""");
		assertThat(problem.path()).isEqualTo("tables[0].colums");
		assertThat(problem.line()).isEqualTo(4);
		assertThat(problem.column()).isEqualTo(5);
		assertThat(problem.message()).isEqualTo("unknown key 'colums' (did you mean 'columns'? known: name, columns, "
				+ "primaryKey, unique, foreignKeys, indexes, constraints, partitioning, timescale)");
	}

	@Test
	void anUnknownTopLevelKeyWithoutACloseMatchListsTheKnownKeys() {
		ContractProblem problem = parseProblem("version: 2\n");
		assertThat(problem.path()).isEqualTo("version");
		assertThat(problem.line()).isEqualTo(1);
		assertThat(problem.message())
			.isEqualTo("unknown key 'version' (known: extensions, tables, materializedViews, migrations, views, "
					+ "functions, triggers, enums, policies, grants, ignore)");
	}

	@Test
	void anUnknownKeyInJsonHasItsLineToo() {
		ContractProblem problem = catchThrowableOfType(ContractException.class,
				() -> ContractParser.parseJson("{\n  \"tables\": [\n    {\"name\": \"public.t\", \"primarykey\": [\"id\"]}\n  ]\n}"))
			.problems()
			.get(0);
		assertThat(problem.path()).isEqualTo("tables[0].primarykey");
		assertThat(problem.line()).isEqualTo(3);
		assertThat(problem.message()).startsWith("unknown key 'primarykey' (did you mean 'primaryKey'?");
	}

	@Test
	void unknownKeysInsideCompressionAreNamed() {
		ContractProblem problem = parseProblem("""
				tables:
				  - name: public.t
				    timescale:
				      compression: {aftr: 7 days}
				""");
		assertThat(problem.path()).isEqualTo("tables[0].timescale.compression.aftr");
		assertThat(problem.line()).isEqualTo(4);
		assertThat(problem.message()).startsWith("unknown key 'aftr' (did you mean 'after'?");
	}

	@Test
	void aWrongTypeSaysWhatWasExpectedAndWhatWasFound() {
		ContractProblem list = parseProblem("""
				tables:
				  - name: public.t
				    primaryKey: id
				""");
		assertThat(list.path()).isEqualTo("tables[0].primaryKey");
		assertThat(list.line()).isEqualTo(3);
		assertThat(list.message()).isEqualTo("expected a list but found the text 'id'");

		ContractProblem bool = parseProblem("""
				tables:
				  - name: public.t
				    columns:
				      - {name: id, nullable: maybe}
				""");
		assertThat(bool.path()).isEqualTo("tables[0].columns[0].nullable");
		assertThat(bool.line()).isEqualTo(4);
		assertThat(bool.message()).isEqualTo("expected true or false but found 'maybe'");

		ContractProblem number = parseProblem("""
				tables:
				  - name: public.t
				    partitioning: {column: at, interval: 1 month, premake: 1.5}
				""");
		assertThat(number.path()).isEqualTo("tables[0].partitioning.premake");
		assertThat(number.message()).isEqualTo("expected a whole number but found '1.5'");

		ContractProblem object = parseProblem("""
				tables:
				  - name: public.t
				    partitioning: [at]
				""");
		assertThat(object.path()).isEqualTo("tables[0].partitioning");
		assertThat(object.message()).isEqualTo("expected an object (key: value pairs) but found a list");

		ContractProblem root = parseProblem("- public.t\n");
		assertThat(root.path()).isEmpty();
		assertThat(root.message()).isEqualTo("expected an object (key: value pairs) but found a list");
	}

	@Test
	void compressionRefusesOtherWords() {
		ContractProblem problem = parseProblem("""
				tables:
				  - name: public.t
				    timescale: {compression: gzip}
				""");
		assertThat(problem.path()).isEqualTo("tables[0].timescale.compression");
		assertThat(problem.line()).isEqualTo(3);
		assertThat(problem.message()).contains("'none' or an object").contains("not 'gzip'");
	}

	@Test
	void aNullListEntryIsRefused() {
		ContractProblem problem = parseProblem("""
				tables:
				  - name: public.t
				    columns: [{name: a}, null]
				""");
		assertThat(problem.path()).isEqualTo("tables[0].columns[1]");
		assertThat(problem.line()).isEqualTo(3);
		assertThat(problem.message()).contains("may not be null");
	}

	@Test
	void badYamlSyntaxGivesTheLineAndTheProblem() {
		ContractProblem problem = parseProblem("""
				tables:
				  - name: public.t
				    columns: [{name: a]
				""");
		assertThat(problem.line()).isEqualTo(3);
		assertThat(problem.message()).startsWith("not valid YAML: while parsing a flow mapping: expected ',' or '}'");
		assertThat(problem.path()).startsWith("tables[0].columns");

		ContractProblem indentation = parseProblem("tables:\n  - name: public.t\n   columns: []\n");
		assertThat(indentation.line()).isEqualTo(3);
		assertThat(indentation.message()).startsWith("not valid YAML");
	}

	@Test
	void badJsonSyntaxGivesTheLineAndTheProblem() {
		ContractException e = catchThrowableOfType(ContractException.class,
				() -> ContractParser.parseJson("{\n  \"tables\": [\n    {\"name\": \"public.t\",}\n  ]\n}"));
		ContractProblem problem = e.problems().get(0);
		assertThat(problem.line()).isEqualTo(3);
		assertThat(problem.message()).startsWith("not valid JSON: Unexpected character ('}'");
		assertThat(problem.path()).isEqualTo("tables[0]");
	}

	@Test
	void aKeyGivenTwiceIsRefused() {
		ContractProblem problem = parseProblem("""
				tables: []
				extensions: []
				tables: []
				""");
		assertThat(problem.path()).isEqualTo("tables");
		assertThat(problem.line()).isEqualTo(3);
		assertThat(problem.message()).isEqualTo("key 'tables' appears twice");
	}

	@Test
	void onlyOneDocumentOrValueIsAllowed() {
		ContractProblem yaml = parseProblem("tables: []\n---\ntables: []\n");
		assertThat(yaml.line()).isEqualTo(3);
		assertThat(yaml.message()).contains("only one YAML document");
		ContractException json = catchThrowableOfType(ContractException.class,
				() -> ContractParser.parseJson("{\"tables\": []} {}"));
		assertThat(json.problems().get(0).message()).contains("after the end of the JSON object");
	}

	@Test
	void theExceptionMessageListsEveryProblemWithItsPlace() {
		ContractException e = catchThrowableOfType(ContractException.class,
				() -> ContractParser.parseYaml("tables:\n  - name: public.t\n    colums: []\n"));
		assertThat(e).hasMessageStartingWith("The contract was refused: tables[0].colums (line 3, column 5): "
				+ "unknown key 'colums'");
	}

	@Test
	void mediaTypesNameTheKind() {
		assertThat(MediaTypeKind.of("application/json; charset=UTF-8")).contains(MediaTypeKind.JSON);
		assertThat(MediaTypeKind.of("application/vnd.tidemark+json")).contains(MediaTypeKind.JSON);
		assertThat(MediaTypeKind.of("application/yaml")).contains(MediaTypeKind.YAML);
		assertThat(MediaTypeKind.of("application/x-yaml")).contains(MediaTypeKind.YAML);
		assertThat(MediaTypeKind.of("text/yaml")).contains(MediaTypeKind.YAML);
		assertThat(MediaTypeKind.of("text/plain")).isEmpty();
		assertThat(MediaTypeKind.of(null)).isEmpty();
	}

	private static ContractProblem parseProblem(String yaml) {
		ContractException e = catchThrowableOfType(ContractException.class, () -> ContractParser.parseYaml(yaml));
		assertThat(e).as("expected a refusal").isNotNull();
		assertThat(e.problems()).hasSize(1);
		return e.problems().get(0);
	}

	private static Contract contractWithColumnDefault(String expression) {
		return new Contract(List.of(),
				List.of(new TableExpectation("public.t",
						List.of(new Contract.ColumnExpectation("created_at", "timestamptz", false, expression)), null,
						null, null, null, null, null, null)),
				List.of(), null);
	}
}
