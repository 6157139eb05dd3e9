package dev.tidemark.web.internal;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdFilterTests {

	@Test
	void theRequestIdIsInTheMdcWhileTheRequestIsHandledOnly() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/targets");
		request.addHeader("X-Request-Id", "abc-123");
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<String> seen = new AtomicReference<>();

		new RequestIdFilter().doFilter(request, response, (req, res) -> seen.set(MDC.get("requestId")));

		assertThat(seen.get()).isEqualTo("abc-123");
		assertThat(MDC.get("requestId")).isNull();
		assertThat(response.getHeader("X-Request-Id")).isEqualTo("abc-123");
	}

	@Test
	void traceparentsAreValidatedAsW3cTraceContextSays() {
		assertThat(RequestIdFilter.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
			.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		// a later version may append fields
		assertThat(RequestIdFilter.traceId("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later"))
			.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(RequestIdFilter.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")).isNull();
		assertThat(RequestIdFilter.traceId("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
		assertThat(RequestIdFilter.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
		assertThat(RequestIdFilter.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isNull();
		assertThat(RequestIdFilter.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
		assertThat(RequestIdFilter.traceId("garbage")).isNull();
		assertThat(RequestIdFilter.traceId(null)).isNull();
	}
}
