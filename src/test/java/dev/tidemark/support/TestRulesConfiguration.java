package dev.tidemark.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Test-only rules, added to the real ones in every API test context. */
@TestConfiguration(proxyBeanMethods = false)
public class TestRulesConfiguration {

	@Bean
	ProbeRule probeRule() {
		return new ProbeRule();
	}
}
