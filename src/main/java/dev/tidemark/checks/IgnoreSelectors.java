package dev.tidemark.checks;

import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The checks an ignore rule's selectors get, stored or in a contract alike: a rule id or an object pattern is
 * required (a kind alone would ignore a whole category silently; {@code object: "**"} says so explicitly), and each
 * given selector must be well formed. Whether a rule id exists is checked where the rule catalog is known.
 */
public final class IgnoreSelectors {

	/** Rule ids and object kinds are lowercase words joined by dashes: {@code reference-extra}, {@code column}. */
	private static final Pattern WORDS = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

	public enum Field {
		RULE, KIND, OBJECT
	}

	private IgnoreSelectors() {
	}

	/** Reports each problem with the field it is about; reports nothing when the selectors are valid. */
	public static void validate(@Nullable String ruleId, @Nullable String objectKind, @Nullable String objectPattern,
			BiConsumer<Field, String> problems) {
		if (ruleId == null && objectPattern == null) {
			problems.accept(Field.OBJECT, "give an object pattern, a rule id, or both (a kind alone is not enough; "
					+ "use the pattern ** to mean every object)");
		}
		if (ruleId != null && !WORDS.matcher(ruleId).matches()) {
			problems.accept(Field.RULE, "'" + ruleId + "' is not a rule id (lowercase words joined by dashes, "
					+ "e.g. reference-extra)");
		}
		if (objectKind != null && !WORDS.matcher(objectKind).matches()) {
			problems.accept(Field.KIND, "'" + objectKind + "' is not an object kind (lowercase, e.g. table, "
					+ "column, index)");
		}
		if (objectPattern != null) {
			String problem = ObjectPattern.problem(objectPattern);
			if (problem != null) {
				problems.accept(Field.OBJECT, "object pattern '" + objectPattern + "' " + problem);
			}
		}
	}
}
