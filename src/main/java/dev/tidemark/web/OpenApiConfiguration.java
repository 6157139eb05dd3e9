package dev.tidemark.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API document: both ways in (HTTP Basic, bearer API token) so Swagger UI's Authorize button offers both; every
 * operation's error responses and required role ({@link ApiResponsesCustomizer}); {@code required} and descriptions
 * of every schema ({@link RecordSchemas}, {@link SchemaDescriptions}). The document is committed as
 * {@code openapi/openapi.yaml} and checked by openapi-generator's validator and Redocly's linter.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** Response headers every response carries or may carry (RequestIdFilter), under components/headers. */
	static final String REQUEST_ID_HEADER = "X-Request-Id";

	static final String TRACEPARENT_HEADER = "traceparent";

	/** Adds the request id headers to a response, as references to components/headers. */
	static ApiResponse withRequestIdHeaders(ApiResponse response) {
		for (String name : new String[] { REQUEST_ID_HEADER, TRACEPARENT_HEADER }) {
			if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
				response.addHeaderObject(name, new Header().$ref("#/components/headers/" + name));
			}
		}
		return response;
	}

	@Bean
	OpenAPI tidemarkOpenApi() {
		Components components = new Components()
			.addSecuritySchemes("basicAuth",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
						.description("Configured users (demo: admin/operator/approver/approver2/viewer, password tidemark)"))
			.addSecuritySchemes("bearerAuth",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("tmk_…")
						.description("API token created by an admin at POST /api/v1/api-tokens"));
		components.addHeaders(REQUEST_ID_HEADER, new Header().required(true)
			.description("The request's id, on every response (errors and the 401/403 of the security chain "
					+ "included): the trace id of a valid W3C traceparent request header; else the caller's "
					+ "X-Request-Id if it is 1 to 128 of [A-Za-z0-9._-]; else a generated UUID. Logs of the request "
					+ "carry it, and problem details bodies as requestId.")
			.schema(new StringSchema().pattern("^[A-Za-z0-9._-]{1,128}$")
				.example("4bf92f3577b34da6a3ce929d0e0e4736")));
		components.addHeaders(TRACEPARENT_HEADER, new Header()
			.description("The request's W3C traceparent header, echoed unchanged when it was valid (its trace id "
					+ "is then X-Request-Id); absent otherwise.")
			.schema(new StringSchema().example("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));
		ProblemDocumentation.addTo(components);
		return new OpenAPI()
			.info(new Info().title("Tidemark API")
				.version("v1")
				.description("Schema-drift administration for PostgreSQL and TimescaleDB. Errors are "
						+ "application/problem+json (schema Problem, RFC 9457) with stable type URIs under "
						+ ProblemTypes.BASE + ". Every operation needs a role: reads VIEWER, writes OPERATOR, "
						+ "approvals and rejections APPROVER, API tokens ADMIN (ADMIN has every role, OPERATOR and "
						+ "APPROVER include VIEWER); each operation names its role in x-required-role. Every response "
						+ "carries the request's id in X-Request-Id: send X-Request-Id or a W3C traceparent to "
						+ "choose it (a valid traceparent wins and is echoed unchanged).")
				.license(new License().name("Apache-2.0").identifier("Apache-2.0")))
			// Relative: the document is served by the instance it describes, whatever its host name.
			.servers(List.of(new Server().url("/").description("This Tidemark instance")))
			.components(components)
			.addSecurityItem(new SecurityRequirement().addList("basicAuth"))
			.addSecurityItem(new SecurityRequirement().addList("bearerAuth"));
	}

	@Bean
	OpenApiCustomizer tidemarkApiResponses() {
		return new ApiResponsesCustomizer();
	}

	@Bean
	ModelConverter tidemarkRecordSchemas() {
		return new RecordSchemas();
	}

	/** Schema descriptions and request-body examples keyed by schema name, for the schemas without their own. */
	@Bean
	OpenApiCustomizer tidemarkSchemaDescriptions() {
		return openApi -> {
			Map<String, io.swagger.v3.oas.models.media.Schema> schemas = openApi.getComponents().getSchemas();
			if (schemas != null) {
				schemas.forEach((name, schema) -> {
					if (schema.getDescription() == null) {
						schema.setDescription(SchemaDescriptions.of(name));
					}
					Map<String, Object> example = SchemaDescriptions.example(name);
					if (example != null && schema.getExamples() == null) {
						schema.setExamples(List.of(example));
					}
				});
			}
		};
	}
}
