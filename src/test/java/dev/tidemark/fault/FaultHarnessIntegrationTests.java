package dev.tidemark.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault suite's own tools do what they claim: a target that crashes and comes back, a JVM that dies at once. */
@Tag("fault")
class FaultHarnessIntegrationTests {

	@Test
	void theTargetClusterStopsImmediatelyAndComesBackOnItsPortWithItsCommittedData() throws Exception {
		try (TargetCluster cluster = new TargetCluster()) {
			cluster.start();
			int port = cluster.port();
			cluster.createDatabase("harness", null);
			try (Connection c = cluster.connect("harness"); Statement st = c.createStatement()) {
				st.execute("CREATE TABLE t (id int PRIMARY KEY)");
				st.execute("INSERT INTO t SELECT generate_series(1, 1000)");
			}
			Connection open = cluster.connect("harness");
			cluster.stopImmediately();
			assertThat(cluster.running()).isFalse();
			assertThatThrownBy(() -> open.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> cluster.connect("harness")).isInstanceOf(SQLException.class);

			cluster.start();
			assertThat(cluster.port()).isEqualTo(port);
			try (Connection c = cluster.connect("harness")) {
				assertThat(BigTable.count(c, "SELECT count(*) FROM t")).as("committed rows survive the crash")
					.isEqualTo(1000);
			}
		}
	}

	@Test
	void aChildTidemarkAnswersAndDiesAtOnceOnKill() throws Exception {
		TestPostgres.Database store = TestPostgres.newDatabase("fault_harness_store");
		TidemarkProcess child = TidemarkProcess.start("harness", store, Map.of(), Duration.ofMinutes(2));
		try {
			TidemarkApi api = new TidemarkApi(child);
			assertThat(api.get("viewer", "/api/v1/targets").status()).isEqualTo(200);
			assertThat(api.get("viewer", "/api/v1/targets").status()).isEqualTo(200);
			child.kill();
			assertThat(child.isAlive()).isFalse();
			assertThat(ProcessHandle.of(child.pid())).isEmpty();
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(child.baseUrl() + "/actuator/health"))
				.build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
			assertThat(child.tail(400)).as("its log was captured").contains("Started TidemarkApplication");
		}
		finally {
			child.stop();
		}
	}
}
