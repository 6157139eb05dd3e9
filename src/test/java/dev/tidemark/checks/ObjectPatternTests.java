package dev.tidemark.checks;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The glob of ignore rules on object names as findings print them. */
class ObjectPatternTests {

	@Test
	void oneStarStaysWithinANamePart() {
		ObjectPattern tmp = ObjectPattern.compile("public.tmp_*");
		assertThat(tmp.matches("public.tmp_import_1")).isTrue();
		assertThat(tmp.matches("public.tmp_")).isTrue();
		assertThat(tmp.matches("public.tmp_import_1.id")).isFalse();
		assertThat(tmp.matches("audit.tmp_x")).isFalse();
		assertThat(tmp.matches("public.TMP_x")).isFalse();
		ObjectPattern columns = ObjectPattern.compile("public.orders.*");
		assertThat(columns.matches("public.orders.email")).isTrue();
		assertThat(columns.matches("public.orders")).isFalse();
		assertThat(ObjectPattern.compile("*.orders").matches("sales.orders")).isTrue();
	}

	@Test
	void twoStarsCrossNamePartsAndAQuestionMarkIsOneCharacter() {
		ObjectPattern schema = ObjectPattern.compile("public.**");
		assertThat(schema.matches("public.orders")).isTrue();
		assertThat(schema.matches("public.orders.email")).isTrue();
		assertThat(schema.matches("publicity.orders")).isFalse();
		assertThat(ObjectPattern.compile("**").matches("pg_trgm")).isTrue();
		ObjectPattern months = ObjectPattern.compile("public.events_20??_??");
		assertThat(months.matches("public.events_2026_01")).isTrue();
		assertThat(months.matches("public.events_2026_1")).isFalse();
		assertThat(months.matches("public.events_default")).isFalse();
		// one character, also one outside the BMP (two UTF-16 units)
		assertThat(ObjectPattern.compile("public.t?").matches("public.t\uD83D\uDE00")).isTrue();
	}

	@Test
	void everythingElseMatchesItself() {
		assertThat(ObjectPattern.compile("public.f(x integer)").matches("public.f(x integer)")).isTrue();
		assertThat(ObjectPattern.compile("public.a+b").matches("public.aab")).isFalse();
		assertThat(ObjectPattern.compile("public.a$").matches("public.a$")).isTrue();
	}

	@Test
	void aPatternOfManyStarsAgainstALongNameIsAnsweredInOnePass() {
		// a backtracking regex ([^.]* per star) takes seconds here, and exponentially longer per extra star
		String name = "public." + "a".repeat(200);
		ObjectPattern stars = ObjectPattern.compile("public.*a*a*a*a*a*a*a*a*a*a*a*a*b");
		assertThat(stars.matches(name)).isFalse();
		assertThat(stars.matches(name + "b")).isTrue();
		assertThat(ObjectPattern.compile("**a**a**a**a**a**a**a**a**b").matches(name)).isFalse();
	}

	@Test
	void itMatchesExactlyWhatTheGlobsRegexMatches() {
		// the glob's meaning as a regex (the reference), against every pattern and name over a small alphabet
		Random random = new Random(20261207);
		String[] pieces = { "a", "b", ".", "*", "**", "?" };
		for (int p = 0; p < 3000; p++) {
			StringBuilder glob = new StringBuilder();
			for (int i = random.nextInt(6) + 1; i > 0; i--) {
				glob.append(pieces[random.nextInt(pieces.length)]);
			}
			if (ObjectPattern.problem(glob.toString()) != null) {
				continue;
			}
			ObjectPattern pattern = ObjectPattern.compile(glob.toString());
			Pattern reference = Pattern.compile(glob.toString().replace(".", "\\.").replace("**", "\u0000")
				.replace("*", "[^.]*").replace("?", "[^.]").replace("\u0000", ".*"));
			for (int t = 0; t < 20; t++) {
				StringBuilder name = new StringBuilder();
				for (int i = random.nextInt(8); i > 0; i--) {
					name.append("ab.".charAt(random.nextInt(3)));
				}
				assertThat(pattern.matches(name.toString())).as(glob + " ~ " + name)
					.isEqualTo(reference.matcher(name).matches());
			}
		}
	}

	@Test
	void malformedPatternsSayWhy() {
		assertThat(ObjectPattern.problem(null)).isEqualTo("must not be blank");
		assertThat(ObjectPattern.problem(" ")).isEqualTo("must not be blank");
		assertThat(ObjectPattern.problem(" public.x")).contains("spaces");
		assertThat(ObjectPattern.problem("public.***")).contains("three stars");
		assertThat(ObjectPattern.problem("public.[ab]")).contains("'['");
		assertThat(ObjectPattern.problem("public.{a,b}")).contains("'{'");
		assertThat(ObjectPattern.problem("public..x")).contains("empty name part");
		assertThat(ObjectPattern.problem(".x")).contains("empty name part");
		assertThat(ObjectPattern.problem("public.x")).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> ObjectPattern.compile("x."))
			.withMessage("object pattern 'x.' has an empty name part (a dot at the start or end, or two dots in a row)");
	}
}
