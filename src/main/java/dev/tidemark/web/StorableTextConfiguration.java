package dev.tidemark.web;

import java.util.Collections;
import java.util.Map;

import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.common.StorableText;
import dev.tidemark.common.StorableTextModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JacksonModule;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Input PostgreSQL cannot hold (U+0000, unpaired surrogates) is a 400 naming where it was, never a 500 from the
 * store: JSON bodies through the application's JsonMapper, query parameters, path variables and headers here.
 * Contract documents have their own parser, which does the same.
 */
@Configuration(proxyBeanMethods = false)
class StorableTextConfiguration implements WebMvcConfigurer {

	/** Picked up by Spring Boot's JsonMapper, which reads request bodies. */
	@Bean
	JacksonModule storableTextModule() {
		return new StorableTextModule();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new StorableTextInterceptor());
	}

	/** Runs after the handler is chosen (path variables are known) and before any argument is converted. */
	static final class StorableTextInterceptor implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
				check(parameter.getKey(), parameter.getKey(), "parameter name");
				for (String value : parameter.getValue()) {
					check(parameter.getKey(), value, null);
				}
			}
			if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
				for (Map.Entry<?, ?> variable : variables.entrySet()) {
					check(String.valueOf(variable.getKey()), String.valueOf(variable.getValue()), null);
				}
			}
			for (String name : Collections.list(request.getHeaderNames())) {
				for (String value : Collections.list(request.getHeaders(name))) {
					check(name, value, null);
				}
			}
			return true;
		}

		private static void check(String field, String value, @Nullable String what) {
			String problem = StorableText.problem(value);
			if (problem != null) {
				throw new InvalidRequestException(StorableText.sanitized(field),
						what == null ? problem : "the " + what + " " + problem);
			}
		}
	}
}
