package dev.tidemark.common;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * A JSON or YAML string PostgreSQL cannot hold (see {@link StorableText}). A Jackson exception, so Jackson adds the
 * path of the offending value and the HTTP layer can name it.
 */
public class UnstorableTextException extends InvalidFormatException {

	private final String reason;

	public UnstorableTextException(JsonParser parser, String reason, String value) {
		super(parser, reason, value, String.class);
		this.reason = reason;
	}

	/** Why, without Jackson's location suffix. */
	public String reason() {
		return reason;
	}
}
