package dev.tidemark.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ETag, If-None-Match (304) and If-Match (412) on targets, contracts, references and baselines, and that two
 * writers holding the same ETag cannot both win.
 */
class ConditionalRequestsIntegrationTests extends ApiIntegrationTest {

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	private static final String PRECONDITION_FAILED = "https://tidemark.dev/problems/precondition-failed";

	private static final String CONTRACT = """
			tables:
			  - name: public.orders
			    columns: [{name: id, type: int8}]
			""";

	private static final String OTHER_CONTRACT = """
			tables:
			  - name: public.invoices
			""";

	@Test
	void aContractHasAnETagThatGetsA304AndAStaleIfMatchIsA412() {
		String targetId = register();
		String contract = "/api/v1/targets/" + targetId + "/contract";
		// If-Match on a contract that does not exist: nothing matches, not even *
		for (String ifMatch : List.of("*", "\"abc\"")) {
			expect412(putContract(contract, CONTRACT, h -> h.set(HttpHeaders.IF_MATCH, ifMatch)));
		}
		expect412(as("operator").delete().uri(contract).header(HttpHeaders.IF_MATCH, "*").exchange());

		String first = eTagOf(putContract(contract, CONTRACT, h -> h.set(HttpHeaders.IF_NONE_MATCH, "*"))
			.expectStatus().isOk());
		assertThat(first).startsWith("\"").endsWith("\"");
		// If-None-Match: * is "create only": it exists now
		expect412(putContract(contract, OTHER_CONTRACT, h -> h.set(HttpHeaders.IF_NONE_MATCH, "*")));

		assertThat(eTagOf(getContract(contract, h -> { }).expectStatus().isOk())).isEqualTo(first);
		getContract(contract, h -> h.set(HttpHeaders.IF_NONE_MATCH, first)).expectStatus().isNotModified()
			.expectHeader().valueEquals(HttpHeaders.ETAG, first)
			.expectBody().isEmpty();
		getContract(contract, h -> h.set(HttpHeaders.IF_NONE_MATCH, "\"other\", W/" + first))
			.expectStatus().isNotModified();
		getContract(contract, h -> h.set(HttpHeaders.IF_NONE_MATCH, "\"other\"")).expectStatus().isOk();
		// the JSON representation is other bytes, so another strong ETag
		String json = as("viewer").get().uri(contract).accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isOk().returnResult(String.class).getResponseHeaders().getETag();
		assertThat(json).isNotEqualTo(first);

		// a weak tag never matches If-Match
		expect412(putContract(contract, OTHER_CONTRACT, h -> h.set(HttpHeaders.IF_MATCH, "W/" + first)));
		String second = eTagOf(putContract(contract, OTHER_CONTRACT, h -> h.set(HttpHeaders.IF_MATCH, first))
			.expectStatus().isOk());
		assertThat(second).isNotEqualTo(first);
		expect412(putContract(contract, CONTRACT, h -> h.set(HttpHeaders.IF_MATCH, first)));
		assertThat(getContract(contract, h -> { }).expectStatus().isOk().returnResult(String.class).getResponseBody())
			.as("the stale write changed nothing").contains("public.invoices");
		// an ETag of the JSON representation names the same version
		String jsonNow = as("viewer").get().uri(contract).accept(MediaType.APPLICATION_JSON).exchange()
			.returnResult(String.class).getResponseHeaders().getETag();
		String third = eTagOf(putContract(contract, CONTRACT, h -> h.set(HttpHeaders.IF_MATCH, jsonNow))
			.expectStatus().isOk());
		// no If-Match: the header is optional, the write goes through
		String fourth = eTagOf(putContract(contract, OTHER_CONTRACT, h -> { }).expectStatus().isOk());
		expect412(putContract(contract, CONTRACT, h -> h.set(HttpHeaders.IF_MATCH, third)));
		eTagOf(putContract(contract, CONTRACT, h -> h.set(HttpHeaders.IF_MATCH, "*")).expectStatus().isOk());

		expect412(as("operator").delete().uri(contract).header(HttpHeaders.IF_MATCH, fourth).exchange());
		String current = eTagOf(getContract(contract, h -> { }));
		as("operator").delete().uri(contract).header(HttpHeaders.IF_MATCH, current).exchange()
			.expectStatus().isNoContent();

		// deleted and written again: the old ETag does not come back
		String recreated = eTagOf(putContract(contract, CONTRACT, h -> { }).expectStatus().isOk());
		assertThat(recreated).isNotIn(first, second, third, fourth, current);
	}

