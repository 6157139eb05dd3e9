package dev.tidemark.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API document: both ways in (HTTP Basic, bearer API token) so Swagger UI's Authorize button offers both. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI tidemarkOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Tidemark API")
				.version("v1")
				.description("Schema-drift administration for PostgreSQL and TimescaleDB. Errors are "
						+ "application/problem+json with stable type URIs under " + ProblemTypes.BASE + ".")
				.license(new License().name("Apache-2.0")))
			.components(new Components()
				.addSecuritySchemes("basicAuth",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
							.description("Configured users (demo: admin/operator/approver/approver2/viewer, password tidemark)"))
				.addSecuritySchemes("bearerAuth",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("tmk_…")
							.description("API token created by an admin at POST /api/v1/api-tokens")))
			.addSecurityItem(new SecurityRequirement().addList("basicAuth"))
			.addSecurityItem(new SecurityRequirement().addList("bearerAuth"));
	}
}
