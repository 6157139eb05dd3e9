package dev.tidemark;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Rule;
import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Modulith does not check: where JDBC to targets, catalog SQL, Liquibase and controllers may live, and which
 * rules may read the clock.
 */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.tidemark");

	@Test
	void thePackagesTheseRulesNameExist() {
		// A rule about a package that does not exist passes vacuously; make sure each one is there.
		for (String pkg : new String[] { "dev.tidemark.inspection.internal", "dev.tidemark.targets.internal",
				"dev.tidemark.security.internal", "dev.tidemark.web", "dev.tidemark.audit.internal" }) {
			assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().equals(pkg))).as(pkg).isTrue();
		}
	}

	@Test
	void onlyTargetsOpensConnectionsToTargetDatabases() {
		noClasses().that().resideOutsideOfPackages("dev.tidemark.targets..", "dev.tidemark.embedded..")
			.should().dependOnClassesThat().haveFullyQualifiedName("org.postgresql.Driver")
			.orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.DriverManager")
			.check(CLASSES);
	}

	@Test
	void onlyInspectionInternalsRunSqlOnATargetConnection() {
		noClasses().that().resideOutsideOfPackages("dev.tidemark.inspection.internal..", "dev.tidemark.targets..",
				"dev.tidemark.embedded..", "dev.tidemark.remediation.internal..")
			.should().dependOnClassesThat().haveFullyQualifiedName("java.sql.Connection")
			.check(CLASSES);
	}

	@Test
	void onlyRemediationUsesLiquibase() {
		noClasses().that().resideOutsideOfPackage("dev.tidemark.remediation..")
			.should().dependOnClassesThat().resideInAPackage("liquibase..")
			.check(CLASSES);
	}

	@Test
	void controllersAreInternalAndPackagePrivate() {
		classes().that().areAnnotatedWith(RestController.class)
			.should().resideInAPackage("..internal..")
			.andShould().notBePublic()
			.check(CLASSES);
	}

	@Test
	void featureModulesDoNotDependOnWebOrSecurity() {
		noClasses().that().resideInAnyPackage("dev.tidemark.targets..", "dev.tidemark.inspection..")
			.should().dependOnClassesThat().resideInAnyPackage("dev.tidemark.web..", "dev.tidemark.security..")
			.check(CLASSES);
	}

	@Test
	void onlyRulesThatSayTheyReadTheClockCallNow() {
		// an unchanged catalog's scan re-runs only rules whose readsClock() is true; a rule reading now() without
		// saying so would keep a stale result. The evaluator passes now() on to the reference's context.
		var callers = CLASSES.get(CheckContext.class).getMethod("now").getCallsOfSelf().stream()
			.map(call -> call.getOriginOwner())
			.filter(owner -> !owner.getName().equals("dev.tidemark.checks.internal.Evaluator"))
			.distinct()
			.toList();
		assertThat(callers).isNotEmpty();
		for (var owner : callers) {
			assertThat(owner.isAssignableTo(Rule.class) && owner.tryGetMethod("readsClock").isPresent())
				.as(owner.getName() + " calls CheckContext.now() and must override Rule.readsClock() to return true")
				.isTrue();
		}
	}
}
