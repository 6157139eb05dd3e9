package dev.tidemark.targets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.ConcurrentWriters;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

class TargetsApiIntegrationTests extends ApiIntegrationTest {

	private static final TestPostgres.Database TARGET_DB = TestPostgres.newDatabase("targets_api");

	@Autowired
	JdbcClient store;

	@Autowired
	DataSource dataSource;

	@Test
	void registersReadsListsReplacesAndRemovesATarget() {
		Map<String, Object> body = targetJson(TARGET_DB, "crud");
		as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body)
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().valueMatches("Location", "/api/v1/targets/[0-9a-f-]{36}")
			.expectBody()
			.jsonPath("$.name").isEqualTo(body.get("name"))
			.jsonPath("$.passwordSet").isEqualTo(true)
			.jsonPath("$.options.poolSize").isEqualTo(2);
		String id = idOf(body.get("name").toString());

		as("viewer").get().uri("/api/v1/targets/{id}", id).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.labels.env").isEqualTo("test");
		as("viewer").get().uri("/api/v1/targets?label=env:test&size=500").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.items[?(@.id == '" + id + "')]").exists();
		as("viewer").get().uri("/api/v1/targets?label=env:nowhere").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.totalItems").isEqualTo(0);

		Map<String, Object> replaced = new HashMap<>(body);
		replaced.remove("password");
		replaced.put("labels", Map.of("env", "staging"));
		as("operator").put().uri("/api/v1/targets/{id}", id).contentType(MediaType.APPLICATION_JSON).body(replaced)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.labels.env").isEqualTo("staging")
			.jsonPath("$.passwordSet").isEqualTo(true)
			.jsonPath("$.version").isEqualTo(1);

