package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.AccessChange.Grant;
import dev.tidemark.checks.change.AccessChange.Securable;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.contract.Contract.GrantExpectation;
import dev.tidemark.checks.contract.ObjectKinds;
import dev.tidemark.checks.contract.ObjectKinds.GrantTarget;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.inspection.model.PrivilegeInfo;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A grantee lacks privileges the contract lists for it on an object. Only privileges granted directly count (the
 * object's ACL, as the snapshot lists it), not those held through PUBLIC or a role the grantee belongs to; the
 * owner's own are never listed, so a contract should not list grants to the owner. The finding carries a typed
 * {@link Grant} of the missing privileges; when the object itself does not exist there is nothing to grant on, and
 * the repair is manual.
 */
@Component
final class MissingGrant implements Rule {

	private final RuleDescription description = new RuleDescription("missing-grant",
			"Expected privilege is not granted",
			Severity.HIGH, RuleCategory.CONTRACT,
			"The applications' role gets 'permission denied' on the statements that need the privilege.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		ContractCatalog catalog = ContractCatalog.of(context);
		ContractFindings findings = new ContractFindings();
		for (Expectation expectation : context.expectations()) {
			for (GrantExpectation expected : expectation.contract().grants()) {
				GrantTarget target = ObjectKinds.target(expected.kind(), expected.on());
				if (target == null) {
					continue;
				}
				String kind = expected.kind().equals("VIEW") ? "TABLE" : expected.kind();
				String arguments = functionArguments(catalog, target);
				String object = object(expected.kind(), target, arguments);
				Optional<PrivilegeInfo> held = catalog.privilege(kind, object, expected.to());
				List<String> actual = held.map(PrivilegeInfo::privileges).orElse(List.of());
				List<String> missing = expected.privileges().stream().filter(p -> !actual.contains(p)).toList();
				if (missing.isEmpty()) {
					continue;
				}
				String described = expected.kind().toLowerCase(java.util.Locale.ROOT) + " " + object;
				ObjectRef ref = ObjectRef.of("privilege", target.schema(),
						(target.schema() == null ? object : object.substring(target.schema().length() + 1)) + " to "
								+ expected.to());
				Map<String, Object> evidence = new TreeMap<>(ContractFindings.evidence("source",
						expectation.source().name(), "grantee", expected.to(), "on", described, "expected",
						expected.privileges(), "actual", actual, "missing", missing));
				String message = expected.to() + " lacks " + String.join(", ", missing) + " on " + described;
				if (!exists(catalog, expected.kind(), target)) {
					findings.add(Violation.of(this, ref, message + " (the " + expected.kind().toLowerCase(
							java.util.Locale.ROOT) + " does not exist)", evidence,
							Repair.manual("There is no " + described + " to grant on",
									"Create it through the application's migrations, then re-scan")));
					continue;
				}
				Grant grant = new Grant(new Securable(kind, target.schema(), target.name(), target.column(),
						arguments), expected.to(), missing, false);
				evidence.put(Changes.EVIDENCE_KEY, Changes.toEvidence(List.of(grant)));
				findings.add(Violation.of(this, ref, message, evidence, Repair.automatic(grant.summary())));
			}
		}
		return findings.list();
	}

	/** The object as {@link PrivilegeInfo#object()} names it; a function's arguments as the target prints them. */
	private static String object(String kind, GrantTarget target, @Nullable String arguments) {
		return switch (kind) {
			case "SCHEMA" -> target.name();
			case "COLUMN" -> target.schema() + "." + target.name() + "." + target.column();
			case "FUNCTION" -> target.schema() + "." + target.name() + "(" + arguments + ")";
			default -> target.schema() + "." + target.name();
		};
	}

	private static @Nullable String functionArguments(ContractCatalog catalog, GrantTarget target) {
		if (target.arguments() == null) {
			return null;
		}
		return catalog.functions(new Name(target.schema(), target.name()))
			.stream()
			.map(f -> f.arguments())
			.filter(a -> ObjectKinds.normalizeArguments(a).equals(ObjectKinds.normalizeArguments(target.arguments())))
			.findFirst()
			.orElse(target.arguments());
	}

	private static boolean exists(ContractCatalog catalog, String kind, GrantTarget target) {
		var snapshot = catalog.snapshot();
		return switch (kind) {
			case "SCHEMA" -> snapshot.schemas().stream().anyMatch(s -> s.name().equals(target.name()));
			case "TABLE" -> catalog.table(new Name(target.schema(), target.name())).isPresent();
			case "VIEW" -> catalog.view(new Name(target.schema(), target.name())).isPresent();
			case "COLUMN" -> catalog.table(new Name(target.schema(), target.name()))
				.flatMap(t -> ContractCatalog.column(t, target.column()))
				.isPresent();
			case "SEQUENCE" -> snapshot.sequences()
				.stream()
				.anyMatch(s -> s.schema().equals(target.schema()) && s.name().equals(target.name()));
			case "FUNCTION" -> catalog.functions(new Name(target.schema(), target.name()))
				.stream()
				.anyMatch(f -> ObjectKinds.normalizeArguments(f.arguments())
					.equals(ObjectKinds.normalizeArguments(java.util.Objects.requireNonNull(target.arguments()))));
			case "TYPE" -> catalog.type(new Name(target.schema(), target.name())).isPresent();
			default -> false;
		};
	}
}
