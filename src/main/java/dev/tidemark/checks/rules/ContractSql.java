package dev.tidemark.checks.rules;

import java.util.Optional;
import java.util.regex.Pattern;

import dev.tidemark.checks.Repair;
import org.jspecify.annotations.Nullable;

/**
 * SQL a contract wrote (a type, a default, a predicate, a definition) goes verbatim into the typed changes a rule
 * builds. What the renderers cannot make safe is refused here, in the rule, with the reason and what to do instead:
 * the refusals {@code Generators} made while it repaired these rules.
 */
final class ContractSql {

	/** A type name with an optional length or precision and array brackets: {@code varchar(20)}, {@code "x".y[]}. */
	private static final Pattern TYPE = Pattern
		.compile("[A-Za-z_][A-Za-z0-9_ .\"]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?(\\s*\\[\\])*");

	private ContractSql() {
	}

	/** A refusal unless the type is a plain type name. */
	static Optional<Repair> unsafeType(String type) {
		if (!TYPE.matcher(type.strip()).matches() || type.contains("--")) {
			return Optional.of(Repair.manual("The expected type " + type + " is not a plain type name Tidemark can add "
					+ "safely", "Add the column through the application's migrations"));
		}
		return Optional.empty();
	}

	/**
	 * A refusal when the fragment holds a statement separator, a comment or a line break, which would split or cut
	 * the changeset (it is refused rather than escaped).
	 */
	static Optional<Repair> unsafeFragment(@Nullable String sql, String what) {
		if (sql != null && (sql.contains(";") || sql.contains("--") || sql.contains("/*") || sql.contains("\n"))) {
			return Optional.of(Repair.manual("The " + what + " '" + sql + "' contains ';', a comment or a line break",
					"Apply it by hand, or simplify it in the contract"));
		}
		return Optional.empty();
	}
}
