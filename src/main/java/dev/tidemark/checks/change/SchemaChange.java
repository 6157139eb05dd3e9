package dev.tidemark.checks.change;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One change to a schema object, one family per kind of object. Serialized into a finding's evidence with its
 * record name as {@code "change"}, and read back from there when a remediation is planned.
 * <p>
 * Order: a plan runs changes by {@link #phase()}, then within a phase those a change {@link #requires()} first,
 * then by {@link #order()}, then by object. Requirements name other changes' {@link #identity()}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "change")
@JsonSubTypes({ @JsonSubTypes.Type(RelationChange.class), @JsonSubTypes.Type(NamespaceChange.class),
		@JsonSubTypes.Type(RoutineChange.class), @JsonSubTypes.Type(AccessChange.class),
		@JsonSubTypes.Type(TimescaleChange.class), @JsonSubTypes.Type(MigrationChange.class) })
public sealed interface SchemaChange
		permits RelationChange, NamespaceChange, RoutineChange, AccessChange, TimescaleChange, MigrationChange {

	/** The object's kind as findings name it: {@code table}, {@code column}, {@code view}, ... */
	String kind();

	/** The object as findings name it: {@code public.orders}, {@code public.orders.email}, ... */
	String object();

	@JsonIgnore
	Phase phase();

	/** Drops or rewrites something a target holds: planned only when the proposal allows destructive changes. */
	@JsonIgnore
	default boolean destructive() {
		return false;
	}

	/** What a person reads in the plan and in the finding's repair summary. */
	@JsonIgnore
	String summary();

	/** Identities of changes in the same phase that must run before this one (a partition's parent, a view's). */
	@JsonIgnore
	default Set<String> requires() {
		return Set.of();
	}

	/**
	 * Objects (as identities, {@code column:public.orders.email}) that must exist when this change runs: in the
	 * target already, or made by a change of the same plan ({@link #provides()}); a plan refuses the change's
	 * finding otherwise, instead of failing on the missing object.
	 */
	@JsonIgnore
	default Set<String> prerequisites() {
		return Set.of();
	}

	/** Objects (as identities) this change makes that other changes may {@link #prerequisites() need}. */
	@JsonIgnore
	default Set<String> provides() {
		return Set.of();
	}

	/** Tie-break within a phase where requirements say nothing (primary keys before foreign keys). */
	@JsonIgnore
	default int order() {
		return 0;
	}

	/**
	 * The objects whose catalog state the plan records and checks for drift before it runs: the object, and for
	 * some changes the table it is on or the partitions it builds on.
	 */
	@JsonIgnore
	default List<String> touches() {
		return List.of(object());
	}

	@JsonIgnore
	default String identity() {
		return kind() + ":" + object();
	}

	/**
	 * When changes run, so that each finds what it needs: everything that depends on an object goes before the
	 * object is altered or dropped, and is created again after.
	 */
	enum Phase {
		/** Revokes, drops of policies, triggers, views, constraints and indexes (foreign keys first). */
		DROP_DEPENDENTS,
		/** Schemas, extensions, collations, types, enum values, sequences. */
		CREATE_NAMESPACES,
		/** Functions and procedures (bodies not checked at creation, as pg_dump does). */
		CREATE_ROUTINES,
		/** Tables, partitions, columns and table properties. */
		ALTER_RELATIONS,
		/** Primary keys, unique, check and exclusion constraints, then foreign keys. */
		ADD_CONSTRAINTS,
		CREATE_INDEXES,
		/** Views and materialized views, each after what it reads. */
		CREATE_VIEWS,
		/** Triggers, policies, grants, default privileges, comments, sequence ownership. */
		ATTACH_BEHAVIOUR,
		/** Columns, tables and sequences. */
		DROP_RELATIONS,
		/** Functions, types and collations. */
		DROP_ROUTINES_AND_TYPES,
		/** Extensions and schemas, last. */
		DROP_NAMESPACES
	}
}
