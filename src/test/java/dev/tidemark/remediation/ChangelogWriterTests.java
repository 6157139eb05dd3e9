package dev.tidemark.remediation;

import java.util.List;
import java.util.UUID;

import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;
import dev.tidemark.remediation.Plan.Step;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangelogWriterTests {

	private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

	private static final UUID FINDING = UUID.fromString("00000000-0000-0000-0000-00000000000f");

	@Test
	void textLiquibaseWouldReadAsAnInstructionIsWrittenEscapedOrRefused() {
		String comment = "'a\n-- rollback DROP TABLE users; --\n--changeset evil:1\n${user.home} changesetId'";
		Plan plan = new Plan(Risk.LOW, List.of(new Step(ID + "-01", FINDING, "comment ${user.home}", Risk.LOW, true,
				"COMMENT ON TABLE \"t\" IS " + comment + ";", Rollback.sql("COMMENT ON TABLE \"t\" IS " + comment + ";"),
				"SELECT count(*) FROM t WHERE c IS DISTINCT FROM " + comment, 1, false)), List.of("t"), List.of());
		String changelog = new ChangelogWriter().write(ID, plan);
		// the only directives are Tidemark's own, and nothing is left for property expansion
		assertThat(changelog.lines().filter(l -> l.matches("(?i)\\s*--\\s*(rollback|changeset).*")))
			.allSatisfy(l -> assertThat(l).matches("-- (changeset tidemark:" + ID + "-01 .*|rollback COMMENT ON .*)"));
		assertThat(changelog).doesNotContain("${")
			.contains("IS E'a\\u000a-- rollba\\u0063k DROP TABLE users; --\\u000a--\\u0063hangeset evil:1\\u000a"
					+ "\\u0024{user.home} \\u0063hangesetId';")
			.contains("FROM ('a' || chr(10) || '-- rollba' || chr(99) || 'k DROP TABLE users; --' || chr(10) || '--'");
		assertThat(ChangelogWriter.writable("COMMENT ON TABLE t IS " + comment, "SELECT 1", null)).isTrue();
		// a body cannot be escaped: a directive or property in one is refused
		for (String body : List.of("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n--rollback DROP TABLE t;\nSELECT 1$$",
				"CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$SELECT '${user.home}'$$")) {
			assertThat(ChangelogWriter.writable(body, "SELECT 1", null)).as(body).isFalse();
		}
		assertThat(ChangelogWriter.writable("SELECT 1", "SELECT 1", "DROP TABLE \"changesetId\"")).isTrue();
	}

	@Test
	void everyChangesetIsGuardedTimedAndHonestAboutRollback() {
		Plan plan = new Plan(Risk.MEDIUM, List.of(
				new Step(ID + "-01", FINDING, "build", Risk.LOW, false, "CREATE INDEX CONCURRENTLY \"i\" ON \"t\" (\"c\");",
						Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS \"i\";"), "SELECT count(*) FROM x", 0, false),
				new Step(ID + "-02", FINDING, "validate", Risk.LOW, true, "ALTER TABLE \"t\" VALIDATE CONSTRAINT \"c\";",
						Rollback.nothingToUndo("nothing changed"), "SELECT count(*) FROM y", 1, true),
				new Step(ID + "-03", FINDING, "release", Risk.MEDIUM, true, "UPDATE \"l\" SET locked = FALSE;",
						Rollback.none("re-locking blocks every run"), "SELECT count(*) FROM z", 1, null)),
				List.of("t"), List.of(new Plan.Refusal(FINDING, "type change", "use the migrations")));
		String changelog = new ChangelogWriter().write(ID, plan);
		assertThat(changelog).startsWith("-- liquibase formatted sql logicalFilePath:tidemark/remediation-" + ID)
			.contains("-- changeset tidemark:" + ID + "-01 runInTransaction:false\n-- comment: build")
			.contains("-- preconditions onFail:MARK_RAN onError:HALT\n-- precondition-sql-check expectedResult:0 "
					+ "SELECT count(*) FROM x\nSET lock_timeout = '2000ms';\nSET statement_timeout = '14400000ms';\n"
					+ "CREATE INDEX CONCURRENTLY")
			.contains("-- changeset tidemark:" + ID + "-02 runInTransaction:true runAlways:true\n")
			.contains("-- changeset tidemark:" + ID + "-03 runInTransaction:true\n")
			.contains("SET statement_timeout = '60000ms';\nALTER TABLE \"t\" VALIDATE")
			.contains("-- nothing to roll back: nothing changed\n-- rollback empty\n")
			.contains("-- no automatic rollback: re-locking blocks every run\n")
			.contains("-- not repaired (finding " + FINDING + "): type change Instead: use the migrations");
		// an irreversible step carries no rollback line: Liquibase refuses to roll back past it
		String afterRelease = changelog.substring(changelog.indexOf("UPDATE \"l\""));
		assertThat(afterRelease).doesNotContain("-- rollback");
		assertThat(new ChangelogWriter().previewSql(plan)).containsSubsequence("CREATE INDEX CONCURRENTLY",
				"VALIDATE CONSTRAINT", "UPDATE \"l\"");
	}
}
