package dev.tidemark.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Adds to every operation the responses it really has besides its success, derived from its HTTP method, path and
 * parameters the way the security filter chain and {@link ApiExceptionHandler} decide them, and the role it needs
 * (the table in the security module's SecurityConfiguration). Success responses (201 with Location, 204) are
 * annotated on the controllers; 304 and ETag headers follow from the conditional-request headers an operation takes.
 * Every response gets the X-Request-Id (and traceparent) headers the request id filter writes.
 */
class ApiResponsesCustomizer implements OpenApiCustomizer {

	static final String ROLE_EXTENSION = "x-required-role";

	/**
	 * POST/PUT operations that never answer 422: nothing they do depends on a target or a reference, or a target
	 * that cannot be used ends them as a FAILED scan or execution in a success response.
	 */
	private static final Set<String> NO_UNPROCESSABLE = Set.of("createApiToken", "suppressFinding", "putContract",
			"runScan", "executeRemediation", "rollbackRemediation");

	/** Writes that nothing can conflict with: they change nothing stored, or only add a new scan. */
	private static final Set<String> NO_CONFLICT = Set.of("testTargetConnection", "generateContract", "runScan");

	private static final Set<String> IGNORED_HEADERS = Set.of("Accept", "Content-Type", "Authorization");

	private static final Map<String, String> WHO = Map.of(
			"VIEWER", "any role (VIEWER, OPERATOR, APPROVER, ADMIN)",
			"OPERATOR", "OPERATOR or ADMIN",
			"APPROVER", "APPROVER or ADMIN",
			"ADMIN", "ADMIN");

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
			.forEach((method, operation) -> customise(path, method, operation)));
	}

	private void customise(String path, PathItem.HttpMethod method, Operation operation) {
		String role = requiredRole(path, method);
		if (operation.getExtensions() == null || !operation.getExtensions().containsKey(ROLE_EXTENSION)) {
			operation.addExtension(ROLE_EXTENSION, role);
			String needs = "Requires role " + role + ": " + WHO.get(role) + ".";
			operation.setDescription(operation.getDescription() == null ? needs
					: operation.getDescription() + "\n\n" + needs);
		}
		if (operation.getParameters() != null) {
			// OpenAPI ignores header parameters of these names: media types and auth have their own places
			operation.getParameters().removeIf(p -> "header".equals(p.getIn()) && IGNORED_HEADERS.contains(p.getName()));
			if (operation.getParameters().isEmpty()) {
				operation.setParameters(null);
			}
		}
		ApiResponses responses = operation.getResponses();
		List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
		boolean write = method != PathItem.HttpMethod.GET;
		boolean ifMatch = parameters.stream().anyMatch(p -> "header".equals(p.getIn()) && "If-Match".equals(p.getName()));
		boolean ifNoneMatch = parameters.stream()
			.anyMatch(p -> "header".equals(p.getIn()) && "If-None-Match".equals(p.getName()));
		String id = String.valueOf(operation.getOperationId());

		if (ifMatch || ifNoneMatch) {
			for (String success : List.of("200", "201")) {
				ApiResponse ok = responses.get(success);
				if (ok != null && (ok.getHeaders() == null || !ok.getHeaders().containsKey("ETag"))) {
					ok.addHeaderObject("ETag", new Header().description("Strong entity tag of the resource, for "
							+ "If-Match and If-None-Match").schema(new StringSchema().example("\"3\"")));
				}
			}
		}
		if (method == PathItem.HttpMethod.GET && ifNoneMatch) {
			responses.putIfAbsent("304", new ApiResponse()
				.description("Not modified: If-None-Match names the current ETag; no body")
				.addHeaderObject("ETag", new Header().description("The current entity tag")
					.schema(new StringSchema())));
		}
		if (!parameters.isEmpty() || operation.getRequestBody() != null) {
			error(responses, "400");
		}
		error(responses, "401");
		error(responses, "403");
		if (path.contains("{")) {
			error(responses, "404");
		}
		if (write && !NO_CONFLICT.contains(id)) {
			error(responses, "409");
		}
		if (ifMatch || ifNoneMatch) {
			error(responses, "412");
		}
		if ((method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT)
				&& !NO_UNPROCESSABLE.contains(id)) {
			error(responses, "422");
		}
		error(responses, "429");
		// every response echoes the request id (RequestIdFilter); the shared error responses carry it themselves
		responses.values().stream().filter(r -> r.get$ref() == null).forEach(OpenApiConfiguration::withRequestIdHeaders);
	}

	private static void error(ApiResponses responses, String status) {
		responses.putIfAbsent(status, new ApiResponse().$ref(ProblemDocumentation.responseRef(status)));
	}

	/** As SecurityConfiguration's table decides, first match wins. */
	static String requiredRole(String path, PathItem.HttpMethod method) {
		if (path.equals("/api/v1/api-tokens") || path.startsWith("/api/v1/api-tokens/")
				|| path.equals("/api/v1/webhooks") || path.startsWith("/api/v1/webhooks/")) {
			return "ADMIN";
		}
		if (method == PathItem.HttpMethod.POST
				&& path.matches("/api/v1/remediations/[^/]+/(approvals|rejections|rollback-approvals)")) {
			return "APPROVER";
		}
		return method == PathItem.HttpMethod.GET ? "VIEWER" : "OPERATOR";
	}
}
