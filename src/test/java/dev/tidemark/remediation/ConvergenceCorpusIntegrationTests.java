package dev.tidemark.remediation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The convergence corpus ({@code src/test/resources/convergence/<case>/}): for each pair of a target and the
 * reference it must match, the findings name every difference and nothing else ({@code expected.txt}); a repair of
 * all of them, destructive changes allowed, ends VERIFIED; a re-scan finds the target equal to its reference; the
 * two databases' {@code pg_dump --schema-only} are the same after sorting; rows of surviving tables are intact;
 * and the changelog lints under squawk. Differences with no safe repair are listed after {@code ---} and must be
 * refused with a reason; such a case converges except for them.
 */
class ConvergenceCorpusIntegrationTests extends ApiIntegrationTest {

	private static final Path CORPUS = corpus();

	/** Every plan's changelog, linted together at the end: squawk starts once, not once per case. */
	private static final List<Path> CHANGELOGS = new java.util.concurrent.CopyOnWriteArrayList<>();

	@AfterAll
	static void everyChangelogLintsUnderSquawk() {
		if (!CHANGELOGS.isEmpty()) {
			RemediationFixtures.lint(List.copyOf(CHANGELOGS), 15);
		}
	}

	static Stream<String> cases() throws IOException {
		try (Stream<Path> dirs = Files.list(CORPUS)) {
			// -Dconvergence.cases=80,81 runs only the cases whose names start so
			String only = System.getProperty("convergence.cases", "");
			List<String> prefixes = only.isBlank() ? List.of() : List.of(only.split(","));
			return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
				.filter(n -> prefixes.isEmpty() || prefixes.stream().anyMatch(n::startsWith)).sorted().toList().stream();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void theTargetConvergesOnItsReference(String name) throws Exception {
		Path dir = CORPUS.resolve(name);
		Expected expected = Expected.read(dir.resolve("expected.txt"));
		TestPostgres.Database target = TestPostgres.newDatabase("conv_target");
		TestPostgres.Database reference = TestPostgres.newDatabase("conv_reference");
		run(target, Files.readString(dir.resolve("target.sql")));
		run(reference, Files.readString(dir.resolve("reference.sql")));
		Map<String, Long> rowsBefore = rows(target);

		String targetId = registerTarget(target, "convergence");
		String referenceId = registerTarget(reference, "convergence");
		scan(referenceId);
		as("operator").put().uri("/api/v1/targets/{id}/reference", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("targetId", referenceId)).exchange()
			.expectStatus().isOk();
		scan(targetId);

		Map<String, Map<?, ?>> findings = openFindings(targetId);
		assertThat(new TreeSet<>(findings.keySet())).as("findings of " + name)
			.isEqualTo(new TreeSet<>(expected.findings()));

		List<String> refusedIds = new ArrayList<>();
		List<String> repairIds = new ArrayList<>();
		findings.forEach((line, finding) -> {
			String object = line.substring(line.indexOf(' ') + 1);
			if (expected.refused().contains(object)) {
				assertThat(finding.get("remediable")).as(line + " has no safe repair").isEqualTo(false);
				refusedIds.add((String) finding.get("id"));
			}
			else {
				repairIds.add((String) finding.get("id"));
			}
		});
		if (!repairIds.isEmpty()) {
			repair(name, repairIds);
		}

		scan(targetId);
		assertThat(new TreeSet<>(openFindings(targetId).keySet())).as("findings after the repair of " + name)
			.isEqualTo(new TreeSet<>(expected.findings().stream()
				.filter(f -> expected.refused().contains(f.substring(f.indexOf(' ') + 1)))
				.toList()));
		if (expected.refused().isEmpty() && expected.dumpDiffers() == null) {
			assertThat(normalizedDump(target)).as("pg_dump --schema-only of the repaired target")
				.isEqualTo(normalizedDump(reference));
		}
		Map<String, Long> rowsAfter = rows(target);
		rowsBefore.forEach((table, count) -> {
			if (rowsAfter.containsKey(table)) {
				assertThat(rowsAfter.get(table)).as("rows of " + table).isEqualTo(count);
			}
		});
	}

	private void repair(String name, List<String> findingIds) throws Exception {
		Map<?, ?> remediation = as("operator").post().uri("/api/v1/remediations").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("findingIds", findingIds, "allowDestructive", true)).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String id = (String) remediation.get("id");
		String changelog = as("viewer").get().uri("/api/v1/remediations/{id}/changelog", id).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		Path file = RemediationFixtures.CHANGELOGS.resolve("convergence-" + name + ".sql");
		Files.createDirectories(file.getParent());
		Files.writeString(file, changelog);
		CHANGELOGS.add(file);
		int required = ((Number) remediation.get("requiredApprovals")).intValue();
		approveAndExecute(id, required, "convergence corpus");
		Map<?, ?> after = as("viewer").get().uri("/api/v1/remediations/{id}", id).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(after.get("status")).as("remediation of " + name + ": " + after).isEqualTo("VERIFIED");
	}

	/**
	 * {@code "<ruleId> <kind> <object>"} of every open finding of the comparison, with the finding. Health rules
	 * (a table without a primary key, partitions short of now) report on both databases alike and are not part of
	 * the difference.
	 */
	private Map<String, Map<?, ?>> openFindings(String targetId) {
		Map<?, ?> page = as("viewer").get().uri("/api/v1/findings?targetId=" + targetId + "&status=OPEN&size=500")
			.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		Map<String, Map<?, ?>> findings = new TreeMap<>();
		for (Object item : (List<?>) page.get("items")) {
			Map<?, ?> f = (Map<?, ?>) item;
			if (!String.valueOf(f.get("ruleId")).startsWith("reference-")) {
				continue;
			}
			Map<?, ?> object = (Map<?, ?>) f.get("object");
			findings.put(f.get("ruleId") + " " + object.get("kind") + " " + f.get("objectText"), f);
		}
		return findings;
	}

	private void scan(String targetId) {
		Map<?, ?> scan = as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(scan.get("status")).as("scan " + scan).isEqualTo("SUCCEEDED");
	}

	private static void run(TestPostgres.Database db, String script) throws SQLException {
		try (Connection c = connect(db)) {
			SqlScript.run(c, script);
		}
	}

	private static Connection connect(TestPostgres.Database db) throws SQLException {
		return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
	}

	/**
	 * Exact row counts of every ordinary table (a partition's own rows, never a parent's sum) outside the system
	 * schemas and Tidemark's bookkeeping: a dropped partition takes its rows, the others keep theirs.
	 */
	private static Map<String, Long> rows(TestPostgres.Database db) throws SQLException {
		Map<String, Long> rows = new TreeMap<>();
		try (Connection c = connect(db); Statement st = c.createStatement()) {
			List<String[]> tables = new ArrayList<>();
			try (ResultSet rs = st.executeQuery("""
					SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
					WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
					  AND n.nspname NOT LIKE 'pg_toast%' AND c.relname NOT LIKE 'tidemark_%'""")) {
				while (rs.next()) {
					tables.add(new String[] { rs.getString(1), rs.getString(2) });
				}
			}
			for (String[] t : tables) {
				try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY " + quote(t[0]) + "." + quote(t[1]))) {
					rs.next();
					rows.put(t[0] + "." + t[1], rs.getLong(1));
				}
			}
		}
		return rows;
	}

	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	/**
	 * {@code pg_dump --schema-only} without Tidemark's changelog tables, comments of the dump itself and blank
	 * lines, its statements sorted: pg_dump orders by dependency and OID, and objects created in another order
	 * get other OIDs.
	 */
	private static List<String> normalizedDump(TestPostgres.Database db) throws IOException, InterruptedException {
		Path pgDump = pgDump();
		String url = db.jdbcUrl();
		String hostPort = url.substring("jdbc:postgresql://".length(), url.lastIndexOf('/'));
		String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
		String port = hostPort.contains(":") ? hostPort.substring(hostPort.indexOf(':') + 1) : "5432";
		ProcessBuilder builder = new ProcessBuilder(pgDump.toString(), "--schema-only", "--no-owner",
				"--exclude-table=*.tidemark_databasechangelog*", "-h", host, "-p", port, "-U", db.username(),
				db.name());
		builder.environment().put("PGPASSWORD", db.password());
		builder.redirectErrorStream(true);
		Process process = builder.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as("pg_dump: " + out).isZero();
		List<String> statements = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : out.split("\n")) {
			if (line.startsWith("--") || line.isBlank() || line.startsWith("\\restrict") || line.startsWith("\\unrestrict")) {
				continue;
			}
			current.append(line).append('\n');
			if (line.endsWith(";")) {
				statements.add(current.toString());
				current.setLength(0);
			}
		}
		if (!current.isEmpty()) {
			statements.add(current.toString());
		}
		statements.sort(null);
		return statements;
	}

	/** pg_dump of the test server's major version: PostgreSQL 15's, where Debian installs it, or on the PATH. */
	private static Path pgDump() {
		Path debian = Path.of("/usr/lib/postgresql/15/bin/pg_dump");
		if (Files.isExecutable(debian)) {
			return debian;
		}
		return Stream.of(Objects.requireNonNullElse(System.getenv("PATH"), "").split(":"))
			.map(p -> Path.of(p, "pg_dump"))
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new AssertionError("The convergence corpus needs pg_dump 15 (postgresql-client-15)"));
	}

	private static Path corpus() {
		try {
			return Path.of(Objects.requireNonNull(ConvergenceCorpusIntegrationTests.class.getResource("/convergence"),
					"src/test/resources/convergence is missing").toURI());
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * expected.txt: findings, then after {@code ---} the objects ({@code <kind> <object>}) without a safe repair. A
	 * line {@code dump-differs: <reason>} says why the two pg_dump outputs still differ where no finding can (a
	 * catalog flag PostgreSQL's DDL cannot set); the rest of the case is checked all the same.
	 */
	record Expected(List<String> findings, List<String> refused, @Nullable String dumpDiffers) {

		static Expected read(Path file) {
			List<String> findings = new ArrayList<>();
			List<String> refused = new ArrayList<>();
			String dumpDiffers = null;
			boolean afterSeparator = false;
			try {
				for (String raw : Files.readAllLines(file)) {
					String line = raw.strip();
					if (line.isEmpty() || line.startsWith("#")) {
						continue;
					}
					if (line.startsWith("dump-differs:")) {
						dumpDiffers = line.substring("dump-differs:".length()).strip();
					}
					else if (line.equals("---")) {
						afterSeparator = true;
					}
					else if (afterSeparator) {
						refused.add(line.startsWith("refuse ") ? line.substring("refuse ".length()) : line);
					}
					else {
						findings.add(line);
					}
				}
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			return new Expected(findings, refused, dumpDiffers);
		}
	}
}
