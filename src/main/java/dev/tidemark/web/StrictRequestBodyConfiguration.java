package dev.tidemark.web;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * JSON request bodies refuse properties their type does not have, empty strings for ids and times, and a number or
 * boolean written as anything else (a fraction for an integer, a string for either): a misspelt {@code kind} for
 * {@code objectKind} would otherwise be dropped and, say, an ignore rule stored broader than meant, and a
 * {@code scanIntervalMinutes} of 0.9 read as 0 would turn scheduled scans off. Only the HTTP converter's copy of
 * the application's JsonMapper is strict; the stores read their own older rows with the lenient original. Runs after
 * Spring Boot's MVC configuration (which has order 0), so this JSON converter is the one that stays.
 */
@Configuration(proxyBeanMethods = false)
class StrictRequestBodyConfiguration implements WebMvcConfigurer {

	private final JsonMapper json;

	StrictRequestBodyConfiguration(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		// an empty or blank string is no id and no time: read as null it would widen a webhook to every target, or
		// make an ignore rule never expire
		builder.withJsonConverter(new JacksonJsonHttpMessageConverter(json.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.withCoercionConfig(LogicalType.OtherScalar,
					c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.DateTime,
					c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			// the contract says integer, number or boolean: only that JSON type is one
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
			.build()));
	}
}
