package dev.tidemark.checks.change;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;

import dev.tidemark.inspection.model.TypeInfo;
import org.jspecify.annotations.Nullable;

/**
 * Changes to schemas, extensions, collations, types and sequences.
 * <p>
 * Within {@link Phase#CREATE_NAMESPACES} the {@link #order()} puts schemas first, then extensions (a type may
 * use one), collations, types (enums and ranges before domains, domains before composites; {@code after} names
 * the types a new type is built on), then changes to existing types, then sequences. Drops run in the reverse
 * order in their phases.
 */
@JsonSubTypes({ @JsonSubTypes.Type(NamespaceChange.CreateSchema.class),
		@JsonSubTypes.Type(NamespaceChange.DropSchema.class), @JsonSubTypes.Type(NamespaceChange.CreateExtension.class),
		@JsonSubTypes.Type(NamespaceChange.DropExtension.class),
		@JsonSubTypes.Type(NamespaceChange.UpdateExtension.class),
		@JsonSubTypes.Type(NamespaceChange.SetExtensionSchema.class),
		@JsonSubTypes.Type(NamespaceChange.CreateCollation.class),
		@JsonSubTypes.Type(NamespaceChange.DropCollation.class), @JsonSubTypes.Type(NamespaceChange.CreateEnum.class),
		@JsonSubTypes.Type(NamespaceChange.AddEnumValue.class), @JsonSubTypes.Type(NamespaceChange.CreateDomain.class),
		@JsonSubTypes.Type(NamespaceChange.SetDomainDefault.class),
		@JsonSubTypes.Type(NamespaceChange.SetDomainNotNull.class),
		@JsonSubTypes.Type(NamespaceChange.AddDomainConstraint.class),
		@JsonSubTypes.Type(NamespaceChange.DropDomainConstraint.class),
		@JsonSubTypes.Type(NamespaceChange.CreateCompositeType.class),
		@JsonSubTypes.Type(NamespaceChange.AddAttribute.class), @JsonSubTypes.Type(NamespaceChange.DropAttribute.class),
		@JsonSubTypes.Type(NamespaceChange.AlterAttributeType.class),
		@JsonSubTypes.Type(NamespaceChange.CreateRangeType.class), @JsonSubTypes.Type(NamespaceChange.DropType.class),
		@JsonSubTypes.Type(NamespaceChange.CreateSequence.class),
		@JsonSubTypes.Type(NamespaceChange.AlterSequence.class),
		@JsonSubTypes.Type(NamespaceChange.SetSequenceOwner.class),
		@JsonSubTypes.Type(NamespaceChange.DropSequence.class),
		@JsonSubTypes.Type(NamespaceChange.WidenSequence.class) })
public sealed interface NamespaceChange extends SchemaChange {

	/** A change to an extension (its name: extensions are database-wide). */
	sealed interface ExtensionChange extends NamespaceChange {

		String name();

		@Override
		default String kind() {
			return "extension";
		}

		@Override
		default String object() {
			return name();
		}
	}

	/** A change to a collation ({@code schema.name}). */
	sealed interface CollationChange extends NamespaceChange {

		String schema();

		String name();

		@Override
		default String kind() {
			return "collation";
		}

		@Override
		default String object() {
			return schema() + "." + name();
		}
	}

	// ------------------------------------------------------------------ schemas

	record CreateSchema(String name) implements NamespaceChange {

		@Override
		public String kind() {
			return "schema";
		}

		@Override
		public String object() {
			return name;
		}

		@Override
		public Phase phase() {
			return Phase.CREATE_NAMESPACES;
		}

		@Override
		public int order() {
			return 10;
		}

		@Override
		public String summary() {
			return "Create schema " + name;
		}
	}

	/** No CASCADE: what the schema holds is dropped by its own changes first (they fold into this one's). */
	record DropSchema(String name) implements NamespaceChange {

		@Override
		public String kind() {
			return "schema";
		}

		@Override
		public String object() {
			return name;
		}

		@Override
		public Phase phase() {
			return Phase.DROP_NAMESPACES;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public int order() {
			return 20;
		}

		@Override
		public String summary() {
			return "Drop schema " + name;
		}
	}

	// ------------------------------------------------------------------ extensions

	/**
	 * {@code schema} null: the extension's own choice (its control file's schema, else the session's first schema),
	 * as a contract that names no schema leaves it; {@code version} null: the server's default version.
	 */
	record CreateExtension(String name, @Nullable String schema, @Nullable String version) implements ExtensionChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_NAMESPACES;
		}

		@Override
		public int order() {
			return 20;
		}

