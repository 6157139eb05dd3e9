package dev.tidemark.web;

import java.net.URL;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code TIDEMARK_LOG_FORMAT} (application.yaml's {@code logging.structured.format.console}) switches the console to
 * one JSON object per line; without it lines are plain text. Both carry the request id from the MDC. Starts only
 * Spring Boot's logging with Tidemark's application.yaml, not the service, and hides the tests' quiet
 * logback-test.xml so that Boot configures Logback as it does in production.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests {

	@AfterEach
	void forgetTheFormat() {
		// Boot hands the format to Logback as a system property; the next test starts without it.
		System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
	}

	@Test
	void withTidemarkLogFormatEcsALogLineIsJson(CapturedOutput output) {
		String line = logWith("TIDEMARK_LOG_FORMAT=ecs", output, "structured hello");
		Map<?, ?> json = JsonMapper.builder().build().readValue(line, Map.class);
		assertThat(json.get("message")).isEqualTo("structured hello");
		assertThat(json.get("requestId")).isEqualTo("req-structured-1");
		assertThat(json.get("@timestamp")).isNotNull();
	}

	@Test
	void byDefaultALogLineIsPlainTextWithTheRequestId(CapturedOutput output) {
		String line = logWith("TIDEMARK_LOG_FORMAT=", output, "plain hello");
		assertThat(line).doesNotStartWith("{").contains("[req-structured-1] ").endsWith("plain hello");
	}

	private static String logWith(String format, CapturedOutput output, String message) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoBeans.class)
			.resourceLoader(new DefaultResourceLoader(new WithoutTestLogbackConfig()))
			.web(WebApplicationType.NONE)
			.properties(format, "tidemark.embedded.enabled=false", "spring.main.banner-mode=off")
			.run()) {
			MDC.put("requestId", "req-structured-1");
			try {
				LoggerFactory.getLogger(StructuredLoggingTests.class).info(message);
			}
			finally {
				MDC.remove("requestId");
			}
		}
		return output.getOut().lines().filter(l -> l.contains(message)).reduce((a, b) -> b).orElseThrow().strip();
	}

	@Configuration(proxyBeanMethods = false)
	static class NoBeans {
	}

	/** The test class loader without src/test/resources/logback-test.xml. */
	private static final class WithoutTestLogbackConfig extends ClassLoader {

		WithoutTestLogbackConfig() {
			super(StructuredLoggingTests.class.getClassLoader());
		}

		@Override
		public @Nullable URL getResource(String name) {
			return name.equals("logback-test.xml") ? null : super.getResource(name);
		}
	}
}
