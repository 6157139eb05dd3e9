package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.NamespaceChange.CreateExtension;
import dev.tidemark.checks.contract.Contract.ExtensionExpectation;
import dev.tidemark.inspection.model.ExtensionInfo;

import org.springframework.stereotype.Component;

/**
 * An expected extension is not installed. Installed automatically when the server offers it (the snapshot lists
 * well-known extensions that are available but not installed, with their default version); otherwise someone has
 * to install the package on the server first.
 */
@Component
final class MissingExtension implements Rule {

	private final RuleDescription description = new RuleDescription("missing-extension",
			"Expected extension is not installed",
			Severity.HIGH, RuleCategory.CONTRACT,
			"Functions, operators, types and index classes the applications use (trigram search, exclusion "
					+ "constraints, case-insensitive text) do not exist.",
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
			for (ExtensionExpectation extension : expectation.contract().extensions()) {
				Optional<ExtensionInfo> actual = catalog.extension(extension.name());
				if (actual.map(ExtensionInfo::installed).orElse(false)) {
					continue;
				}
				String available = actual.map(ExtensionInfo::defaultVersion).orElse(null);
				Map<String, Object> evidence = ContractFindings.evidence("source", expectation.source().name(),
						"expectedVersion", extension.version(), "installed", false, "availableOnServer",
						available != null, "defaultVersion", available, "availabilityChecked", actual.isPresent());
				// the contract names no schema: CREATE EXTENSION's own choice, as before typed changes
				List<CreateExtension> changes = List.of(new CreateExtension(extension.name(), null,
						extension.version() == null ? null : extension.version().strip()));
				findings.add(Violation.of(this, ObjectRef.of("extension", null, extension.name()),
						"Extension " + extension.name() + " is not installed"
								+ (available == null ? "" : " (available on the server, version " + available + ")"),
						available != null ? ContractFindings.withChanges(evidence, changes) : evidence,
						available != null
								? Repair.automatic(ContractFindings.summary(changes, ""))
								: Repair.manual(
										actual.isPresent() ? "The server has no control file for " + extension.name()
												: extension.name() + " is not known to be available on this server "
														+ "(the snapshot lists only installed and well-known extensions)",
										"Install the package that provides " + extension.name()
												+ " on the server (check pg_available_extensions), then re-scan")));
			}
		}
		return findings.list();
	}
}
