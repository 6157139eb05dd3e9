package dev.tidemark.checks.contract;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.tidemark.checks.contract.Contract.EnumExpectation;
import dev.tidemark.checks.contract.Contract.FunctionExpectation;
import dev.tidemark.checks.contract.Contract.GrantExpectation;
import dev.tidemark.checks.contract.Contract.PolicyExpectation;
import dev.tidemark.checks.contract.Contract.TriggerExpectation;
import dev.tidemark.checks.contract.Contract.ViewExpectation;
import dev.tidemark.checks.contract.ContractValidator.Problems;
import org.jspecify.annotations.Nullable;

/**
 * The contract sections about views, functions, triggers, enums, policies and grants: what they may say, and the
 * validation of each item (required names, an item listed twice, an enum value listed twice, a policy command or a
 * privilege that does not exist for the object kind).
 */
public final class ObjectKinds {

	/** The policy commands PostgreSQL knows. */
	public static final Set<String> POLICY_COMMANDS = Set.of("ALL", "SELECT", "INSERT", "UPDATE", "DELETE");

	/** Privileges by the grant kinds a contract names (PostgreSQL's GRANT; MAINTAIN since PostgreSQL 17). */
	public static final Map<String, Set<String>> PRIVILEGES = Map.of("TABLE",
			Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"), "VIEW",
			Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"),
			"SEQUENCE", Set.of("USAGE", "SELECT", "UPDATE"), "FUNCTION", Set.of("EXECUTE"), "SCHEMA",
			Set.of("USAGE", "CREATE"), "TYPE", Set.of("USAGE"), "COLUMN",
			Set.of("SELECT", "INSERT", "UPDATE", "REFERENCES"));

	private static final List<String> KINDS = List.of("TABLE", "VIEW", "SEQUENCE", "FUNCTION", "SCHEMA", "TYPE",
			"COLUMN");

	private ObjectKinds() {
	}

	/** A grant's object split into its parts: schema (null for a schema), name, column, arguments as written. */
	public record GrantTarget(@Nullable String schema, String name, @Nullable String column,
			@Nullable String arguments) {
	}

	/**
	 * Splits {@code on} for its kind: a schema is its name; a column {@code schema.table.column} (split at the first
	 * and the last dot); a function {@code schema.name(arguments)}; anything else {@code schema.name}. Null when
	 * {@code on} does not have that shape.
	 */
	public static @Nullable GrantTarget target(String kind, String on) {
		if (kind.equals("SCHEMA")) {
			return on.isBlank() ? null : new GrantTarget(null, on, null, null);
		}
		String text = on;
		String arguments = null;
		if (kind.equals("FUNCTION")) {
			int open = on.indexOf('(');
			if (open < 0 || !on.endsWith(")")) {
				return null;
			}
			text = on.substring(0, open);
			arguments = on.substring(open + 1, on.length() - 1).trim();
		}
		int dot = text.indexOf('.');
		if (dot <= 0 || dot == text.length() - 1) {
			return null;
		}
		String schema = text.substring(0, dot);
		String rest = text.substring(dot + 1);
		if (kind.equals("COLUMN")) {
			int last = rest.lastIndexOf('.');
			if (last <= 0 || last == rest.length() - 1) {
				return null;
			}
			return new GrantTarget(schema, rest.substring(0, last), rest.substring(last + 1), null);
		}
		return new GrantTarget(schema, rest, null, arguments);
	}

	/** Identity arguments compared the way people write them: runs of blanks are one space, case ignored. */
	public static String normalizeArguments(String arguments) {
		return arguments.trim().replaceAll("\\s+", " ").replace(" ,", ",").toLowerCase(Locale.ROOT);
	}

	static void validate(Contract contract, Problems problems) {
		views(contract.views(), problems);
		functions(contract.functions(), problems);
		triggers(contract.triggers(), problems);
		enums(contract.enums(), problems);
		policies(contract.policies(), problems);
		grants(contract.grants(), problems);
	}

