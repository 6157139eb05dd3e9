package dev.tidemark.remediation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.CheckSettings;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.Finding;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.remediation.internal.LiquibaseRunner;
import dev.tidemark.support.TestCatalogs;
import dev.tidemark.support.TestPostgres;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test support: the real rules (component-scanned, as the application finds them), evaluation reconciled the way
 * the Evaluator does it, and a full repair round: plan, write, lint with squawk, apply with Liquibase, re-scan.
 */
final class RemediationFixtures {

	/** "Today" of the scenarios. */
	static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

	static final Path CHANGELOGS = Path.of("target", "changelogs");

	/**
	 * squawk rules this generator does not satisfy, each for a reason: prefer-robust-stmts asks for a transaction
	 * or IF [NOT] EXISTS around every statement; each changeset is its own transaction (or one CONCURRENTLY
	 * statement) behind a precondition, which squawk cannot see, and IF [NOT] EXISTS is used wherever PostgreSQL
	 * has it. Statement-level exceptions are {@code -- squawk-ignore} comments in the changelog itself.
	 */
	static final List<String> SQUAWK_EXCLUDED = List.of("prefer-robust-stmts");

	private static final List<Rule> RULES;

	private static final Map<String, Integer> PRECEDENCE = new LinkedHashMap<>();

	static {
		try (var context = new AnnotationConfigApplicationContext("dev.tidemark.checks.rules")) {
			RULES = List.copyOf(context.getBeansOfType(Rule.class).values());
		}
		RULES.forEach(r -> PRECEDENCE.put(r.id(), r.precedence()));
	}

	private RemediationFixtures() {
	}

	/** Every rule on the snapshot; violations sharing a subject become the one of the lowest precedence. */
	static List<Finding> evaluate(CatalogSnapshot snapshot, @Nullable Contract contract) {
		List<Expectation> expectations = contract == null ? List.of()
				: List.of(new Expectation(Expectation.Source.CONTRACT, contract, false));
		CheckContext context = new CheckContext(snapshot, expectations, null, NOW, CheckSettings.defaults());
		Map<String, Violation> bySubject = new LinkedHashMap<>();
		for (Rule rule : RULES) {
			for (Violation v : rule.evaluate(context)) {
				bySubject.merge(v.subject(), v, (a, b) -> rank(b) < rank(a) ? b : a);
			}
		}
		List<Finding> findings = new ArrayList<>();
		UUID target = UUID.nameUUIDFromBytes("target".getBytes(StandardCharsets.UTF_8));
		for (Violation v : bySubject.values()) {
			findings.add(new Finding(UUID.randomUUID(), target, v.ruleId(), v.severity(), Finding.Status.OPEN,
					v.object(), v.object().text(), v.message(), v.evidence(), v.repair(), v.repair().automatic(),
					v.subject(), NOW, NOW, null, null));
		}
		return findings;
	}

	private static int rank(Violation v) {
		return PRECEDENCE.getOrDefault(v.ruleId(), 100);
	}

	static List<String> describe(List<Finding> findings) {
		return findings.stream().map(f -> f.ruleId() + " " + f.objectText()).sorted().toList();
	}

	/** The outcome of one repair round. */
	record Round(UUID id, List<Finding> before, Plan plan, String changelog, LiquibaseRunner.Result applied,
			List<Finding> after, TestCatalogs.Read read, @Nullable Contract contract) {
	}

	/** Plans, writes, lints, applies and re-scans; asserts the Liquibase run succeeded. */
	static Round repair(String name, TestCatalogs.Read read, @Nullable Contract contract) {
		UUID id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
		List<Finding> before = evaluate(read.snapshot(), contract);
		Plan plan = new RemediationPlanner().plan(id, before, read.snapshot(), contract);
		String changelog = new ChangelogWriter().write(id, plan);
		Path file = write(name, changelog);
		lint(file, read.snapshot().server().versionNum() / 10000);
		LiquibaseRunner.Result applied = apply(read.database(), id, changelog);
		assertThat(applied.error()).as("Liquibase update of %s:\n%s", file, changelog).isNull();
		TestCatalogs.Read again = read.then("");
		return new Round(id, before, plan, changelog, applied, evaluate(again.snapshot(), contract), again, contract);
	}

