package dev.tidemark.checks.change;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/** Changes to schemas, extensions, collations, types and sequences. */
@JsonSubTypes({ @JsonSubTypes.Type(NamespaceChange.Placeholder.class) })
public sealed interface NamespaceChange extends SchemaChange {

	/** Stands in until the family's first real change exists. */
	record Placeholder(String kind, String object) implements NamespaceChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public String summary() {
			return "nothing";
		}
	}
}