	private static void views(List<ViewExpectation> views, Problems problems) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < views.size(); i++) {
			String at = "views[" + i + "].name";
			String name = views.get(i).name();
			if (ContractValidator.qualified(name, at, "a view", problems) && !seen.add(name)) {
				problems.add(at, "view '" + name + "' is listed twice");
			}
		}
	}

	private static void functions(List<FunctionExpectation> functions, Problems problems) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < functions.size(); i++) {
			FunctionExpectation f = functions.get(i);
			String at = "functions[" + i + "]";
			if (f.name() != null && f.name().contains("(")) {
				problems.add(at + ".name", "write the arguments under 'arguments', not in the name");
				continue;
			}
			if (!ContractValidator.qualified(f.name(), at + ".name", "a function", problems)) {
				continue;
			}
			String key = f.name() + "(" + (f.arguments() == null ? "*" : normalizeArguments(f.arguments())) + ")";
			if (!seen.add(key)) {
				problems.add(at + ".name", "function '" + f.name() + "'"
						+ (f.arguments() == null ? "" : " with arguments (" + f.arguments() + ")") + " is listed twice");
			}
		}
	}

	private static void triggers(List<TriggerExpectation> triggers, Problems problems) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < triggers.size(); i++) {
			TriggerExpectation t = triggers.get(i);
			String at = "triggers[" + i + "]";
			boolean table = ContractValidator.qualified(t.table(), at + ".table", "a trigger's table", problems);
			if (problems.required(t.name(), at + ".name", "a trigger needs a name") && table
					&& !seen.add(t.table() + "\u0000" + t.name())) {
				problems.add(at + ".name", "trigger '" + t.name() + "' on " + t.table() + " is listed twice");
			}
		}
	}

	private static void enums(List<EnumExpectation> enums, Problems problems) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < enums.size(); i++) {
			EnumExpectation e = enums.get(i);
			String at = "enums[" + i + "]";
			if (ContractValidator.qualified(e.name(), at + ".name", "an enum type", problems) && !seen.add(e.name())) {
				problems.add(at + ".name", "enum '" + e.name() + "' is listed twice");
			}
			if (e.values() == null || e.values().isEmpty()) {
				problems.add(at + ".values", "an enum needs its values, in order");
				continue;
			}
			Set<String> values = new HashSet<>();
			for (int j = 0; j < e.values().size(); j++) {
				String value = e.values().get(j);
				if (value.isEmpty()) {
					problems.add(at + ".values[" + j + "]", "an empty enum value");
				}
				else if (!values.add(value)) {
					problems.add(at + ".values[" + j + "]", "value '" + value + "' is listed twice");
				}
			}
		}
	}

	private static void policies(List<PolicyExpectation> policies, Problems problems) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < policies.size(); i++) {
			PolicyExpectation p = policies.get(i);
			String at = "policies[" + i + "]";
			boolean table = ContractValidator.qualified(p.table(), at + ".table", "a policy's table", problems);
			if (problems.required(p.name(), at + ".name", "a policy needs a name") && table
					&& !seen.add(p.table() + "\u0000" + p.name())) {
				problems.add(at + ".name", "policy '" + p.name() + "' on " + p.table() + " is listed twice");
			}
			if (p.command() != null && !POLICY_COMMANDS.contains(p.command())) {
				problems.add(at + ".command", "'" + p.command()
						+ "' is not a policy command (one of ALL, SELECT, INSERT, UPDATE, DELETE)");
			}
			if (p.roles() != null) {
				if (p.roles().isEmpty()) {
					problems.add(at + ".roles", "no roles; leave roles out to accept any, or list public");
				}
				Set<String> roles = new HashSet<>();
				for (int j = 0; j < p.roles().size(); j++) {
					String role = p.roles().get(j);
					if (problems.required(role, at + ".roles[" + j + "]", "blank role") && !roles.add(role)) {
						problems.add(at + ".roles[" + j + "]", "role '" + role + "' is listed twice");
					}
				}
			}
		}
	}

	private static void grants(List<GrantExpectation> grants, Problems problems) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < grants.size(); i++) {
			GrantExpectation g = grants.get(i);
			String at = "grants[" + i + "]";
			boolean kindOk = false;
			if (problems.required(g.kind(), at + ".kind", "a grant needs its kind: " + String.join(", ", KINDS))) {
				kindOk = PRIVILEGES.containsKey(g.kind());
				if (!kindOk) {
					problems.add(at + ".kind", "'" + g.kind() + "' is not a grant kind (one of "
							+ String.join(", ", KINDS) + ")");
				}
			}
			boolean onOk = problems.required(g.on(), at + ".on", "a grant needs the object it is on");
			if (onOk && kindOk && target(g.kind(), g.on()) == null) {
				onOk = false;
				problems.add(at + ".on", "'" + g.on() + "' does not name a " + g.kind().toLowerCase(Locale.ROOT)
						+ "; write it as " + shape(g.kind()));
			}
			boolean toOk = problems.required(g.to(), at + ".to", "a grant needs its grantee (a role or PUBLIC)");
			if (onOk && kindOk && toOk && !seen.add(g.kind() + "\u0000" + g.on() + "\u0000" + g.to())) {
				problems.add(at + ".on", g.kind().toLowerCase(Locale.ROOT) + " '" + g.on() + "' to " + g.to()
						+ " is listed twice; merge the privileges into one entry");
			}
			if (g.privileges() == null || g.privileges().isEmpty()) {
				problems.add(at + ".privileges", "a grant needs the privileges the grantee must hold");
				continue;
			}
			Set<String> privileges = new HashSet<>();
			for (int j = 0; j < g.privileges().size(); j++) {
				String privilege = g.privileges().get(j);
				String p = at + ".privileges[" + j + "]";
				if (!problems.required(privilege, p, "blank privilege")) {
					continue;
				}
				if (privilege.equals("ALL") || privilege.equals("ALL PRIVILEGES")) {
					problems.add(p, "list the privileges one by one instead of ALL");
				}
				else if (kindOk && !PRIVILEGES.get(g.kind()).contains(privilege)) {
					problems.add(p, "'" + privilege + "' is not a privilege of a " + g.kind().toLowerCase(Locale.ROOT)
							+ " (one of " + String.join(", ", PRIVILEGES.get(g.kind()).stream().sorted().toList())
							+ ")");
				}
				else if (!privileges.add(privilege)) {
					problems.add(p, "privilege '" + privilege + "' is listed twice");
				}
			}
		}
	}

	private static String shape(String kind) {
		return switch (kind) {
			case "SCHEMA" -> "the schema's name, e.g. app";
			case "COLUMN" -> "schema.table.column, e.g. public.orders.email";
			case "FUNCTION" -> "schema.name(identity arguments), e.g. public.f(x integer) or public.g()";
			default -> "schema.name, e.g. public.orders";
		};
	}
}
