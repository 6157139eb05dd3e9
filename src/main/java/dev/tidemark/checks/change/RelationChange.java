package dev.tidemark.checks.change;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import org.jspecify.annotations.Nullable;

/**
 * Changes to tables, partitions, columns, constraints and indexes. Every SQL fragment a record carries (a type, a
 * default, a constraint or index definition, a partition bound) is catalog output of the reference
 * ({@code format_type}, {@code pg_get_expr}, {@code pg_get_constraintdef}, {@code pg_get_indexdef}), checked by
 * the comparer to hold no statement separator or comment; every name is raw and quoted when rendered.
 */
@JsonSubTypes({ @JsonSubTypes.Type(RelationChange.CreateTable.class), @JsonSubTypes.Type(RelationChange.DropTable.class),
		@JsonSubTypes.Type(RelationChange.SetPersistence.class),
		@JsonSubTypes.Type(RelationChange.SetRowSecurity.class),
		@JsonSubTypes.Type(RelationChange.SetStorageOptions.class),
		@JsonSubTypes.Type(RelationChange.SetInheritance.class),
		@JsonSubTypes.Type(RelationChange.CommentOnTable.class),
		@JsonSubTypes.Type(RelationChange.AttachPartition.class),
		@JsonSubTypes.Type(RelationChange.DetachPartition.class), @JsonSubTypes.Type(RelationChange.AddColumn.class),
		@JsonSubTypes.Type(RelationChange.DropColumn.class), @JsonSubTypes.Type(RelationChange.AlterColumnType.class),
		@JsonSubTypes.Type(RelationChange.SetColumnCollation.class),
		@JsonSubTypes.Type(RelationChange.SetColumnDefault.class), @JsonSubTypes.Type(RelationChange.SetNotNull.class),
		@JsonSubTypes.Type(RelationChange.DropColumnDefault.class),
		@JsonSubTypes.Type(RelationChange.DropConstraintForRoutine.class),
		@JsonSubTypes.Type(RelationChange.SetColumnDefaultForRoutine.class),
		@JsonSubTypes.Type(RelationChange.AddConstraintForRoutine.class),
		@JsonSubTypes.Type(RelationChange.DropNotNull.class),
		@JsonSubTypes.Type(RelationChange.DropColumnExpression.class),
		@JsonSubTypes.Type(RelationChange.SetColumnExpression.class),
		@JsonSubTypes.Type(RelationChange.SetColumnIdentity.class),
		@JsonSubTypes.Type(RelationChange.CommentOnColumn.class),
		@JsonSubTypes.Type(RelationChange.SetColumnStatistics.class),
		@JsonSubTypes.Type(RelationChange.SetColumnStorage.class),
		@JsonSubTypes.Type(RelationChange.AddConstraint.class),
		@JsonSubTypes.Type(RelationChange.DropConstraint.class),
		@JsonSubTypes.Type(RelationChange.ReplaceConstraint.class),
		@JsonSubTypes.Type(RelationChange.ValidateConstraint.class),
		@JsonSubTypes.Type(RelationChange.CreateIndex.class), @JsonSubTypes.Type(RelationChange.CreateViewIndex.class),
		@JsonSubTypes.Type(RelationChange.DropIndex.class),
		@JsonSubTypes.Type(RelationChange.ReplaceIndex.class), @JsonSubTypes.Type(RelationChange.BuildIndex.class),
		@JsonSubTypes.Type(RelationChange.BuildPartitionedIndex.class),
		@JsonSubTypes.Type(RelationChange.RebuildInvalidIndex.class),
		@JsonSubTypes.Type(RelationChange.AddKeyUsingIndex.class),
		@JsonSubTypes.Type(RelationChange.CreatePartition.class) })
public sealed interface RelationChange extends SchemaChange {

	/** A change to a table as a whole ({@code schema.name}). */
	sealed interface TableChange extends RelationChange {

		String schema();

		String name();

		@Override
		default String kind() {
			return "table";
		}

		@Override
		default String object() {
			return schema() + "." + name();
		}
	}

	/** A change to one column ({@code schema.table.column}). */
	sealed interface ColumnChange extends RelationChange {

		String schema();

		String table();

		String column();

		@Override
		default String kind() {
			return "column";
		}