	@Test
	void ofTwoWritersHoldingTheSameETagOneWinsAndOneGets412() throws Exception {
		String targetId = register();
		String contract = "/api/v1/targets/" + targetId + "/contract";
		String target = "/api/v1/targets/" + targetId;
		for (int round = 0; round < 5; round++) {
			String eTag = eTagOf(putContract(contract, CONTRACT + "# round " + round + "\n", h -> { }).expectStatus().isOk());
			List<Integer> statuses = race(i -> putContract(contract, i == 0 ? CONTRACT : OTHER_CONTRACT,
					h -> h.set(HttpHeaders.IF_MATCH, eTag)));
			assertThat(statuses).as("contract, round %d", round).containsExactly(200, 412);

			Map<?, ?> current = as("viewer").get().uri(target).exchange().expectBody(Map.class).returnResult()
				.getResponseBody();
			String targetETag = eTagOf(as("viewer").get().uri(target).exchange());
			statuses = race(i -> as("operator").put().uri(target + "?verifyConnection=false")
				.contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.IF_MATCH, targetETag)
				.body(definition(current, Map.of("env", "race-" + i)))
				.exchange());
			assertThat(statuses).as("target, round %d", round).containsExactly(200, 412);
		}
	}

	@Test
	void aTargetHasAnETagThatGetsA304AndAStaleIfMatchIsA412() {
		String targetId = register();
		String target = "/api/v1/targets/" + targetId;
		Map<?, ?> body = as("viewer").get().uri(target).exchange().expectBody(Map.class).returnResult().getResponseBody();
		String first = eTagOf(as("viewer").get().uri(target).exchange().expectStatus().isOk());
		as("viewer").get().uri(target).header(HttpHeaders.IF_NONE_MATCH, first).exchange()
			.expectStatus().isNotModified()
			.expectHeader().valueEquals(HttpHeaders.ETAG, first);

		String second = eTagOf(as("operator").put().uri(target + "?verifyConnection=false")
			.contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.IF_MATCH, first)
			.body(definition(body, Map.of("env", "staging"))).exchange()
			.expectStatus().isOk());
		assertThat(second).isNotEqualTo(first);
		expect412(as("operator").put().uri(target + "?verifyConnection=false").contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, first).body(definition(body, Map.of("env", "lost"))).exchange());
		as("viewer").get().uri(target).exchange().expectBody().jsonPath("$.labels.env").isEqualTo("staging");
		as("viewer").get().uri(target).header(HttpHeaders.IF_NONE_MATCH, first).exchange().expectStatus().isOk();
		// without If-Match a write still goes through
		as("operator").put().uri(target + "?verifyConnection=false").contentType(MediaType.APPLICATION_JSON)
			.body(definition(body, Map.of("env", "test"))).exchange()
			.expectStatus().isOk();
		String current = eTagOf(as("viewer").get().uri(target).exchange());

		expect412(as("operator").delete().uri(target).header(HttpHeaders.IF_MATCH, second).exchange());
		as("viewer").get().uri(target).exchange().expectStatus().isOk();
		as("operator").delete().uri(target).header(HttpHeaders.IF_MATCH, current).exchange()
			.expectStatus().isNoContent();
		// gone: If-Match matches nothing
		expect412(as("operator").put().uri(target + "?verifyConnection=false").contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, "*").body(definition(body, Map.of())).exchange());
		as("operator").put().uri(target + "?verifyConnection=false").contentType(MediaType.APPLICATION_JSON)
			.body(definition(body, Map.of())).exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void aReferenceAndABaselineHaveETagsToo() {
		String targetId = register();
		String other = register();
		String reference = "/api/v1/targets/" + targetId + "/reference";
		expect412(as("operator").put().uri(reference).contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, "*").body(Map.of("targetId", other)).exchange());
		String first = eTagOf(as("operator").put().uri(reference).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("targetId", other)).exchange().expectStatus().isOk());
		assertThat(eTagOf(as("viewer").get().uri(reference).exchange().expectStatus().isOk())).isEqualTo(first);
		as("viewer").get().uri(reference).header(HttpHeaders.IF_NONE_MATCH, first).exchange()
			.expectStatus().isNotModified();
		String second = eTagOf(as("operator").put().uri(reference).contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, first).body(Map.of("targetId", other)).exchange().expectStatus().isOk());
		assertThat(second).isNotEqualTo(first);
		expect412(as("operator").put().uri(reference).contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, first).body(Map.of("targetId", other)).exchange());
		expect412(as("operator").delete().uri(reference).header(HttpHeaders.IF_MATCH, first).exchange());
		as("operator").delete().uri(reference).header(HttpHeaders.IF_MATCH, second).exchange()
			.expectStatus().isNoContent();

		as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange().expectStatus().isCreated();
		String baseline = "/api/v1/targets/" + targetId + "/baseline";
		String accepted = eTagOf(as("operator").put().uri(baseline).contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_NONE_MATCH, "*").body(Map.of()).exchange().expectStatus().isOk());
		assertThat(eTagOf(as("viewer").get().uri(baseline).exchange().expectStatus().isOk())).isEqualTo(accepted);
		as("viewer").get().uri(baseline).header(HttpHeaders.IF_NONE_MATCH, accepted).exchange()
			.expectStatus().isNotModified();
		String again = eTagOf(as("operator").put().uri(baseline).contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, accepted).body(Map.of()).exchange().expectStatus().isOk());
		expect412(as("operator").put().uri(baseline).contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, accepted).body(Map.of()).exchange());
		expect412(as("operator").delete().uri(baseline).header(HttpHeaders.IF_MATCH, accepted).exchange());
		as("operator").delete().uri(baseline).header(HttpHeaders.IF_MATCH, again).exchange()
			.expectStatus().isNoContent();
	}

	/** Sends two requests at once; their statuses, sorted. */
	private static List<Integer> race(Function<Integer, RestTestClient.ResponseSpec> request) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			int which = i;
			calls.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return request.apply(which).returnResult(String.class).getStatus().value();
			}));
		}
		start.countDown();
		List<Integer> statuses = new ArrayList<>();
		for (CompletableFuture<Integer> call : calls) {
			statuses.add(call.get());
		}
		return statuses.stream().sorted().toList();
	}

	private RestTestClient.ResponseSpec putContract(String uri, String document,
			java.util.function.Consumer<HttpHeaders> headers) {
		return as("operator").put().uri(uri).contentType(YAML).accept(YAML).headers(headers).body(document).exchange();
	}

	private RestTestClient.ResponseSpec getContract(String uri, java.util.function.Consumer<HttpHeaders> headers) {
		return as("viewer").get().uri(uri).accept(YAML).headers(headers).exchange();
	}

	private static void expect412(RestTestClient.ResponseSpec response) {
		response.expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo(PRECONDITION_FAILED);
	}

	private static String eTagOf(RestTestClient.ResponseSpec response) {
		String eTag = response.returnResult(String.class).getResponseHeaders().getETag();
		assertThat(eTag).as("ETag header").isNotNull();
		return eTag;
	}

	private static Map<String, Object> definition(Map<?, ?> target, Map<String, String> labels) {
		Map<String, Object> definition = new HashMap<>();
		definition.put("name", target.get("name"));
		definition.put("jdbcUrl", target.get("jdbcUrl"));
		definition.put("username", target.get("username"));
		definition.put("labels", labels);
		return definition;
	}

	private String register() {
		TestPostgres.Database db = TestPostgres.newDatabase("conditional");
		return (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(targetJson(db, "cond")).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}
}
