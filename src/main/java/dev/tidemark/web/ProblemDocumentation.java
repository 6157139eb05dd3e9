package dev.tidemark.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The shared error vocabulary of the document: the {@code Problem} schema (RFC 9457 members plus the extension
 * members {@link ApiExceptionHandler} and the security filter chain write) and one reusable response per status.
 */
final class ProblemDocumentation {

	static final String PROBLEM_JSON = "application/problem+json";

	/** Reusable responses, by status code: the name under components/responses and what it means here. */
	static final Map<String, String[]> RESPONSES = Map.of(
			"400", new String[] { "BadRequest", "The request is not valid (validation-error: errors[] names each field "
					+ "or parameter; invalid-contract: errors[] has path, line and column) or cannot be read "
					+ "(malformed-request)." },
			"401", new String[] { "Unauthorized", "No credentials, or wrong ones (unauthorized)." },
			"403", new String[] { "Forbidden", "The caller's roles do not allow this operation (forbidden), or the "
					+ "remediation's rules do not (remediation-not-allowed, e.g. approving one's own proposal)." },
			"404", new String[] { "NotFound", "A resource named in the path does not exist (target-not-found, "
					+ "snapshot-not-found, scan-not-found, finding-not-found, ignore-rule-not-found, remediation-not-found, not-found)." },
			"409", new String[] { "Conflict", "The resource's state does not allow this (finding-state-conflict, "
					+ "remediation-state-conflict, remediation-target-busy, remediation-stale), the name is taken "
					+ "(target-name-taken, api-token-name-taken), or a concurrent write won (conflict; retrying is safe)." },
			"412", new String[] { "PreconditionFailed", "If-Match or If-None-Match does not hold: the resource "
					+ "changed since the client read it (precondition-failed)." },
			"422", new String[] { "UnprocessableContent", "The request is well-formed but cannot be carried out: "
					+ "the target cannot be used (target-unreachable, target-authentication-failed, "
					+ "target-database-not-found, target-permission-denied, target-timeout, target-busy, "
					+ "unsupported-server-version, target-connection-failed, inspection-failed), a reference names "
					+ "nothing usable (invalid-reference), findings cannot be remediated (invalid-findings, "
					+ "remediation-refused with refusals[]), or the Idempotency-Key was used for another request "
					+ "(idempotency-key-reused)." },
			"429", new String[] { "TooManyRequests", "Too many failed sign-in attempts for this user name or from "
					+ "this address (too-many-requests); Retry-After says when to try again." });

	private ProblemDocumentation() {
	}

	static String responseRef(String status) {
		return "#/components/responses/" + RESPONSES.get(status)[0];
	}

	static void addTo(Components components) {
		components.addSchemas("Problem", problem());
		components.addSchemas("ProblemError", problemError());
		components.addSchemas("Refusal", refusal());
		RESPONSES.forEach((status, response) -> {
			ApiResponse r = new ApiResponse().description(response[1])
				.content(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
			if ("401".equals(status)) {
				r.addHeaderObject("WWW-Authenticate", new Header().description("The ways to authenticate")
					.schema(new StringSchema().example("Basic realm=\"tidemark\", Bearer")));
			}
			if ("429".equals(status)) {
				r.addHeaderObject("Retry-After", new Header().description("Seconds until a sign-in is accepted again")
					.schema(new IntegerSchema().example(60)));
			}
			components.addResponses(response[0], OpenApiConfiguration.withRequestIdHeaders(r));
		});
	}

	private static Schema<?> problem() {
		Schema<?> s = new ObjectSchema().description("An error, as RFC 9457 problem details. Clients switch on type, "
				+ "never on the text. Members besides the standard ones appear only where they apply.");
		// Not an enum: a client generated from this document must still read a type added later.
		s.addProperty("type", new StringSchema().format("uri")
			.description("Stable identifier of the kind of problem: " + ProblemTypes.BASE + " followed by one of "
					+ Arrays.stream(ProblemTypes.values())
						.map(t -> t.uri().toString().substring(ProblemTypes.BASE.length()))
						.collect(java.util.stream.Collectors.joining(", "))
					+ " (more may be added)")
			.example(ProblemTypes.TARGET_NOT_FOUND.uri().toString()));
		s.addProperty("title", new StringSchema().description("Fixed short summary of the type")
			.example(ProblemTypes.TARGET_NOT_FOUND.title()));
		s.addProperty("status", new IntegerSchema().format("int32").minimum(java.math.BigDecimal.valueOf(400))
			.maximum(java.math.BigDecimal.valueOf(599)).description("The HTTP status code").example(404));
		s.addProperty("detail", new StringSchema().description("What went wrong in this occurrence")
			.example("No target with id 0b9f1c8e-2f43-4c55-9a57-6f1f0c6b2d11"));
		s.addProperty("instance", new StringSchema().format("uri-reference")
			.description("The request path this problem occurred on").example("/api/v1/targets/0b9f1c8e-2f43-4c55-9a57-6f1f0c6b2d11"));
		s.addProperty("requestId", new StringSchema()
			.description("The request's id, as in the X-Request-Id response header: the caller's X-Request-Id, or "
					+ "the trace id of a valid traceparent, or generated").example("4bf92f3577b34da6a3ce929d0e0e4736"));
		s.addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/ProblemError"))
			.description("validation-error, invalid-contract, invalid-reference, target-name-taken, "
					+ "idempotency-key-reused: each invalid field, parameter or place in the document"));
		s.addProperty("refusals", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Refusal"))
			.description("remediation-refused: the findings without a safe automatic repair"));
		s.addProperty("targetId", new StringSchema().format("uuid").description("target-not-found: the id asked for"));
		s.addProperty("sqlState", new StringSchema().description("target-* and inspection-failed: the SQLSTATE "
				+ "the target answered with, when it did").example("28P01"));
		s.addProperty("retryAfterSeconds", new IntegerSchema().format("int64")
			.description("too-many-requests: seconds until a sign-in is accepted again").example(60));
		s.addProperty("reference", new StringSchema().format("uuid")
			.description("internal-error: the id under which the server log has the details"));
		s.setRequired(List.of("type", "title", "status"));
		return s;
	}

	private static Schema<?> problemError() {
		Schema<?> s = new ObjectSchema().description("One thing wrong with the request: a field or parameter "
				+ "(field), or a place in a contract document (path, line, column).");
		s.addProperty("field", new StringSchema().description("The invalid field or parameter, e.g. labels.env, "
				+ "findingIds[0], sort, Idempotency-Key").example("name"));
		s.addProperty("path", new StringSchema().description("invalid-contract: where in the document, empty for the "
				+ "document itself").example("tables[2].columns[0].type"));
		s.addProperty("line", new IntegerSchema().format("int32").description("invalid-contract: 1-based line, when known"));
		s.addProperty("column", new IntegerSchema().format("int32").description("invalid-contract: 1-based column, when known"));
		s.addProperty("message", new StringSchema().description("Why it is invalid").example("must not be blank"));
		s.setRequired(List.of("message"));
		return s;
	}

	private static Schema<?> refusal() {
		Schema<?> s = new ObjectSchema().description("A finding that has no safe automatic repair, and what to do "
				+ "instead.");
		s.addProperty("findingId", new StringSchema().format("uuid").description("The finding"));
		s.addProperty("reason", new StringSchema().description("Why it cannot be repaired automatically"));
		s.addProperty("instead", new StringSchema().description("What to do by hand instead"));
		s.setRequired(List.of("findingId", "reason", "instead"));
		return s;
	}
}
