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
import dev.tidemark.checks.change.NamespaceChange.UpdateExtension;
import dev.tidemark.checks.contract.Contract.ExtensionExpectation;
import dev.tidemark.inspection.model.ExtensionInfo;

import org.springframework.stereotype.Component;

/**
 * An installed extension has another version than expected (an uninstalled one is {@code missing-extension}).
 * Updated automatically only to the version the server's control file offers as default: ALTER EXTENSION UPDATE
 * can reach no other without the package that ships it.
 */
@Component
final class ExtensionVersionMismatch implements Rule {

	private final RuleDescription description = new RuleDescription("extension-version-mismatch",
			"Extension version differs from the expected version",
			Severity.LOW, RuleCategory.CONTRACT,
			"Functions and behaviour differ between extension versions; a version ahead or behind the other "
					+ "environments makes tests there prove little.",
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
				Optional<ExtensionInfo> actual = catalog.extension(extension.name()).filter(ExtensionInfo::installed);
				if (extension.version() == null || actual.isEmpty()
						|| extension.version().strip().equals(actual.get().installedVersion())) {
					continue;
				}
				ExtensionInfo info = actual.get();
				boolean reachable = extension.version().strip().equals(info.defaultVersion());
				Map<String, Object> evidence = ContractFindings.evidence("source", expectation.source().name(),
						"expectedVersion", extension.version(), "actualVersion", info.installedVersion(),
						"defaultVersion", info.defaultVersion());
				List<UpdateExtension> changes = List.of(new UpdateExtension(extension.name(),
						info.installedVersion(), extension.version().strip()));
				findings.add(Violation.of(this, ObjectRef.of("extension", null, extension.name()),
						"Extension " + extension.name() + " is version " + info.installedVersion() + ", expected "
								+ extension.version(),
						reachable ? ContractFindings.withChanges(evidence, changes) : evidence,
						reachable
								? Repair.automatic(ContractFindings.summary(changes,
										"(runs the extension's update scripts)"))
								: Repair.manual("Version " + extension.version() + " is not the server's default "
										+ "version of " + extension.name() + " (" + info.defaultVersion()
										+ "), so ALTER EXTENSION UPDATE cannot be relied on to reach it",
										"Install the package that ships version " + extension.version()
												+ " on the server, or correct the expectation")));
			}
		}
		return findings.list();
	}
}
