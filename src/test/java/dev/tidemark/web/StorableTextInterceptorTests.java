package dev.tidemark.web;

import java.util.Map;

import dev.tidemark.common.InvalidRequestException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Headers and path variables cannot carry NUL through a real HTTP client, so they are checked here. */
class StorableTextInterceptorTests {

	private final StorableTextConfiguration.StorableTextInterceptor interceptor = new StorableTextConfiguration.StorableTextInterceptor();

	@Test
	void anIdempotencyKeyWithNulIsRefusedNamingTheHeader() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/remediations");
		request.addHeader("Idempotency-Key", "run-\u0000-1");
		assertThatThrownBy(() -> interceptor.preHandle(request, new MockHttpServletResponse(), new Object()))
			.isInstanceOf(InvalidRequestException.class)
			.hasMessageContaining("U+0000")
			.extracting("parameter").isEqualTo("Idempotency-Key");
	}

	@Test
	void aPathVariableWithAnUnpairedSurrogateIsRefusedNamingIt() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/targets/x");
		request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("targetId", "a\uD800"));
		assertThatThrownBy(() -> interceptor.preHandle(request, new MockHttpServletResponse(), new Object()))
			.isInstanceOf(InvalidRequestException.class)
			.hasMessageContaining("unpaired surrogate")
			.extracting("parameter").isEqualTo("targetId");
	}

	@Test
	void ordinaryTextIncludingEmojiPasses() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/findings");
		request.addParameter("object", "post_reactions 🔁");
		request.addHeader("Idempotency-Key", "run-1");
		assertThatCode(() -> interceptor.preHandle(request, new MockHttpServletResponse(), new Object()))
			.doesNotThrowAnyException();
	}
}
