package dev.tidemark.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.tidemark.client.api.ApiTokensApi;
import dev.tidemark.client.api.ExpectationsApi;
import dev.tidemark.client.api.FindingsApi;
import dev.tidemark.client.api.RemediationsApi;
import dev.tidemark.client.api.ScansApi;
import dev.tidemark.client.api.TargetsApi;
import dev.tidemark.client.invoker.ApiClient;
import dev.tidemark.client.invoker.ApiException;
import dev.tidemark.client.model.Contract;
import dev.tidemark.client.model.CreateTokenRequest;
import dev.tidemark.client.model.CreatedToken;
import dev.tidemark.client.model.DecisionRequest;
import dev.tidemark.client.model.Execution;
import dev.tidemark.client.model.Finding;
import dev.tidemark.client.model.GateResult;
import dev.tidemark.client.model.Problem;
import dev.tidemark.client.model.ProposeRequest;
import dev.tidemark.client.model.Remediation;
import dev.tidemark.client.model.Scan;
import dev.tidemark.client.model.Target;
import dev.tidemark.client.model.TargetDefinition;
import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The whole propose → approve → execute → gate flow driven only by the Java client that openapi-generator makes from
 * {@code openapi/openapi.yaml} in the test build ({@code dev.tidemark.client}, library {@code native}): if the
 * committed contract and the running service disagree on a path, a parameter, a body or a status, this breaks.
 *
 * <p>
 * The contract upload is the one place the generated client needs help. For a request body with several media types
 * the {@code native} generator emits one method that always sends the first ({@code application/json}) with the body
 * typed as the {@code Contract} model; it has no way to pick {@code application/yaml} or to pass a document as a
 * string. So the YAML is sent through the client's own request interceptor hook, which sets
 * {@code Content-Type: application/yaml} and the YAML text as the body of the request that {@code putContract} built,
 * and asks for the answer as JSON ({@code Accept: application/json}: the generated method offers YAML too, and the
 * service answers a YAML upload in YAML, which the client's JSON mapper cannot read). Path, other headers and the
 * typed response are still the generated method's.
 */
class GeneratedClientIntegrationTests extends ApiIntegrationTest {

	@Test
	void theWholeRemediationFlowRunsThroughTheGeneratedClient() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("client_word_game");
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
			SqlScript.run(c, resource("scenarios/word-game/drifted.sql"));
		}
		ApiClient operator = client(basic("operator"));

		Target target = new TargetsApi(operator).registerTarget(new TargetDefinition()
			.name("client-" + UUID.randomUUID().toString().substring(0, 8))
			.jdbcUrl(db.jdbcUrl())
			.username(db.username())
			.password(db.password().isEmpty() ? "unused-by-trust-auth" : db.password())
			.labels(Map.of("env", "test")), null);
		assertThat(target.getId()).isNotNull();

		Contract stored = new ExpectationsApi(yaml(operator, resource("scenarios/word-game/contract.yaml")))
			.putContract(target.getId(), new Contract(), null, null);
		assertThat(stored.getTables()).extracting(t -> t.getName())
			.contains("public.post_reactions", "public.posts", "public.users", "public.credit_txns", "public.scores");
		// the foreign key action is a schema of its own in the document: the client reads its value, not an empty object
		assertThat(stored.getTables().stream().filter(t -> t.getName().equals("public.post_reactions")).findFirst()
			.orElseThrow().getForeignKeys().getFirst().getOnDelete().getActualInstance()).isEqualTo("SET NULL");

		Scan scan = new ScansApi(operator).runScan(target.getId());
		assertThat(scan.getStatus()).isEqualTo(Scan.StatusEnum.SUCCEEDED);
		assertThat(scan.getNewFindings()).isPositive();

		List<Finding> open = new FindingsApi(client(basic("viewer")))
			.listFindings(target.getId(), null, List.of("OPEN"), null, null, null, null, null, 500)
			.getItems();
		assertThat(open).isNotEmpty().allSatisfy(f -> assertThat(f.getTargetId()).isEqualTo(target.getId()));
		List<UUID> remediable = open.stream().filter(f -> Boolean.TRUE.equals(f.getRemediable())).map(Finding::getId).toList();
		assertThat(remediable).isNotEmpty();

		Remediation proposed = new RemediationsApi(operator)
			.proposeRemediation(new ProposeRequest().findingIds(remediable), null);
		assertThat(proposed.getStatus()).isEqualTo(Remediation.StatusEnum.PROPOSED);
		assertThat(proposed.getFindingIds()).containsExactlyInAnyOrderElementsOf(remediable);
		assertThat(proposed.getSteps()).isNotEmpty();
		assertThat(new RemediationsApi(operator).getChangelog(proposed.getId())).startsWith("-- liquibase formatted sql");

		// A release pipeline approves with an API token that an admin created, and retries with the same key.
		CreatedToken token = new ApiTokensApi(client(basic("admin"))).createApiToken(new CreateTokenRequest()
			.name("client-pipeline-" + UUID.randomUUID().toString().substring(0, 8))
			.roles(List.of(CreateTokenRequest.RolesEnum.APPROVER)));
		assertThat(token.getToken()).startsWith("tmk_");
		RemediationsApi pipeline = new RemediationsApi(client(b -> b.setHeader("Authorization", "Bearer " + token.getToken())));
		DecisionRequest decision = new DecisionRequest().comment("approved by release 1234").externalRef("ci/1234");
		Remediation approved = pipeline.approveRemediation(proposed.getId(), decision, "client-pipeline-1234");
		assertThat(approved.getStatus()).isEqualTo(Remediation.StatusEnum.APPROVED);
		assertThat(pipeline.approveRemediation(proposed.getId(), decision, "client-pipeline-1234"))
			.as("a retry with the same Idempotency-Key replays the first answer")
			.isEqualTo(approved);

		Execution execution = new RemediationsApi(operator).executeRemediation(proposed.getId());
		assertThat(execution.getStatus()).as("%s", execution).isEqualTo(Execution.StatusEnum.SUCCEEDED);
		assertThat(execution.getChangesets()).isNotEmpty();
		assertThat(new RemediationsApi(operator).getRemediation(proposed.getId()).getStatus())
			.isEqualTo(Remediation.StatusEnum.VERIFIED);

		GateResult gate = new FindingsApi(client(b -> b.setHeader("Authorization", "Bearer " + token.getToken())))
			.gate(target.getId(), "HIGH");
		assertThat(gate.getTargetId()).isEqualTo(target.getId());
		Set<UUID> stillBlocking = gate.getBlocking().stream().map(Finding::getId).collect(Collectors.toSet());
		assertThat(stillBlocking).as("the repaired findings no longer block").doesNotContainAnyElementsOf(remediable);
		assertThat(gate.getPassed()).isEqualTo(stillBlocking.isEmpty());
	}

	@Test
	void aRefusedRequestIsATypedProblem() throws Exception {
		ApiClient operator = client(basic("operator"));
		UUID unknown = UUID.randomUUID();

		ApiException refused = assertThrows(ApiException.class,
				() -> new RemediationsApi(operator).proposeRemediation(new ProposeRequest().findingIds(List.of(unknown)), null));
		assertThat(refused.getCode()).isEqualTo(422);
		assertThat(refused.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(
				v -> assertThat(v).startsWith("application/problem+json"));
		Problem problem = problem(refused);
		assertThat(problem.getType()).isEqualTo(URI.create("https://tidemark.dev/problems/invalid-findings"));
		assertThat(problem.getStatus()).isEqualTo(422);
		assertThat(problem.getDetail()).contains(unknown.toString());

		// A contract that does not parse as the schema says: the problem names the place in the document.
		TestPostgres.Database db = TestPostgres.newDatabase("client_bad_contract");
		Target target = new TargetsApi(operator).registerTarget(new TargetDefinition()
			.name("client-bad-" + UUID.randomUUID().toString().substring(0, 8))
			.jdbcUrl(db.jdbcUrl())
			.username(db.username())
			.password(db.password().isEmpty() ? "unused-by-trust-auth" : db.password()), null);
		String bad = "tables:\n  - name: public.posts\n    colums: []\n";
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> new ExpectationsApi(yaml(operator, bad)).putContract(target.getId(), new Contract(), null, null))
			.satisfies(e -> {
				assertThat(e.getCode()).isEqualTo(400);
				Problem invalid = problem(e);
				assertThat(invalid.getType()).isEqualTo(URI.create("https://tidemark.dev/problems/invalid-contract"));
				assertThat(invalid.getErrors()).isNotEmpty().anySatisfy(error -> {
					assertThat(error.getLine()).isEqualTo(3);
					assertThat(error.getMessage()).contains("colums");
				});
			});
	}

	/** A generated-client configuration for this server; {@code auth} sets the Authorization header. */
	private ApiClient client(Consumer<HttpRequest.Builder> auth) {
		ApiClient client = new ApiClient();
		client.updateBaseUri("http://localhost:" + port);
		client.setRequestInterceptor(auth);
		return client;
	}

	/**
	 * A copy of {@code base} whose requests carry {@code document} as an {@code application/yaml} body (see the class
	 * comment: the generated {@code putContract} can only send the {@code Contract} model as JSON).
	 */
	private ApiClient yaml(ApiClient base, String document) {
		return client(base.getRequestInterceptor().andThen(b -> b.setHeader("Content-Type", "application/yaml")
			.setHeader("Accept", "application/json")
			.method("PUT", HttpRequest.BodyPublishers.ofString(document, StandardCharsets.UTF_8))));
	}

	private static Consumer<HttpRequest.Builder> basic(String user) {
		return b -> b.setHeader("Authorization", basicHeader(user, PASSWORD));
	}

	/** The problem body of a refused call, read into the generated {@code Problem} model with the client's mapper. */
	private static Problem problem(ApiException e) {
		return ApiClient.createDefaultObjectMapper().readValue(e.getResponseBody(), Problem.class);
	}

	private static String resource(String path) throws Exception {
		try (var in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
