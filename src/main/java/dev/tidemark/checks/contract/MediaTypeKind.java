package dev.tidemark.checks.contract;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** The two spellings of a contract document. */
public enum MediaTypeKind {

	YAML("application/yaml"), JSON("application/json");

	private final String mediaType;

	MediaTypeKind(String mediaType) {
		this.mediaType = mediaType;
	}

	public String mediaType() {
		return mediaType;
	}

	/**
	 * The kind a {@code Content-Type} or {@code Accept} value names: {@code application/json} and any
	 * {@code +json} type are JSON; {@code application/yaml}, {@code application/x-yaml}, {@code text/yaml} and
	 * {@code +yaml} types are YAML. Parameters such as {@code charset} are ignored.
	 */
	public static Optional<MediaTypeKind> of(@Nullable String mediaType) {
		if (mediaType == null) {
			return Optional.empty();
		}
		String type = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
		if (type.equals("application/json") || type.endsWith("+json")) {
			return Optional.of(JSON);
		}
		if (type.equals("application/yaml") || type.equals("application/x-yaml") || type.equals("text/yaml")
				|| type.equals("text/x-yaml") || type.endsWith("+yaml")) {
			return Optional.of(YAML);
		}
		return Optional.empty();
	}
}
