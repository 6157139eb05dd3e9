package dev.tidemark;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(TidemarkApplication.class);

	@Test
	void modulesOnlyUseEachOthersPublicApiAndDeclaredDependencies() {
		modules.verify();
	}

	@Test
	void theModulesTheDesignNamesExist() {
		assertThat(modules.stream().map(m -> m.getIdentifier().toString()))
			.contains("targets", "inspection", "security", "web", "common", "embedded", "audit");
	}

	@Test
	void writesModuleDocumentation() {
		new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}
}
