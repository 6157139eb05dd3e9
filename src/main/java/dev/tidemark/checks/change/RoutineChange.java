package dev.tidemark.checks.change;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/** Changes to views, materialized views, functions, procedures and triggers. */
@JsonSubTypes({ @JsonSubTypes.Type(RoutineChange.Placeholder.class) })
public sealed interface RoutineChange extends SchemaChange {

	/** Stands in until the family's first real change exists. */
	record Placeholder(String kind, String object) implements RoutineChange {

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
