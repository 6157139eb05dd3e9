package dev.tidemark.checks.rules;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tidemark.checks.Repair;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.TableInfo;
import org.jspecify.annotations.Nullable;

/**
 * SQL a contract wrote (a type, a default, a predicate, a definition) goes verbatim into the typed changes a rule
 * builds. What the renderers cannot make safe is refused here, in the rule, with the reason and what to do
 * instead.
 */
final class ContractSql {

	/** A type name with an optional length or precision and array brackets: {@code varchar(20)}, {@code "x".y[]}. */
	private static final Pattern TYPE = Pattern
		.compile("[A-Za-z_][A-Za-z0-9_ .\"]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?(\\s*\\[\\])*");

	private static final Pattern ORDERING = Pattern
		.compile("(?i)\\s+((?:asc|desc)(?:\\s+nulls\\s+(?:first|last))?|nulls\\s+(?:first|last))$");

	private ContractSql() {
	}

	/**
	 * Whether the server serves every client from one backend (PGlite), where a concurrent index build waits on
	 * itself: the reference's CreateIndex always builds CONCURRENTLY, so there rules ask for a plain BuildIndex.
	 */
	static boolean singleBackend(CatalogSnapshot snapshot) {
		String version = snapshot.server() == null ? null : snapshot.server().version();
		return version != null && version.contains("Emscripten");
	}

	/** A relation name of the schema in the snapshot (table, index, view, sequence): a new index cannot take it. */
	static boolean relationTaken(CatalogSnapshot snapshot, String schema, String name) {
		return ContractCatalog.of(snapshot).relationTaken(schema, name);
	}

	/**
	 * An index key as a contract writes it: a column of the table is quoted, anything else is an expression
	 * (parenthesized, refused if it could split the changeset); ASC/DESC/NULLS kept. Empty when refused.
	 */
	static Optional<String> indexKey(String entry, TableInfo table) {
		String e = entry.strip();
		Matcher m = ORDERING.matcher(e);
		String ordering = "";
		if (m.find()) {
			ordering = " " + m.group(1).toUpperCase(Locale.ROOT);
			e = e.substring(0, m.start()).strip();
		}
		String plain = e.length() > 1 && e.startsWith("\"") && e.endsWith("\"")
				? e.substring(1, e.length() - 1).replace("\"\"", "\"") : e;
		if (table.columns().stream().anyMatch(c -> c.name().equals(plain))) {
			return Optional.of(SqlIdentifiers.quote(plain) + ordering);
		}
		return unsafeFragment(e, "index expression").isPresent() ? Optional.empty()
				: Optional.of("(" + e + ")" + ordering);
	}

	/**
	 * A new name of {@code base} and {@code suffix} that fits in 63 bytes and is not {@code taken}: a name that does
	 * not fit is cut on a code point boundary and keeps a hash of the whole; a taken one gets {@code _2}, {@code _3}.
	 */
	static String freeName(String base, String suffix, Predicate<String> taken) {
		String name = SqlIdentifiers.fitName(base, suffix);
		for (int i = 2; taken.test(name); i++) {
			name = SqlIdentifiers.fitName(base, "_" + i + suffix);
		}
		return name;
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