		@Override
		default String object() {
			return schema() + "." + table() + "." + column();
		}
	}

	/** A change to one constraint ({@code schema.table.name}). */
	sealed interface ConstraintChange extends RelationChange {

		String schema();

		String table();

		String name();

		@Override
		default String kind() {
			return "constraint";
		}

		@Override
		default String object() {
			return schema() + "." + table() + "." + name();
		}
	}

	/** A change to one index that backs no constraint ({@code schema.name}). */
	sealed interface IndexChange extends RelationChange {

		String schema();

		String name();

		@Override
		default String kind() {
			return "index";
		}

		@Override
		default String object() {
			return schema() + "." + name();
		}
	}

	/** {@code about 1,234 rows}, or {@code row count unknown}: a planner estimate as people read it. */
	static String rowsAbout(@Nullable Long estimatedRows) {
		return estimatedRows == null ? "row count unknown"
				: "about " + String.format(Locale.ROOT, "%,d", estimatedRows) + (estimatedRows == 1 ? " row" : " rows");
	}

	/** {@code column:schema.table.c} of each column. */
	private static Set<String> columnIdentities(String schema, String table, List<String> columns) {
		Set<String> ids = new LinkedHashSet<>();
		columns.forEach(c -> ids.add("column:" + schema + "." + table + "." + c));
		return ids;
	}

	/** A schema-qualified relation name, raw (unquoted). */
	record Name(String schema, String name) {

		@Override
		public String toString() {
			return schema + "." + name;
		}
	}

	/**
	 * A column as CREATE TABLE / ADD COLUMN writes it. {@code collation} is catalog text (already quoted, as
	 * {@code columns.sql} prints it), null for the type's default; {@code identity} {@code ALWAYS},
	 * {@code BY DEFAULT} or null; {@code generatedExpression} for GENERATED ALWAYS AS (...) STORED.
	 */
	record ColumnDef(String name, String type, @Nullable String collation, @Nullable String defaultExpression,
			boolean notNull, @Nullable String identity, @Nullable String generatedExpression) {
	}

	// ------------------------------------------------------------------------------------------------ tables

	/**
	 * A table with its columns inline. A partition ({@code partitionOf} set) has no columns of its own: it is
	 * {@code PARTITION OF} its parent with {@code partitionBound}; a partitioned table has {@code partitionKey}
	 * ({@code pg_get_partkeydef}, e.g. {@code RANGE (created_at)}).
	 */
	record CreateTable(String schema, String name, List<ColumnDef> columns, boolean unlogged,
			@Nullable String partitionKey, @Nullable Name partitionOf, @Nullable String partitionBound,
			List<Name> inherits, List<String> options, boolean rowSecurity, boolean forceRowSecurity,
			@Nullable String comment) implements TableChange {

		public CreateTable {
			columns = List.copyOf(columns);
			inherits = List.copyOf(inherits);
			options = List.copyOf(options);
		}

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public Set<String> requires() {
			Set<String> r = new LinkedHashSet<>();
			if (partitionOf != null) {
				r.add("table:" + partitionOf);
			}
			inherits.forEach(p -> r.add("table:" + p));
			return r;
		}

		@Override
		public Set<String> provides() {
			Set<String> made = new LinkedHashSet<>(List.of(identity()));
			columns.forEach(c -> made.add("column:" + object() + "." + c.name()));
			return made;
		}

		@Override
		public String summary() {
			return "create " + (partitionOf != null ? "partition " + object() + " of " + partitionOf
					: (partitionKey != null ? "partitioned " : "") + "table " + object());
		}
	}

