package dev.tidemark.common;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/** Parses {@code label=key:value} query parameters into a label selector. */
public final class Labels {

	private Labels() {
	}

	public static @Nullable Map<String, String> selector(@Nullable List<String> parameters) {
		if (parameters == null || parameters.isEmpty()) {
			return null;
		}
		Map<String, String> selector = new TreeMap<>();
		for (String parameter : parameters) {
			int colon = parameter.indexOf(':');
			if (colon <= 0) {
				throw new InvalidRequestException("label", "must be key:value, got '" + parameter + "'");
			}
			selector.put(parameter.substring(0, colon), parameter.substring(colon + 1));
		}
		return selector;
	}
}