		@Override
		public String summary() {
			return "Install extension " + name + (version == null ? "" : " version " + version)
					+ (schema == null ? "" : " in schema " + schema);
		}
	}

	/** {@code schema} and {@code version} are the target's, so the drop can be undone. */
	record DropExtension(String name, String schema, @Nullable String version) implements ExtensionChange {

		@Override
		public Phase phase() {
			return Phase.DROP_NAMESPACES;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public int order() {
			return 10;
		}

		@Override
		public String summary() {
			return "Drop extension " + name;
		}
	}

	record UpdateExtension(String name, String fromVersion, String toVersion) implements ExtensionChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_NAMESPACES;
		}

		@Override
		public int order() {
			return 25;
		}

		@Override
		public String summary() {
			return "Update extension " + name + " from " + fromVersion + " to " + toVersion;
		}
	}

	record SetExtensionSchema(String name, String fromSchema, String toSchema) implements ExtensionChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_NAMESPACES;
		}

		@Override
		public int order() {
			return 26;
		}

		@Override
		public String summary() {
			return "Move extension " + name + " from schema " + fromSchema + " to " + toSchema;
		}
	}

	// ------------------------------------------------------------------ collations

	/** {@code provider} icu ({@code locale}, {@code deterministic}) or libc ({@code lcCollate}, {@code lcCtype}). */
	record CreateCollation(String schema, String name, String provider, @Nullable String locale,
			@Nullable String lcCollate, @Nullable String lcCtype, boolean deterministic) implements CollationChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_NAMESPACES;
		}

		@Override
		public int order() {
			return 30;
		}

		@Override
		public String summary() {
			return "Create collation " + object() + " (" + provider + ")";
		}
	}

	/** {@code definition}: the target's collation, which the rollback creates again. */
	record DropCollation(String schema, String name, CreateCollation definition) implements CollationChange {

		@Override
		public Phase phase() {
			return Phase.DROP_ROUTINES_AND_TYPES;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public int order() {
			return 20;
		}

		@Override
		public String summary() {
			return "Drop collation " + object();
		}
	}

	// ------------------------------------------------------------------ types

	/** A type's change: kind {@code type}, object {@code schema.name}. */
	sealed interface TypeChange extends NamespaceChange {

		String schema();

		String name();

		@Override
		default String kind() {
			return "type";
		}

		@Override
		default String object() {
			return schema() + "." + name();
		}

		@Override
		default Phase phase() {
			return Phase.CREATE_NAMESPACES;
		}
	}

	record CreateEnum(String schema, String name, List<String> values) implements TypeChange {

		public CreateEnum {
			values = List.copyOf(values);
		}

		@Override
		public int order() {
			return 40;
		}

		@Override
		public String summary() {
			return "Create enum type " + object() + " " + values;
		}
	}

	/**
	 * One enum value, placed {@code before} or after {@code neighbour} (appended when null). When the neighbour is
	 * itself added by this plan ({@code neighbourAdded}), that add runs first: each add has its own identity.
	 */
	record AddEnumValue(String schema, String name, String value, @Nullable String neighbour, boolean before,
			boolean neighbourAdded) implements TypeChange {

		@Override
		public int order() {
			return 50;
		}

		@Override
		public String identity() {
			return identityOf(schema, name, value);
		}

		@Override
		public Set<String> requires() {
			return neighbourAdded && neighbour != null ? Set.of(identityOf(schema, name, neighbour)) : Set.of();
		}

		static String identityOf(String schema, String name, String value) {
			return "type:" + schema + "." + name + " value " + value;
		}

		@Override
		public String summary() {
			return "Add value '" + value + "' to enum " + object()
					+ (neighbour == null ? "" : (before ? " before '" : " after '") + neighbour + "'");
		}
	}

	/** A domain's named CHECK constraint: {@code definition} as pg_get_constraintdef gives it, without NOT VALID. */
	record DomainConstraint(String name, String definition) {
	}

	record CreateDomain(String schema, String name, String baseType, @Nullable String collation,
			@Nullable String defaultExpression, boolean notNull, List<DomainConstraint> constraints, List<String> after)
			implements TypeChange {

		public CreateDomain {
			constraints = List.copyOf(constraints);
			after = List.copyOf(after);
		}

		@Override
		public int order() {
			return 42;
		}

		@Override
		public Set<String> requires() {
			return Set.copyOf(after);
		}

		@Override
		public String summary() {
			return "Create domain " + object() + " over " + baseType;
		}
	}

	/** {@code defaultExpression} null: drop the default; {@code previous}: the target's, for the rollback. */
	record SetDomainDefault(String schema, String name, @Nullable String defaultExpression,
			@Nullable String previous) implements TypeChange {

		@Override
		public int order() {
			return 51;
		}

		@Override
		public String summary() {
			return (defaultExpression == null ? "Drop the default of domain " + object()
					: "Set the default of domain " + object() + " to " + defaultExpression);
		}
	}

	record SetDomainNotNull(String schema, String name, boolean notNull) implements TypeChange {

		@Override
		public int order() {
			return 51;
		}

		@Override
		public String summary() {
			return (notNull ? "Set NOT NULL on domain " : "Drop NOT NULL on domain ") + object();
		}
	}

	/** Added NOT VALID, then validated: two steps. */
	record AddDomainConstraint(String schema, String name, DomainConstraint constraint) implements TypeChange {

		@Override
		public int order() {
			return 52;
		}

		@Override
		public String summary() {
			return "Add constraint " + constraint.name() + " " + constraint.definition() + " to domain " + object();
		}
	}

	record DropDomainConstraint(String schema, String name, DomainConstraint constraint) implements TypeChange {

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public int order() {
			return 50;
		}

		@Override
		public String summary() {
			return "Drop constraint " + constraint.name() + " of domain " + object();
		}
	}

	record CreateCompositeType(String schema, String name, List<TypeInfo.Attribute> attributes, List<String> after)
			implements TypeChange {

		public CreateCompositeType {
			attributes = List.copyOf(attributes);
			after = List.copyOf(after);
		}

		@Override
		public int order() {
			return 43;
		}

		@Override
		public Set<String> requires() {
			return Set.copyOf(after);
		}

		@Override
		public String summary() {
			return "Create composite type " + object();
		}
	}

	record AddAttribute(String schema, String name, TypeInfo.Attribute attribute) implements TypeChange {

		@Override
		public int order() {
			return 51;
		}

		@Override
		public String summary() {
			return "Add attribute " + attribute.name() + " " + attribute.type() + " to type " + object();
		}
	}

	record DropAttribute(String schema, String name, TypeInfo.Attribute attribute) implements TypeChange {

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public int order() {
			return 50;
		}

		@Override
		public String summary() {
			return "Drop attribute " + attribute.name() + " of type " + object();
		}
	}

	/** {@code attribute}: the reference's; {@code previous}: the target's, for the rollback. */
	record AlterAttributeType(String schema, String name, TypeInfo.Attribute attribute, TypeInfo.Attribute previous)
			implements TypeChange {

		@Override
		public int order() {
			return 51;
		}

		@Override
		public String summary() {
			return "Change attribute " + attribute.name() + " of type " + object() + " from " + previous.type()
					+ " to " + attribute.type();
		}
	}

	record CreateRangeType(String schema, String name, String subtype, @Nullable String collation, List<String> after,
			@Nullable String subtypeDiff) implements TypeChange {

		public CreateRangeType {
			after = List.copyOf(after);
		}

		public CreateRangeType(String schema, String name, String subtype, @Nullable String collation,
				List<String> after) {
			this(schema, name, subtype, collation, after, null);
		}

		@Override
		public int order() {
			return 41;
		}

		@Override
		public Set<String> requires() {
			return Set.copyOf(after);
		}

		@Override
		public String summary() {
			return "Create range type " + object() + " over " + subtype;
		}
	}

	/** {@code definition}: the target's type as a creation, which the rollback runs (empty: no values kept). */
	record DropType(String schema, String name, TypeInfo.Kind typeKind, @Nullable NamespaceChange definition)
			implements TypeChange {

		@Override
		public Phase phase() {
			return Phase.DROP_ROUTINES_AND_TYPES;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public int order() {
			return switch (typeKind) {
				case COMPOSITE -> 10;
				case DOMAIN -> 11;
				case RANGE -> 12;
				case ENUM -> 13;
			};
		}

		@Override
		public String summary() {
			return "Drop " + typeKind.name().toLowerCase(java.util.Locale.ROOT) + " type " + object();
		}
	}

	// ------------------------------------------------------------------ sequences

	/** A sequence change: kind {@code sequence}, object {@code schema.name}. */
	sealed interface SequenceChange extends NamespaceChange {

		String schema();

		String name();

		@Override
		default String kind() {
			return "sequence";
		}

		@Override
		default String object() {
			return schema() + "." + name();
		}
	}

	/** {@code startValue} and {@code cache} null: the server's defaults. */
	record CreateSequence(String schema, String name, String dataType, long increment, long minValue, long maxValue,
			@Nullable Long startValue, @Nullable Long cache, boolean cycle) implements SequenceChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_NAMESPACES;
		}

		@Override
		public int order() {
			return 60;
		}

		@Override
		public String summary() {
			return "Create sequence " + object() + " as " + dataType;
		}
	}

	/** Sequence options, each null where it is not changed. */
	record SequenceOptions(@Nullable String dataType, @Nullable Long increment, @Nullable Long minValue,
			@Nullable Long maxValue, @Nullable Long startValue, @Nullable Long cache, @Nullable Boolean cycle) {

		@JsonIgnore
		public boolean isEmpty() {
			return dataType == null && increment == null && minValue == null && maxValue == null && startValue == null
					&& cache == null && cycle == null;
		}

		/** The options as ALTER SEQUENCE clauses, each after a space: {@code " INCREMENT BY 5 CYCLE"}. */
		@JsonIgnore
		public String clauses() {
			StringBuilder sql = new StringBuilder();
			if (dataType != null) {
				sql.append(" AS ").append(dataType);
			}
			if (increment != null) {
				sql.append(" INCREMENT BY ").append(increment);
			}
			if (minValue != null) {
				sql.append(" MINVALUE ").append(minValue);
			}
			if (maxValue != null) {
				sql.append(" MAXVALUE ").append(maxValue);
			}
			if (startValue != null) {
				sql.append(" START WITH ").append(startValue);
			}
			if (cache != null) {
				sql.append(" CACHE ").append(cache);
			}
			if (cycle != null) {
				sql.append(cycle ? " CYCLE" : " NO CYCLE");
			}
			return sql.toString();
		}
	}

	/**
	 * Where a sequence restarts when its current value is outside a bound the alter moves past it (PostgreSQL
	 * refuses the alter then): an {@code ascending} sequence below its new MINVALUE restarts at it, a descending one
	 * above its new MAXVALUE at that. Every value it handed out lies on the other side, so none comes again.
	 */
	record SequenceRestart(long value, boolean ascending) {
	}

	/**
	 * {@code options}: the reference's values of the options that differ; {@code previous}: the target's;
	 * {@code restart}: where it restarts if its current value is then outside the new bounds (null: never).
	 */
	record AlterSequence(String schema, String name, SequenceOptions options, SequenceOptions previous,
			@Nullable SequenceRestart restart) implements SequenceChange {

		public AlterSequence(String schema, String name, SequenceOptions options, SequenceOptions previous) {
			this(schema, name, options, previous, null);
		}

		@Override
		public Phase phase() {
			return Phase.CREATE_NAMESPACES;
		}

		@Override
		public int order() {
			return 61;
		}

		@Override
		public String summary() {
			return "Alter sequence " + object() + options.clauses()
					+ (restart == null ? "" : " (restarting at " + restart.value() + " if its current value is "
							+ (restart.ascending() ? "below" : "above") + " it)");
		}
	}

	/** The column a sequence belongs to. */
	record SequenceOwner(String schema, String table, String column) {

		@Override
		public String toString() {
			return schema + "." + table + "." + column;
		}
	}

	/** {@code owner} null: OWNED BY NONE; {@code previous}: the target's owner, for the rollback. */
	record SetSequenceOwner(String schema, String name, @Nullable SequenceOwner owner,
			@Nullable SequenceOwner previous) implements SequenceChange {

		@Override
		public Phase phase() {
			return Phase.ATTACH_BEHAVIOUR;
		}

		@Override
		public String summary() {
			return "Set sequence " + object() + " OWNED BY " + (owner == null ? "NONE" : owner.toString());
		}
	}

	/** {@code definition}: the target's sequence, which the rollback creates again (from its start). */
	record DropSequence(String schema, String name, CreateSequence definition) implements SequenceChange {

		@Override
		public Phase phase() {
			return Phase.DROP_RELATIONS;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		/** After the relation family's drops of tables and columns, whose defaults may use it. */
		@Override
		public int order() {
			return 100;
		}

		@Override
		public String summary() {
			return "Drop sequence " + object();
		}
	}

	/**
	 * A smallint or integer sequence about to run out, widened AS bigint with the bigint limit in its direction
	 * (catalog-only). Only planned when the column it feeds ({@code column}, of {@code columnType}) holds every
	 * bigint and the limit reached is the type's own; guarded by, and undone to, the type and bounds of the scan.
	 * {@code table}: the owning table, whose state the plan records too.
	 */
	record WidenSequence(String schema, String name, String dataType, long minValue, long maxValue, boolean ascending,
			String column, String columnType, String table) implements SequenceChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_NAMESPACES;
		}

		@Override
		public int order() {
			return 62;
		}

		@Override
		public List<String> touches() {
			return List.of(object(), table);
		}

		@Override
		public String summary() {
			return "widen sequence " + object() + " from " + dataType + " to bigint";
		}
	}
}