	/**
	 * Drops a table (a partition with it rows; a partitioned table with every partition). {@code estimatedRows}: the
	 * planner's estimate of the rows that go ({@code pg_class.reltuples}; for a partitioned table, its partitions'
	 * sum), null when unknown (never analyzed). Told, not checked: it does not guard the step. {@code after}: the
	 * tables whose foreign keys reference this one ({@code table:s.t}), dropped first when the plan drops them too.
	 */
	record DropTable(String schema, String name, boolean partitioned, @Nullable Long estimatedRows,
			List<String> after) implements TableChange {

		public DropTable {
			after = after == null ? List.of() : List.copyOf(after);
		}

		public DropTable(String schema, String name, boolean partitioned) {
			this(schema, name, partitioned, null);
		}

		public DropTable(String schema, String name, boolean partitioned, @Nullable Long estimatedRows) {
			this(schema, name, partitioned, estimatedRows, List.of());
		}

		@Override
		public Set<String> requires() {
			return new LinkedHashSet<>(after);
		}

		@Override
		public Phase phase() {
			return Phase.DROP_RELATIONS;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public String summary() {
			return "drop table " + object() + (partitioned ? " with its partitions" : "") + " and its rows ("
					+ rowsAbout(estimatedRows) + ")";
		}
	}

	/** SET LOGGED / SET UNLOGGED: both rewrite the table under ACCESS EXCLUSIVE, so destructive. */
	record SetPersistence(String schema, String name, boolean unlogged) implements TableChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public String summary() {
			return "set table " + object() + (unlogged ? " UNLOGGED" : " LOGGED") + " (rewrites the table)";
		}
	}