		as("operator").delete().uri("/api/v1/targets/{id}", id).exchange().expectStatus().isNoContent();
		as("viewer").get().uri("/api/v1/targets/{id}", id).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/target-not-found");
	}

	@Test
	void passwordIsEncryptedAtRestAndNeverReturned() {
		Map<String, Object> body = new HashMap<>(targetJson(TARGET_DB, "secret"));
		body.put("password", "s3cret-Value-42");
		body.put("remediationUsername", "ddl_user");
		body.put("remediationPassword", "ddl-S3cret-43");
		String created = as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(created).doesNotContain("s3cret-Value-42").doesNotContain("ddl-S3cret-43");
		String id = idOf(body.get("name").toString());

		String listed = as("admin").get().uri("/api/v1/targets?size=500").exchange()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(listed).doesNotContain("s3cret-Value-42").doesNotContain("ddl-S3cret-43");

		Map<String, Object> row = store.sql("SELECT password_secret, remediation_password_secret, row_to_json(target)::text AS all_columns FROM target WHERE id = ?::uuid")
			.param(id).query().singleRow();
		assertThat((String) row.get("password_secret")).startsWith("v1:");
		assertThat((String) row.get("remediation_password_secret")).startsWith("v1:");
		assertThat((String) row.get("all_columns")).doesNotContain("s3cret-Value-42").doesNotContain("ddl-S3cret-43");
	}

	@ParameterizedTest
	@ValueSource(strings = { "socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext",
			"socketFactoryArg=http://evil/x.xml", "sslfactory=x.Y", "sslhostnameverifier=x.Y",
			"sslpasswordcallback=x.Y", "authenticationPluginClassName=x.Y", "loggerFile=/tmp/pwn.jsp",
			"loggerLevel=DEBUG", "user=postgres", "options=-c%20default_transaction_read_only=off",
			"socket%46actory=x.Y" })
	void refusesUrlParametersOutsideTheAllowListAndStoresNothing(String parameter) {
		long before = targetCount();
		Map<String, Object> body = new HashMap<>(targetJson(TARGET_DB, "evil"));
		body.put("jdbcUrl", TARGET_DB.jdbcUrl() + (TARGET_DB.jdbcUrl().contains("?") ? "&" : "?") + parameter);
		as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/validation-error")
			.jsonPath("$.errors[0].field").isEqualTo("jdbcUrl")
			.jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("is not allowed"));
		assertThat(targetCount()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ApplicationName", "connectTimeout", "loginTimeout", "readOnly" })
	void refusesUrlParametersThatWouldOverrideTidemarksSessionSettingsNamingThem(String parameter) {
		long before = targetCount();
		Map<String, Object> body = new HashMap<>(targetJson(TARGET_DB, "override"));
		body.put("jdbcUrl", TARGET_DB.jdbcUrl() + (TARGET_DB.jdbcUrl().contains("?") ? "&" : "?") + parameter
				+ "=not-tidemark");
		as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/validation-error")
			.jsonPath("$.errors[0].field").isEqualTo("jdbcUrl")
			.jsonPath("$.errors[0].message").value(m -> assertThat((String) m)
				.contains("parameter '" + parameter + "'").contains("Tidemark makes on its own sessions"));
		assertThat(targetCount()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:mysql://localhost/x", "postgresql://localhost/x", "jdbc:postgresql:x",
			"jdbc:postgresql://localhost/", "jdbc:postgresql://host name/x" })
	void refusesUrlsThatAreNotPostgresJdbcUrls(String url) {
		Map<String, Object> body = new HashMap<>(targetJson(TARGET_DB, "notpg"));
		body.put("jdbcUrl", url);
		as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("jdbcUrl");
	}

	@Test
	void unreachableTargetIsAClearProblemAndNothingIsStored() {
		long before = targetCount();
		Map<String, Object> body = new HashMap<>(targetJson(TARGET_DB, "unreachable"));
		body.put("jdbcUrl", "jdbc:postgresql://127.0.0.1:1/nowhere");
		body.put("password", "p4ss-never-echoed");
		String problem = as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(problem).contains("https://tidemark.dev/problems/target-unreachable")
			.doesNotContain("p4ss-never-echoed");
		assertThat(targetCount()).isEqualTo(before);
	}

	@Test
	void rejectedCredentialsAreAClearProblemThatEchoesNoSecret() {
		Map<String, Object> body = new HashMap<>(targetJson(TARGET_DB, "badcreds"));
		body.put("username", "no_such_role");
		body.put("password", "p4ss-never-echoed");
		String problem = as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(problem).contains("https://tidemark.dev/problems/target-authentication-failed")
			.doesNotContain("p4ss-never-echoed");
	}

	@Test
	void duplicateNameIsAConflict() {
		Map<String, Object> body = targetJson(TARGET_DB, "dup");
		as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated();
		as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isEqualTo(HttpStatus.CONFLICT)
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/target-name-taken");
	}

	@Test
	void invalidOptionsNameTheField() {
		Map<String, Object> body = new HashMap<>(targetJson(TARGET_DB, "opts"));
		body.put("options", Map.of("includeSchemas", List.of(), "excludeSchemas", List.of(), "poolSize", 0,
				"statementTimeoutMs", 1000, "lockTimeoutMs", 100, "connectTimeoutMs", 1000));
		as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("options.poolSize");
	}

	@Test
	void connectionTestOpensAReadOnlySession() {
		Map<String, Object> body = targetJson(TARGET_DB, "conn");
		as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated();
		as("operator").post().uri("/api/v1/targets/{id}/connection-test", idOf(body.get("name").toString()))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.reachable").isEqualTo(true)
			.jsonPath("$.readOnlySession").isEqualTo(true)
			.jsonPath("$.database").isEqualTo(TARGET_DB.name());
	}

	@Test
	void ofTwoConcurrentReplacesTheFirstWinsAndTheSecondIsAConflict() throws Exception {
		Map<String, Object> body = targetJson(TARGET_DB, "race");
		as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated();
		String id = idOf(body.get("name").toString());

		List<EntityExchangeResult<String>> results = ConcurrentWriters.race(dataSource,
				"SELECT 1 FROM target WHERE id = '" + id + "' FOR UPDATE",
				List.of(() -> replaceLabels(id, body, "first"), () -> replaceLabels(id, body, "second")));

		assertThat(results.get(0).getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(results.get(1).getStatus()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(results.get(1).getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(results.get(1).getResponseBody()).contains("https://tidemark.dev/problems/conflict");
		as("viewer").get().uri("/api/v1/targets/{id}", id).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.labels.env").isEqualTo("first")
			.jsonPath("$.version").isEqualTo(1);
	}

	private EntityExchangeResult<String> replaceLabels(String id, Map<String, Object> body, String env) {
		Map<String, Object> replaced = new HashMap<>(body);
		replaced.put("labels", Map.of("env", env));
		return as("operator").put().uri("/api/v1/targets/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.body(replaced).exchange().expectBody(String.class).returnResult();
	}

	private long targetCount() {
		return store.sql("SELECT count(*) FROM target").query(Long.class).single();
	}

	private String idOf(String name) {
		return store.sql("SELECT id::text FROM target WHERE name = ?").param(name).query(String.class).single();
	}
}
