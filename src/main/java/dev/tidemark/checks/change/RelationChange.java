package dev.tidemark.checks.change;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/** Changes to tables, partitions, columns, constraints and indexes. */
@JsonSubTypes({ @JsonSubTypes.Type(RelationChange.Placeholder.class) })
public sealed interface RelationChange extends SchemaChange {

	/** Stands in until the family's first real change exists. */
	record Placeholder(String kind, String object) implements RelationChange {

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