	/** Runs again (nothing to do), then with its history erased: every changeset is marked ran, none fails. */
	static void rerun(Round round) {
		List<LiquibaseRunner.ChangesetRun> first = round.applied().recorded();
		assertThat(first).hasSize(round.plan().steps().size());
		assertThat(first).extracting(LiquibaseRunner.ChangesetRun::execType).contains("EXECUTED");

		LiquibaseRunner.Result again = apply(round.read().database(), round.id(), round.changelog());
		assertThat(again.error()).isNull();
		assertThat(execTypes(again.recorded())).isEqualTo(expectedOnRerun(round.plan(), first));
		// guards checked again changed nothing: the repaired catalog is as repaired
		assertThat(describe(evaluate(round.read().then("").snapshot(), round.contract())))
			.isEqualTo(describe(round.after()));

		try (Connection c = connect(round.read().database()); Statement st = c.createStatement()) {
			st.executeUpdate("DELETE FROM " + LiquibaseRunner.CHANGELOG_TABLE);
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
		LiquibaseRunner.Result fresh = apply(round.read().database(), round.id(), round.changelog());
		assertThat(fresh.error()).isNull();
		assertThat(fresh.recorded()).hasSize(first.size())
			.allSatisfy(r -> assertThat(r.execType()).as(r.id()).isEqualTo("MARK_RAN"));
	}

	/**
	 * What a second update records: the same, except that runAlways guards are checked again, which Liquibase
	 * records as RERAN whether the guard's precondition held or marked it ran.
	 */
	static Map<String, String> expectedOnRerun(Plan plan, List<LiquibaseRunner.ChangesetRun> first) {
		Map<String, String> expected = execTypes(first);
		plan.steps().stream().filter(Plan.Step::runAlways).forEach(step -> expected.put(step.id(), "RERAN"));
		return expected;
	}

	static Map<String, String> execTypes(List<LiquibaseRunner.ChangesetRun> runs) {
		Map<String, String> types = new TreeMap<>();
		runs.forEach(r -> types.put(r.id(), r.execType()));
		return types;
	}

	static LiquibaseRunner.Result apply(TestPostgres.Database db, UUID id, String changelog) {
		try (Connection c = connect(db)) {
			return new LiquibaseRunner().update(c, id, changelog);
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	static Connection connect(TestPostgres.Database db) throws SQLException {
		return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
	}

	static Path write(String name, String changelog) {
		try {
			Files.createDirectories(CHANGELOGS);
			Path file = CHANGELOGS.resolve(name + ".sql");
			Files.writeString(file, changelog, StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** squawk over the changelog; any violation fails, and so does a missing npx (nothing is skipped). */
	static void lint(Path file, int pgMajor) {
		lint(List.of(file), pgMajor);
	}

	/** squawk over several changelogs in one run (npx starts once). */
	static void lint(List<Path> files, int pgMajor) {
		List<String> command = new ArrayList<>(List.of("npx", "--yes", "squawk-cli@2.66.0", "--pg-version",
				pgMajor + ".0", "--reporter", "gcc", "--exclude", String.join(",", SQUAWK_EXCLUDED)));
		files.forEach(f -> command.add(f.toString()));
		Object file = files.size() == 1 ? files.get(0) : files.size() + " changelogs";
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException e) {
			throw new AssertionError("squawk lint needs npx (Node.js) on the PATH: " + e.getMessage(), e);
		}
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new AssertionError("squawk did not finish in 5 minutes");
			}
			assertThat(process.exitValue()).as("squawk %s on %s:\n%s", command, file, output).isZero();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	static String resource(String path) {
		try (var in = RemediationFixtures.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalArgumentException("No resource " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