	/** Row-level security enabled/forced as the reference has it; {@code from...} is the target's state. */
	record SetRowSecurity(String schema, String name, boolean enabled, boolean forced, boolean fromEnabled,
			boolean fromForced) implements TableChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public String summary() {
			return (enabled ? "enable" : "disable") + (forced ? " and force" : "") + " row level security on "
					+ object();
		}
	}

	/** Storage parameters: {@code set} as {@code name=value}, {@code reset} by name; {@code previous} for undo. */
	record SetStorageOptions(String schema, String name, List<String> set, List<String> reset, List<String> previous)
			implements TableChange {

		public SetStorageOptions {
			set = List.copyOf(set);
			reset = List.copyOf(reset);
			previous = List.copyOf(previous);
		}

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public String summary() {
			return "storage parameters of " + object() + (set.isEmpty() ? "" : ": set " + String.join(", ", set))
					+ (reset.isEmpty() ? "" : ": reset " + String.join(", ", reset));
		}
	}

	/** Traditional inheritance: INHERIT the parents in {@code add}, NO INHERIT those in {@code remove}. */
	record SetInheritance(String schema, String name, List<Name> add, List<Name> remove) implements TableChange {

		public SetInheritance {
			add = List.copyOf(add);
			remove = List.copyOf(remove);
		}

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public Set<String> requires() {
			Set<String> r = new LinkedHashSet<>();
			add.forEach(p -> r.add("table:" + p));
			return r;
		}

		@Override
		public String summary() {
			return "inheritance of " + object() + (add.isEmpty() ? "" : ": inherit " + add)
					+ (remove.isEmpty() ? "" : ": no longer inherit " + remove);
		}
	}

	record CommentOnTable(String schema, String name, @Nullable String comment, @Nullable String previous)
			implements TableChange {

		@Override
		public Phase phase() {
			return Phase.ATTACH_BEHAVIOUR;
		}

		@Override
		public String summary() {
			return comment == null ? "remove the comment on table " + object() : "comment on table " + object();
		}
	}

	/** ATTACH PARTITION with the reference's bound (scans the table to check the bound). After a detach: order 1. */
	record AttachPartition(String schema, String name, Name parent, String bound) implements TableChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public Set<String> requires() {
			return Set.of("table:" + parent);
		}

		@Override
		public int order() {
			return 1;
		}

		@Override
		public String summary() {
			return "attach " + object() + " to " + parent + " " + bound;
		}
	}

	/** DETACH PARTITION: the table and its rows stay, as a standalone table. {@code bound} is kept for undo. */
	record DetachPartition(String schema, String name, Name parent, String bound) implements TableChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public String summary() {
			return "detach " + object() + " from " + parent;
		}
	}

	// ------------------------------------------------------------------------------------------------ columns

	/**
	 * ADD COLUMN. {@code rewrite}: the add fills every existing row (identity, generated STORED, volatile
	 * default), so it rewrites the table under ACCESS EXCLUSIVE: HIGH and destructive.
	 */
	record AddColumn(String schema, String table, ColumnDef column, boolean rewrite) implements RelationChange {

		@Override
		@JsonIgnore
		public String kind() {
			return "column";
		}

		@Override
		@JsonIgnore
		public String object() {
			return schema + "." + table + "." + column.name();
		}

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public boolean destructive() {
			return rewrite;
		}

		@Override
		public Set<String> provides() {
			return Set.of("column:" + object());
		}

		@Override
		public String summary() {
			return "add column " + object() + " " + column.type() + (rewrite ? " (rewrites the table)" : "");
		}
	}

	/** {@code estimatedRows}: the planner's estimate of the table's rows, whose values go; null when unknown. */
	record DropColumn(String schema, String table, String column, @Nullable Long estimatedRows)
			implements ColumnChange {

		public DropColumn(String schema, String table, String column) {
			this(schema, table, column, null);
		}

		@Override
		public Phase phase() {
			return Phase.DROP_RELATIONS;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public String summary() {
			return "drop column " + object() + " and its values ("
					+ (estimatedRows == null ? "row count unknown" : "the table holds " + rowsAbout(estimatedRows)) + ")";
		}
	}

	/**
	 * ALTER COLUMN ... TYPE. {@code rewrite} false: catalog-only (varchar widened, numeric precision widened);
	 * true: the table and its indexes are rewritten, destructive. {@code using}: add {@code USING column::toType}
	 * (no assignment cast exists, e.g. from text). {@code collation}: the reference's (catalog text), null for the
	 * type's default. {@code dropDefault}: the target's default goes first, in the same transaction (with a USING
	 * cast it may not convert to the new type); the reference's default is set after, by its own change. Runs
	 * before the column's other changes (order -1).
	 */
	record AlterColumnType(String schema, String table, String column, String fromType, String toType,
			@Nullable String collation, boolean using, boolean rewrite, boolean dropDefault) implements ColumnChange {

		@Override
		public int order() {
			return -1;
		}

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public boolean destructive() {
			return rewrite;
		}

		@Override
		public String summary() {
			return "change the type of " + object() + " from " + fromType + " to " + toType
					+ (rewrite ? " (rewrites the table)" : " (catalog-only)");
		}
	}

	/** A change to how a generated column is generated: before the column's other changes (order -2). */
	sealed interface GenerationChange extends ColumnChange {

		@Override
		default int order() {
			return -2;
		}

		@Override
		default Phase phase() {
			return Phase.ALTER_RELATIONS;
		}
	}

	/**
	 * ALTER COLUMN ... DROP EXPRESSION (PostgreSQL 13+): a stored generated column becomes a plain one and keeps its
	 * values; catalog-only. {@code expression} is the target's, for the summary. Before the column's other changes
	 * (a default cannot be set on a generated column).
	 */
	record DropColumnExpression(String schema, String table, String column, String expression)
			implements GenerationChange {

		@Override
		public String summary() {
			return "make " + object() + " a plain column, keeping its values (it is generated from " + expression
					+ ")";
		}
	}

	/**
	 * ALTER COLUMN ... SET EXPRESSION AS (PostgreSQL 17+): a stored generated column computed from another
	 * expression. Every row is computed again: the table is rewritten, destructive. {@code from} is the target's.
	 */
	record SetColumnExpression(String schema, String table, String column, String from, String to)
			implements GenerationChange {

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public String summary() {
			return "generate " + object() + " from " + to + " instead of " + from + " (rewrites the table)";
		}
	}

	/** The collation alone: the column's indexes are rebuilt, the table is not rewritten. */
	record SetColumnCollation(String schema, String table, String column, String type, @Nullable String collation,
			@Nullable String fromCollation) implements ColumnChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public String summary() {
			return "set the collation of " + object() + " to " + (collation == null ? "the type's default" : collation);
		}
	}

	/** SET DEFAULT / DROP DEFAULT ({@code expression} null); {@code previous} guards and undoes. Before identity. */
	record SetColumnDefault(String schema, String table, String column, @Nullable String expression,
			@Nullable String previous) implements ColumnChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public String summary() {
			return expression == null ? "drop the default of " + object()
					: "set the default of " + object() + " to " + expression;
		}
	}

	/**
	 * DROP DEFAULT before a function the default calls is dropped and created again (PostgreSQL refuses the drop
	 * while a default calls it), right before the function's drop; a {@link SetColumnDefaultForRoutine} puts the
	 * reference's back right after the function's creation. {@code previous}: the target's default, for the
	 * rollback.
	 */
	record DropColumnDefault(String schema, String table, String column, String previous) implements ColumnChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_ROUTINES;
		}

		@Override
		public int order() {
			return -3; // right before the function's drop
		}

		@Override
		public String summary() {
			return "drop the default of " + object() + " while the function it calls is replaced";
		}
	}

	/**
	 * The reference's default set again right after the creation of the function it calls ({@code function}, its
	 * identity), which a {@link DropColumnDefault} dropped it for: the column goes without a default only between
	 * the function's drop and creation.
	 */
	record SetColumnDefaultForRoutine(String schema, String table, String column, String expression, String function)
			implements ColumnChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_ROUTINES;
		}

		@Override
		public int order() {
			return 1; // after the routines are created, before any CHECK's validation scan
		}

		@Override
		public Set<String> requires() {
			return Set.of(function);
		}

		@Override
		public String summary() {
			return "set the default of " + object() + " to " + expression + " again once the function it calls is "
					+ "created";
		}
	}

	/** SET NOT NULL through a validated CHECK, so no long ACCESS EXCLUSIVE scan. Before identity. */
	record SetNotNull(String schema, String table, String column) implements ColumnChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public String summary() {
			return "set NOT NULL on " + object();
		}
	}

	/** DROP NOT NULL; after an identity is dropped (an identity column cannot drop NOT NULL). */
	record DropNotNull(String schema, String table, String column) implements ColumnChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public int order() {
			return 2;
		}

		@Override
		public String summary() {
			return "drop NOT NULL on " + object();
		}
	}

	/**
	 * Identity as the reference has it: {@code generation} {@code ALWAYS}, {@code BY DEFAULT}, or null to drop it
	 * (not called {@code identity}: that accessor is {@link SchemaChange#identity()}); {@code previous} the target's.
	 * Dropping the identity drops its sequence: destructive. Runs after default and NOT NULL.
	 */
	record SetColumnIdentity(String schema, String table, String column, @Nullable String generation,
			@Nullable String previous) implements ColumnChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public int order() {
			return 1;
		}

		@Override
		public boolean destructive() {
			return generation == null;
		}

		@Override
		public String summary() {
			return generation == null ? "drop the identity of " + object() + " and its sequence"
					: previous == null ? "make " + object() + " GENERATED " + generation + " AS IDENTITY"
							: "set " + object() + " GENERATED " + generation;
		}
	}

	/** SET STATISTICS; {@code target} and {@code previous} null for the default (-1). */
	record SetColumnStatistics(String schema, String table, String column, @Nullable Integer target,
			@Nullable Integer previous) implements ColumnChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public String summary() {
			return "set the statistics target of " + object() + " to " + (target == null ? "the default" : target);
		}
	}

	/**
	 * SET STORAGE: {@code storage} and {@code previous} spelled out ({@code PLAIN}, {@code EXTERNAL},
	 * {@code EXTENDED}, {@code MAIN}); the type's own storage stands for the default. Applies to values written
	 * later, existing rows are not rewritten.
	 */
	record SetColumnStorage(String schema, String table, String column, String storage, String previous)
			implements ColumnChange {

		@Override
		public Phase phase() {
			return Phase.ALTER_RELATIONS;
		}

		@Override
		public String summary() {
			return "set the storage of " + object() + " to " + storage;
		}
	}

	record CommentOnColumn(String schema, String table, String column, @Nullable String comment,
			@Nullable String previous) implements ColumnChange {

		@Override
		public Phase phase() {
			return Phase.ATTACH_BEHAVIOUR;
		}

		@Override
		public String summary() {
			return comment == null ? "remove the comment on column " + object() : "comment on column " + object();
		}
	}

	// ------------------------------------------------------------------------------------------------ constraints

	/**
	 * ADD CONSTRAINT from the reference's {@code pg_get_constraintdef} (without NOT VALID). CHECK and FOREIGN
	 * KEY are added NOT VALID and validated in a second step, unless {@code validate} is false (the reference's
	 * own constraint is NOT VALID: it stays so) or the table is {@code partitioned} (NOT VALID is not supported
	 * there: plain ADD). PRIMARY KEY and UNIQUE with {@code indexDefinition} (the reference's backing index,
	 * {@code pg_get_indexdef}) build that index CONCURRENTLY and add the constraint USING it; partitioned tables
	 * and EXCLUDE take a plain ADD. {@code dependsOn}: identities of changes that must run first (the referenced
	 * table's key for a foreign key); {@code columns}: the table's columns it is on, which must exist (empty when
	 * not known: evidence stored before).
	 */
	record AddConstraint(String schema, String table, String name, String type, String definition, boolean validate,
			boolean partitioned, @Nullable String indexDefinition, List<String> dependsOn, List<String> columns)
			implements ConstraintChange {

		public AddConstraint {
			dependsOn = List.copyOf(dependsOn);
			columns = columns == null ? List.of() : List.copyOf(columns);
		}

		public AddConstraint(String schema, String table, String name, String type, String definition,
				boolean validate, boolean partitioned, @Nullable String indexDefinition, List<String> dependsOn) {
			this(schema, table, name, type, definition, validate, partitioned, indexDefinition, dependsOn, List.of());
		}

		@Override
		public Set<String> prerequisites() {
			return columnIdentities(schema, table, columns);
		}

		@Override
		public Phase phase() {
			return Phase.ADD_CONSTRAINTS;
		}

		@Override
		public Set<String> requires() {
			return new LinkedHashSet<>(dependsOn);
		}

		@Override
		public int order() {
			return "FOREIGN_KEY".equals(type) ? 1 : 0;
		}

		@Override
		public String summary() {
			return "add constraint " + object() + " " + definition;
		}
	}

	/** DROP CONSTRAINT; {@code definition} is the target's, for undo. Foreign keys first. */
	record DropConstraint(String schema, String table, String name, String type, String definition)
			implements ConstraintChange {

		@Override
		public Phase phase() {
			return Phase.DROP_DEPENDENTS;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public int order() {
			return "FOREIGN_KEY".equals(type) ? 0 : 1;
		}

		@Override
		public String summary() {
			return "drop constraint " + object();
		}
	}

	/**
	 * Drops a CHECK constraint right before a function it calls is dropped and created again (PostgreSQL refuses
	 * the drop while a constraint calls it); an {@link AddConstraintForRoutine} (or, when the table's columns
	 * change too, an {@link AddConstraint}) of the reference's definition adds it back after the function's
	 * creation (NOT VALID, then validated), so nothing is lost for good and the drop is not destructive.
	 * {@code definition} is the target's, for the rollback (NOT VALID: rows written meanwhile may break it).
	 */
	record DropConstraintForRoutine(String schema, String table, String name, String definition)
			implements ConstraintChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_ROUTINES;
		}

		@Override
		public int order() {
			return -3; // right before the function's drop
		}

		@Override
		public String summary() {
			return "drop constraint " + object() + " while the function it calls is replaced (added again from the "
					+ "reference later in this plan)";
		}
	}

	/**
	 * The reference's CHECK added again right after the creation of the function it calls ({@code function}, its
	 * identity), which a {@link DropConstraintForRoutine} dropped it for: NOT VALID at once, then validated when
	 * the reference's is ({@code validate}).
	 */
	record AddConstraintForRoutine(String schema, String table, String name, String definition, boolean validate,
			String function) implements ConstraintChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_ROUTINES;
		}

		@Override
		public int order() {
			return 2;
		}

		@Override
		public Set<String> requires() {
			return Set.of(function);
		}

		@Override
		public String summary() {
			return "add constraint " + object() + " " + definition + " again once the function it calls is created";
		}
	}

	/**
	 * A constraint whose definition differs: replaced under its name without a window where nothing guards the
	 * table (drop and add NOT VALID in one transaction, then validate; a key's new index is built concurrently
	 * first and swapped in one transaction). Not destructive: the constraint exists before and after. Fields as
	 * {@link AddConstraint}; {@code fromDefinition} the target's, for undo.
	 */
	record ReplaceConstraint(String schema, String table, String name, String type, String fromDefinition,
			String definition, boolean validate, boolean partitioned, @Nullable String indexDefinition)
			implements ConstraintChange {

		@Override
		public Phase phase() {
			return Phase.ADD_CONSTRAINTS;
		}

		@Override
		public int order() {
			return "FOREIGN_KEY".equals(type) ? 1 : 0;
		}

		@Override
		public String summary() {
			return "replace constraint " + object() + " with " + definition;
		}
	}

	/** VALIDATE CONSTRAINT: the target has it NOT VALID, the reference validated. */
	record ValidateConstraint(String schema, String table, String name) implements ConstraintChange {

		@Override
		public Phase phase() {
			return Phase.ADD_CONSTRAINTS;
		}

		@Override
		public int order() {
			return 2;
		}

		@Override
		public String summary() {
			return "validate constraint " + object();
		}
	}

	// ------------------------------------------------------------------------------------------------ indexes

	/**
	 * CREATE INDEX from the reference's {@code pg_get_indexdef}: CONCURRENTLY, or on a {@code partitioned} table
	 * (where CONCURRENTLY is refused) one plain CREATE INDEX that builds and attaches every partition's index.
	 * {@code columns}: the table's columns it names as keys or includes, which must exist (empty when not known).
	 */
	record CreateIndex(String schema, String table, String name, String definition, boolean partitioned,
			List<String> columns) implements IndexChange {

		public CreateIndex {
			columns = columns == null ? List.of() : List.copyOf(columns);
		}

		public CreateIndex(String schema, String table, String name, String definition, boolean partitioned) {
			this(schema, table, name, definition, partitioned, List.of());
		}

		@Override
		public Set<String> prerequisites() {
			return columnIdentities(schema, table, columns);
		}

		@Override
		public Phase phase() {
			return Phase.CREATE_INDEXES;
		}

		@Override
		public String summary() {
			return "create index " + object() + " on " + schema + "." + table;
		}
	}

	/**
	 * CREATE INDEX CONCURRENTLY from the reference's {@code pg_get_indexdef} on a materialized view this plan
	 * creates: with the views, after the view's creation and population (an index phase change would run before
	 * the view exists).
	 */
	record CreateViewIndex(String schema, String view, String name, String definition) implements IndexChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_VIEWS;
		}

		@Override
		public Set<String> requires() {
			return Set.of("materialized-view:" + schema + "." + view);
		}

		@Override
		public int order() {
			return 1;
		}

		@Override
		public String summary() {
			return "create index " + object() + " on " + schema + "." + view + " once the view is populated";
		}
	}

	/** DROP INDEX (CONCURRENTLY unless partitioned); {@code definition} the target's, for undo. */
	record DropIndex(String schema, String table, String name, String definition, boolean partitioned)
			implements IndexChange {

		@Override
		public Phase phase() {
			return Phase.DROP_DEPENDENTS;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public String summary() {
			return "drop index " + object();
		}
	}

	/**
	 * An index whose definition differs: the new one is built concurrently under a temporary name, the old one
	 * dropped concurrently and the new one renamed (on a partitioned table: drop and create in one transaction).
	 */
	record ReplaceIndex(String schema, String table, String name, String fromDefinition, String definition,
			boolean partitioned) implements IndexChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_INDEXES;
		}

		@Override
		public String summary() {
			return "replace index " + object() + " with " + definition;
		}
	}

	// ------------------------------------------------------------------------------------------------ health repairs

	/**
	 * An index a rule asks for by its keys (not by a reference definition): a contract's index, a foreign key's, a
	 * materialized view's unique key. {@code keys} is the key list as it is written, parenthesized and quoted
	 * ({@code ("status", (lower(note)))}); {@code reason} ends the step's description. Built CONCURRENTLY after
	 * dropping a same-named INVALID index, or plainly when not {@code concurrently} (a server that serves every
	 * client from one backend, where a concurrent build waits on itself).
	 */
	record BuildIndex(String schema, String table, String name, String keys, boolean unique, @Nullable String method,
			@Nullable String where, String reason, boolean concurrently) implements IndexChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_INDEXES;
		}

		@Override
		public List<String> touches() {
			return List.of(schema + "." + table, object());
		}

		@Override
		public String summary() {
			return "create " + (unique ? "unique " : "") + "index " + object() + " on " + schema + "." + table + " "
					+ keys;
		}
	}

	/** One partition's index of a {@link BuildPartitionedIndex}: the partition and the new index's name. */
	record PartitionIndex(String schema, String table, String index) {
	}

	/**
	 * An index on a partitioned table, which refuses CONCURRENTLY: ON ONLY the parent (catalog-only, invalid), then
	 * each partition's index built concurrently and attached; the last attach makes it valid. {@code partitions}
	 * are the scan's; {@code parentExists}: an earlier half-done build left the parent index, which is completed
	 * (and not Tidemark's to drop). Fields otherwise as {@link BuildIndex}.
	 */
	record BuildPartitionedIndex(String schema, String table, String name, String keys, boolean unique,
			@Nullable String method, @Nullable String where, String reason, List<PartitionIndex> partitions,
			boolean parentExists, boolean concurrently) implements IndexChange {

		public BuildPartitionedIndex {
			partitions = List.copyOf(partitions);
		}

		@Override
		public Phase phase() {
			return Phase.CREATE_INDEXES;
		}

		@Override
		public List<String> touches() {
			List<String> touched = new ArrayList<>(List.of(schema + "." + table, object()));
			partitions.forEach(p -> touched.add(p.schema() + "." + p.table()));
			return touched;
		}

		@Override
		public String summary() {
			return "create " + (unique ? "unique " : "") + "index " + object() + " on the partitioned table " + schema
					+ "." + table + " " + keys + " and on each of its " + partitions.size() + " partitions";
		}
	}

	/**
	 * An INVALID index dropped concurrently and, unless it is the leftover of a failed REINDEX CONCURRENTLY
	 * ({@code definition} null), built again concurrently from its {@code pg_get_indexdef}. Runs before the other
	 * index builds (order -1).
	 */
	record RebuildInvalidIndex(String schema, String table, String name, @Nullable String definition, boolean unique)
			implements IndexChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_INDEXES;
		}

		@Override
		public int order() {
			return -1;
		}

		@Override
		public String summary() {
			return definition == null ? "drop the leftover invalid index " + object()
					: "drop the invalid index " + object() + " and build it again";
		}
	}

	/**
	 * A PRIMARY_KEY or UNIQUE constraint added USING a unique index on {@code columns}, named as the index (so
	 * nothing is renamed). The index is built first ({@code buildIndex}; CONCURRENTLY unless not
	 * {@code concurrently}) unless it exists; a primary key's nullable columns ({@code setNotNull}) first get NOT
	 * NULL through a validated CHECK, so USING INDEX takes no long ACCESS EXCLUSIVE scan. Primary keys first
	 * (order -1): a foreign key may reference them.
	 */
	record AddKeyUsingIndex(String schema, String table, String name, String type, List<String> columns,
			List<String> setNotNull, boolean buildIndex, boolean concurrently) implements ConstraintChange {

		public AddKeyUsingIndex {
			columns = List.copyOf(columns);
			setNotNull = List.copyOf(setNotNull);
		}

		@Override
		public Phase phase() {
			return Phase.ADD_CONSTRAINTS;
		}

		@Override
		public int order() {
			return "PRIMARY_KEY".equals(type) ? -1 : 0;
		}

		@Override
		public List<String> touches() {
			return List.of(schema + "." + table);
		}

		@Override
		public String summary() {
			return "add " + ("PRIMARY_KEY".equals(type) ? "primary key " : "unique constraint ") + object() + " ("
					+ String.join(", ", columns) + ") using a unique index";
		}
	}

	/**
	 * A missing RANGE partition of {@code parent}: a plain table LIKE the parent with a CHECK matching its bound
	 * (so ATTACH need not scan it), attached FOR VALUES FROM {@code from} TO {@code to} (each {@code MINVALUE},
	 * {@code MAXVALUE} or a literal's text), then the CHECK dropped. {@code keyColumn}: the single partition key
	 * column; {@code defaultPartition}: the parent's (empty: ATTACH scans it). In the index phase after its builds
	 * (order 1): an index on the partitioned parent is built on the partitions of the scan, so they come first.
	 */
	record CreatePartition(String schema, String name, Name parent, String keyColumn, String from, String to,
			@Nullable String defaultPartition) implements TableChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_INDEXES;
		}

		@Override
		public int order() {
			return 1;
		}

		@Override
		public List<String> touches() {
			return List.of(parent.toString(), object());
		}

		@Override
		public String summary() {
			return "create partition " + object() + " of " + parent + " FOR VALUES FROM (" + from + ") TO (" + to + ")";
		}
	}
}
