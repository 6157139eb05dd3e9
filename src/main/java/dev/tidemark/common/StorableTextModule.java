package dev.tidemark.common;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses, with {@link UnstorableTextException}, every string value and map key PostgreSQL cannot hold, while the
 * document is read: nothing that carries one reaches a service, let alone the store or a target.
 */
public class StorableTextModule extends SimpleModule {

	public StorableTextModule() {
		super("tidemark-storable-text");
		addDeserializer(String.class, new StorableStringDeserializer());
		addKeyDeserializer(String.class, new StorableKeyDeserializer());
	}

	private static final class StorableStringDeserializer extends StringDeserializer {

		@Override
		public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
			return checked(super.deserialize(p, ctxt), p, "");
		}
	}

	private static final class StorableKeyDeserializer extends KeyDeserializer {

		@Override
		public Object deserializeKey(String key, DeserializationContext ctxt) throws JacksonException {
			return checked(key, ctxt.getParser(), "a key ");
		}
	}

	private static String checked(String value, JsonParser parser, String what) {
		String problem = value == null ? null : StorableText.problem(value);
		if (problem != null) {
			throw new UnstorableTextException(parser, what + problem, value);
		}
		return value;
	}
}
