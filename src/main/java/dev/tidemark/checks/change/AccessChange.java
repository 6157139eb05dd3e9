package dev.tidemark.checks.change;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/** Changes to row-level security policies, privileges and default privileges. */
@JsonSubTypes({ @JsonSubTypes.Type(AccessChange.Placeholder.class) })
public sealed interface AccessChange extends SchemaChange {

	/** Stands in until the family's first real change exists. */
	record Placeholder(String kind, String object) implements AccessChange {

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
