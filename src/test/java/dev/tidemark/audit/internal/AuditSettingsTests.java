package dev.tidemark.audit.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** How tidemark.audit.* binds, and that a retention of 0 or empty keeps the trail forever. */
class AuditSettingsTests {

	@Test
	void zeroOrEmptyRetentionKeepsEverything() {
		// The 365-day default is application.yaml's (AuditRetentionIntegrationTests runs with it).
		assertThat(bind(Map.of("tidemark.audit.retention", "30d")).retention()).isEqualTo(Duration.ofDays(30));
		for (String forever : new String[] { "0", "0s", "" }) {
			AuditSettings settings = bind(Map.of("tidemark.audit.retention", forever));
			assertThat(settings.retention() == null || settings.retention().isZero()).as("'%s'", forever).isTrue();
			// The pruner returns before touching the store.
			assertThat(new AuditPruner(null, null, Clock.systemUTC(), settings).prune()).isZero();
		}
		AuditSettings defaults = bind(Map.of());
		assertThat(defaults.loginFailures().window()).isEqualTo(Duration.ofMinutes(5));
		assertThat(defaults.loginFailures().maxPending()).isEqualTo(10_000);
		assertThat(defaults.pruneBatchSize()).isEqualTo(1000);
	}

	private static AuditSettings bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("tidemark.audit",
				AuditSettings.class);
	}
}
