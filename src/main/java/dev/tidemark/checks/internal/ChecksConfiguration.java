package dev.tidemark.checks.internal;

import dev.tidemark.checks.CheckSettings;

import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CheckSettings.class)
@EnableScheduling
class ChecksConfiguration {

	/** The contract's JSON Schema as components/schemas/Contract, used by the contract operations. */
	@Bean
	OpenApiCustomizer contractSchemaDocumentation() {
		return new ContractSchemaDocumentation();
	}
}
