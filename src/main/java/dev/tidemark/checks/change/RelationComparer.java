package dev.tidemark.checks.change;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tidemark.checks.change.RelationChange.ColumnDef;
import dev.tidemark.checks.change.RelationChange.Name;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.CatalogObject;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.inspection.model.PolicyInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TriggerInfo;
import org.jspecify.annotations.Nullable;

/**
 * Differences in the objects of {@link RelationChange}: tables (partitions too), columns, constraints and the
 * indexes that back no constraint. Tidemark's own bookkeeping tables are left out, and so are constraints a
 * partition inherits from its parent and a partition's indexes that mirror an index of its parent (both come with
 * the parent's).
 * <p>
 * Choices: a valid constraint where the reference's is NOT VALID is taken as equal (it is stronger); columns are
 * compared only between two tables that are not partitions (a partition's columns are its parent's); foreign
 * tables are reported but never created or dropped automatically (their server and options are not in the
 * snapshot).
 */
final class RelationComparer implements FamilyComparer {

	/** {@code CREATE [UNIQUE] INDEX name ON [ONLY] rest}, as pg_get_indexdef prints it and the renderer reads it. */
	static final Pattern INDEX = Pattern
		.compile("^CREATE (UNIQUE )?INDEX (?:\"(?:[^\"]|\"\")+\"|[^\\s\"]+) ON (?:ONLY )?(.+)$");

	private static final Pattern NOT_VALID = Pattern.compile("(?i)\\s+NOT\\s+VALID\\s*$");

	/** A default whose value is computed per row: adding the column fills every row, a rewrite. */
	private static final Pattern VOLATILE = Pattern.compile(
			"(?i)\\b(nextval|random|gen_random_uuid|uuid_generate_v[14]|uuidv7|clock_timestamp|timeofday|txid_current)\\s*\\(");

	@Override
	public List<Difference> compare(CatalogSnapshot target, CatalogSnapshot reference) {
		Map<String, TableInfo> t = tables(target);
		Map<String, TableInfo> r = tables(reference);
		List<Difference> out = new ArrayList<>();
		for (TableInfo ref : r.values()) {
			TableInfo tgt = t.get(ref.key());
			if (tgt == null) {
				out.add(missingTable(ref, reference));
			}
			else {
				Difference d = tableMismatch(tgt, ref, target, reference);
				if (d != null) {
					out.add(d);
				}
				if (!ref.isPartition() && !tgt.isPartition() && ref.kind() != TableInfo.TableKind.FOREIGN_TABLE
						&& tgt.kind() != TableInfo.TableKind.FOREIGN_TABLE) {
					out.addAll(columns(tgt, ref, target));
				}
			}
		}
		for (TableInfo tgt : t.values()) {
			if (r.containsKey(tgt.key())) {
				continue;
			}
			// a partition of a table that goes too goes with it
			if (tgt.isPartition() && t.containsKey(tgt.partitionOf()) && !r.containsKey(tgt.partitionOf())) {
				continue;
			}
			out.add(extraTable(tgt, target, extra(t.keySet(), r.keySet())));
		}
		out.addAll(constraints(target, reference, t, r));
		out.addAll(indexes(target, reference, t, r));
		return withoutRefusedColumns(out, reference);
	}

	/**
	 * An index or constraint to create on a column that cannot be added (its own difference is refused) cannot be
	 * created either: refused with the column's reason, instead of a plan that fails on the missing column.
	 */
	private static List<Difference> withoutRefusedColumns(List<Difference> differences, CatalogSnapshot reference) {
		Map<String, Difference> refused = new LinkedHashMap<>();
		for (Difference d : differences) {
			if (d.kind().equals("column") && d.presence() == Difference.Presence.MISSING && d.refusal() != null) {
				refused.put(d.object(), d);
			}
		}
		if (refused.isEmpty()) {
			return differences;
		}
		List<Difference> result = new ArrayList<>();
		for (Difference d : differences) {
			List<String> needed = d.refusal() != null || d.presence() == Difference.Presence.EXTRA ? List.of()
					: switch (d.kind()) {
						case "index" -> reference.indexes().stream().filter(i -> i.key().equals(d.object()))
							.findFirst().map(i -> {
								List<String> keys = new ArrayList<>(i.columns());
								keys.addAll(i.includedColumns());
								return keys.stream().map(k -> i.tableKey() + "." + k).toList();
							}).orElse(List.of());
						case "constraint" -> reference.constraints().stream().filter(c -> c.key().equals(d.object()))
							.findFirst().map(c -> c.columns().stream().map(k -> c.tableKey() + "." + k).toList())
							.orElse(List.of());
						default -> List.of();
					};
			String column = needed.stream().filter(refused::containsKey).findFirst().orElse(null);
			result.add(column == null ? d
					: d.refused("It needs column " + column + ", which cannot be added: "
							+ refused.get(column).refusal().reason(),
							"Add the column by hand first (" + refused.get(column).refusal().instead()
									+ "), then scan again"));
		}
		return result;
	}

	// ------------------------------------------------------------------------------------------------ tables

	/** Tidemark's own changelog tables, and Liquibase's, are no schema object to repair. */
	static boolean own(String table) {
		String n = table.toLowerCase(Locale.ROOT);
		return n.startsWith("tidemark_") || n.equals("databasechangelog") || n.equals("databasechangeloglock");
	}

	private static Map<String, TableInfo> tables(CatalogSnapshot s) {
		Map<String, TableInfo> map = new LinkedHashMap<>();
		s.tables().stream().filter(x -> !own(x.name())).forEach(x -> map.put(x.key(), x));
		return map;
	}

	private static List<String> tableParents(String schema) {
		return List.of("schema:" + schema);
	}

	private static List<String> childParents(String schema, String table) {
		return List.of("schema:" + schema, "table:" + schema + "." + table);
	}

	private static Difference missingTable(TableInfo ref, CatalogSnapshot reference) {
		Difference d = Difference.missing("table", ref.key(), tableParents(ref.schema()), describe(ref, reference, true),
				List.of());
		if (ref.kind() == TableInfo.TableKind.FOREIGN_TABLE) {
			return d.refused("A foreign table's server and options are not in the snapshot",
					"Create the foreign table by hand (CREATE FOREIGN TABLE ... SERVER ... OPTIONS ...)");
		}
		String unsafe = unsafeFragments(ref, reference, true);
		if (unsafe != null) {
			return d.refused("The definition holds " + unsafe + " that Tidemark does not put into a changeset verbatim",
					"Create the table by hand from the reference's definition");
		}
		for (ColumnInfo c : ref.columns()) {
			if (c.generatedExpression() != null && c.identity() != null) {
				return d.refused("Column " + c.name() + " is both identity and generated", "Create the table by hand");
			}
		}
		List<ColumnDef> columns = ref.columns().stream().map(RelationComparer::def).toList();
		Name parent = ref.isPartition() ? resolve(ref.partitionOf(), reference) : null;
		if (parent != null && ref.partitionBound() == null) {
			return d.refused("The reference snapshot has no bound for partition " + ref.key(),
					"Scan the reference again with a current Tidemark, or create the partition by hand");
		}
		String key = ref.kind() == TableInfo.TableKind.PARTITIONED_TABLE ? partitionKey(ref, reference) : null;
		if (ref.kind() == TableInfo.TableKind.PARTITIONED_TABLE && key == null) {
			return d.refused("The reference snapshot has no partition key for " + ref.key(), "Create it by hand");
		}
		List<SchemaChange> changes = new ArrayList<>(List.of(new RelationChange.CreateTable(ref.schema(), ref.name(),
				columns, "unlogged".equals(ref.persistence()), key, parent, parent == null ? null : ref.partitionBound(),
				ref.inherits().stream().map(i -> resolve(i, reference)).toList(), ref.options(), ref.rowSecurity(),
				ref.forceRowSecurity(), ref.comment())));
		ref.columns().forEach(c -> changes.addAll(columnSettings(ref.schema(), ref.name(), c)));
		return Difference.missing("table", ref.key(), tableParents(ref.schema()), d.reference(), changes);
	}

	private static Set<String> extra(Set<String> target, Set<String> reference) {
		Set<String> extra = new LinkedHashSet<>(target);
		extra.removeAll(reference);
		return extra;
	}

	private static Difference extraTable(TableInfo tgt, CatalogSnapshot target, Set<String> extra) {
		Difference d = Difference.extra("table", tgt.key(), tableParents(tgt.schema()), describe(tgt, target, true),
				List.of());
		if (tgt.kind() == TableInfo.TableKind.FOREIGN_TABLE) {
			return d.refused("Foreign tables are not dropped automatically",
					"DROP FOREIGN TABLE by hand if the target must lose it");
		}
		List<SchemaChange> changes = new ArrayList<>();
		List<String> after = new ArrayList<>();
		for (ConstraintInfo fk : referencingKeys(tgt, target)) {
			String from = droppedWith(fk.tableKey(), target, extra);
			if (from.equals(tgt.key())) {
				continue;
			}
			if (extra.contains(from) && reaches(tgt.key(), from, target, extra, new HashSet<>())) {
				// extra tables referencing each other: no order drops them, so the cycle's keys go first
				changes.add(new RelationChange.DropConstraint(fk.schema(), fk.table(), fk.name(), fk.type().name(),
						plain(fk.definition())));
			}
			else if (!after.contains("table:" + from)) {
				after.add("table:" + from);
			}
		}
		changes.add(new RelationChange.DropTable(tgt.schema(), tgt.name(),
				tgt.kind() == TableInfo.TableKind.PARTITIONED_TABLE, estimatedRows(tgt, target),
				after.stream().sorted().toList()));
		return Difference.extra("table", tgt.key(), tableParents(tgt.schema()), d.target(), changes);
	}

	/** The foreign keys of {@code s} referencing {@code table} (a partition's clones: only its parent's). */
	private static List<ConstraintInfo> referencingKeys(TableInfo table, CatalogSnapshot s) {
		return s.constraints().stream()
			.filter(fk -> fk.type() == ConstraintInfo.ConstraintType.FOREIGN_KEY && !fk.inherited()
					&& table.schema().equals(fk.referencedSchema()) && table.name().equals(fk.referencedTable()))
			.toList();
	}

	/**
	 * The table whose drop takes {@code table} along: its outermost ancestor among the extra tables (a
	 * partition of a kept parent goes by its own drop), or itself.
	 */
	private static String droppedWith(String table, CatalogSnapshot s, Set<String> extra) {
		Map<String, TableInfo> all = new LinkedHashMap<>();
		s.tables().forEach(x -> all.put(x.key(), x));
		TableInfo from = all.get(table);
		while (from != null && from.isPartition() && extra.contains(from.partitionOf())
				&& all.containsKey(from.partitionOf())) {
			from = all.get(from.partitionOf());
		}
		return from == null ? table : from.key();
	}

	/** Whether extra table {@code from}'s foreign keys lead, through extra tables, to {@code to}. */
	private static boolean reaches(String from, String to, CatalogSnapshot s, Set<String> extra, Set<String> seen) {
		if (!seen.add(from)) {
			return false;
		}
		for (ConstraintInfo fk : s.constraints()) {
			if (fk.type() != ConstraintInfo.ConstraintType.FOREIGN_KEY
					|| !droppedWith(fk.tableKey(), s, extra).equals(from)) {
				continue;
			}
			String referenced = droppedWith(fk.referencedSchema() + "." + fk.referencedTable(), s, extra);
			if (referenced.equals(to) || extra.contains(referenced) && reaches(referenced, to, s, extra, seen)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The planner's estimate of the rows a drop takes: the table's own, or for a partitioned table its partitions'
	 * sum (every level down; none: 0), null as soon as one is unknown.
	 */
	static @Nullable Long estimatedRows(TableInfo table, CatalogSnapshot s) {
		if (table.kind() != TableInfo.TableKind.PARTITIONED_TABLE) {
			return table.estimatedRows();
		}
		long sum = 0;
		for (TableInfo p : s.tables()) {
			if (table.key().equals(p.partitionOf())) {
				Long rows = estimatedRows(p, s);
				if (rows == null) {
					return null;
				}
				sum += rows;
			}
		}
		return sum;
	}

	private static @Nullable Difference tableMismatch(TableInfo tgt, TableInfo ref, CatalogSnapshot target,
			CatalogSnapshot reference) {
		String refText = describe(ref, reference, false);
		String tgtText = describe(tgt, target, false);
		if (refText.equals(tgtText)) {
			return null; // columns are differences of their own
		}
		Difference d = Difference.mismatch("table", ref.key(), tableParents(ref.schema()), refText, tgtText,
				List.of());
		if (ref.kind() != tgt.kind()) {
			return d.refused("The target's " + ref.key() + " is a " + label(tgt.kind()) + ", the reference's a "
					+ label(ref.kind()), "Rebuild the table as the reference has it, by hand (copy the rows over)");
		}
		if (ref.kind() == TableInfo.TableKind.FOREIGN_TABLE) {
			return d.refused("Foreign tables are compared but not altered automatically", "Alter it by hand");
		}
		if (!Objects.equals(partitionKey(ref, reference), partitionKey(tgt, target))) {
			return d.refused("The partition key differs; PostgreSQL cannot change a table's partition key",
					"Create a new partitioned table with the reference's key, move the rows, and swap the names");
		}
		String unsafe = unsafeFragments(ref, reference, false);
		if (unsafe != null) {
			return d.refused("The definition holds " + unsafe + " that Tidemark does not put into a changeset verbatim",
					"Alter the table by hand");
		}
		String s = ref.schema();
		String n = ref.name();
		List<SchemaChange> changes = new ArrayList<>();
		boolean refUnlogged = "unlogged".equals(ref.persistence());
		if (refUnlogged != "unlogged".equals(tgt.persistence())) {
			changes.add(new RelationChange.SetPersistence(s, n, refUnlogged));
		}
		if (ref.rowSecurity() != tgt.rowSecurity() || ref.forceRowSecurity() != tgt.forceRowSecurity()) {
			changes.add(new RelationChange.SetRowSecurity(s, n, ref.rowSecurity(), ref.forceRowSecurity(),
					tgt.rowSecurity(), tgt.forceRowSecurity()));
		}
		if (!new LinkedHashSet<>(ref.options()).equals(new LinkedHashSet<>(tgt.options()))) {
			List<String> set = ref.options().stream().filter(o -> !tgt.options().contains(o)).toList();
			Set<String> refNames = new LinkedHashSet<>(ref.options().stream().map(RelationComparer::optionName).toList());
			List<String> reset = tgt.options().stream().map(RelationComparer::optionName)
				.filter(o -> !refNames.contains(o)).toList();
			changes.add(new RelationChange.SetStorageOptions(s, n, set, reset, tgt.options()));
		}
		List<Name> refInherits = ref.inherits().stream().map(i -> resolve(i, reference)).toList();
		List<Name> tgtInherits = tgt.inherits().stream().map(i -> resolve(i, target)).toList();
		if (!new LinkedHashSet<>(refInherits).equals(new LinkedHashSet<>(tgtInherits))) {
			changes.add(new RelationChange.SetInheritance(s, n,
					refInherits.stream().filter(p -> !tgtInherits.contains(p)).toList(),
					tgtInherits.stream().filter(p -> !refInherits.contains(p)).toList()));
		}
		if (!Objects.equals(ref.comment(), tgt.comment())) {
			changes.add(new RelationChange.CommentOnTable(s, n, ref.comment(), tgt.comment()));
		}
		Name refParent = ref.isPartition() ? resolve(ref.partitionOf(), reference) : null;
		Name tgtParent = tgt.isPartition() ? resolve(tgt.partitionOf(), target) : null;
		if (!Objects.equals(refParent, tgtParent) || !Objects.equals(ref.partitionBound(), tgt.partitionBound())) {
			if (refParent != null && ref.partitionBound() == null || tgtParent != null && tgt.partitionBound() == null) {
				// a format-1 side knows no bound: what it says about attachment is all that can be compared
				if (!Objects.equals(refParent, tgtParent)) {
					return d.refused("The partition's parent differs, and a snapshot holds no bound to attach it with",
							"Scan both databases with a current Tidemark");
				}
			}
			else {
				if (tgtParent != null) {
					changes.add(new RelationChange.DetachPartition(s, n, tgtParent, tgt.partitionBound()));
				}
				if (refParent != null) {
					changes.add(new RelationChange.AttachPartition(s, n, refParent, ref.partitionBound()));
				}
			}
		}
		if (changes.isEmpty()) {
			return null; // differing only in what is not repaired here (the owner: the access family's)
		}
		return Difference.mismatch("table", ref.key(), tableParents(ref.schema()), refText, tgtText, changes);
	}

	private static String label(TableInfo.TableKind kind) {
		return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
	}

	private static String optionName(String option) {
		int eq = option.indexOf('=');
		return eq < 0 ? option : option.substring(0, eq);
	}

	private static @Nullable String partitionKey(TableInfo table, CatalogSnapshot s) {
		return s.partitioning().stream().filter(p -> p.schema().equals(table.schema()) && p.table().equals(table.name()))
			.map(PartitioningInfo::partitionKey).findFirst().orElse(null);
	}

	/** A raw {@code schema.name} of the snapshot as a name: the table of that key, else split at the first dot. */
	private static Name resolve(String qualified, CatalogSnapshot s) {
		for (TableInfo x : s.tables()) {
			if (x.key().equals(qualified)) {
				return new Name(x.schema(), x.name());
			}
		}
		int dot = qualified.indexOf('.');
		return dot < 0 ? new Name("public", qualified) : new Name(qualified.substring(0, dot), qualified.substring(dot + 1));
	}

	/** The table in one line: what CREATE TABLE would say, owner left out (the access family's). */
	private static String describe(TableInfo x, CatalogSnapshot s, boolean withColumns) {
		StringBuilder b = new StringBuilder();
		b.append("unlogged".equals(x.persistence()) ? "UNLOGGED " : "").append(label(x.kind()).toUpperCase(Locale.ROOT));
		if (x.isPartition()) {
			b.append(" PARTITION OF ").append(x.partitionOf());
			if (x.partitionBound() != null) {
				b.append(' ').append(x.partitionBound());
			}
		}
		else if (withColumns) {
			b.append(" (");
			for (int i = 0; i < x.columns().size(); i++) {
				b.append(i == 0 ? "" : ", ").append(x.columns().get(i).name()).append(' ')
					.append(describe(x.columns().get(i)));
			}
			b.append(')');
		}
		String key = partitionKey(x, s);
		if (key != null) {
			b.append(" PARTITION BY ").append(key);
		}
		if (!x.inherits().isEmpty()) {
			b.append(" INHERITS (").append(String.join(", ", x.inherits())).append(')');
		}
		if (!x.options().isEmpty()) {
			b.append(" WITH (").append(String.join(", ", x.options())).append(')');
		}
		if (x.rowSecurity()) {
			b.append(" ROW LEVEL SECURITY");
		}
		if (x.forceRowSecurity()) {
			b.append(" FORCED");
		}
		if (x.comment() != null) {
			b.append(" COMMENT '").append(x.comment()).append('\'');
		}
		return b.toString();
	}

	private static @Nullable String unsafeFragments(TableInfo x, CatalogSnapshot s, boolean withColumns) {
		List<String> fragments = new ArrayList<>();
		if (!x.isPartition() && withColumns) {
			for (ColumnInfo c : x.columns()) {
				fragments.add(c.type());
				fragments.add(c.defaultExpression());
				fragments.add(c.generatedExpression());
				fragments.add(c.collation());
			}
		}
		fragments.add(x.partitionBound());
		fragments.add(partitionKey(x, s));
		fragments.addAll(x.options());
		for (String f : fragments) {
			if (f != null && !safe(f)) {
				return "'" + f + "', with a statement separator, a comment or a line break,";
			}
		}
		return null;
	}

	/**
	 * Catalog SQL that goes into a changeset verbatim: no line break, and outside quoted strings and names no
	 * {@code ;} (it would end the statement) and no comment.
	 */
	static boolean safe(String sql) {
		return sql.indexOf('\n') < 0 && sql.indexOf('\r') < 0 && oneStatement(sql, false);
	}

	/**
	 * Whether {@code sql} is one statement: outside quoted strings and names no {@code ;}, no comment, no NUL and
	 * (unless {@code dollarAllowed}) no {@code $}, and every quote closed.
	 */
	static boolean oneStatement(String sql, boolean dollarAllowed) {
		char quote = 0;
		for (int i = 0; i < sql.length(); i++) {
			char c = sql.charAt(i);
			if (quote != 0) {
				if (c == quote) {
					quote = 0; // a doubled quote closes and reopens: same result
				}
				continue;
			}
			if (c == '\'' || c == '"') {
				quote = c;
			}
			else if (c == ';' || c == '\0' || (c == '$' && !dollarAllowed) || sql.startsWith("--", i)
					|| sql.startsWith("/*", i)) {
				return false;
			}
		}
		return quote == 0;
	}

	// ------------------------------------------------------------------------------------------------ columns

	private static ColumnDef def(ColumnInfo c) {
		return new ColumnDef(c.name(), c.type(), c.collation(), c.defaultExpression(), !c.nullable(), c.identity(),
				c.generatedExpression());
	}

	private static String describe(ColumnInfo c) {
		return c.type() + (c.collation() == null ? "" : " COLLATE " + c.collation())
				+ (c.defaultExpression() == null ? "" : " DEFAULT " + c.defaultExpression())
				+ (c.nullable() ? "" : " NOT NULL")
				+ (c.identity() == null ? "" : " GENERATED " + c.identity() + " AS IDENTITY")
				+ (c.generatedExpression() == null ? "" : " GENERATED ALWAYS AS (" + c.generatedExpression() + ") STORED")
				+ (c.comment() == null ? "" : " COMMENT '" + c.comment() + "'")
				+ (c.statisticsTarget() == null ? "" : " STATISTICS " + c.statisticsTarget())
				+ (c.storage() == null ? "" : " STORAGE " + c.storage());
	}

	private static boolean unsafe(ColumnInfo c) {
		return java.util.stream.Stream.of(c.type(), c.defaultExpression(), c.generatedExpression(), c.collation())
			.anyMatch(f -> f != null && !safe(f));
	}

	private static List<Difference> columns(TableInfo tgt, TableInfo ref, CatalogSnapshot target) {
		List<Difference> out = new ArrayList<>();
		String s = ref.schema();
		String tn = ref.name();
		List<String> parents = childParents(s, tn);
		Map<String, ColumnInfo> t = new LinkedHashMap<>();
		tgt.columns().forEach(c -> t.put(c.name(), c));
		Set<String> refNames = new LinkedHashSet<>();
		for (ColumnInfo rc : ref.columns()) {
			refNames.add(rc.name());
			String object = s + "." + tn + "." + rc.name();
			ColumnInfo tc = t.get(rc.name());
			if (tc == null) {
				out.add(missingColumn(s, tn, rc, object, parents));
			}
			else {
				Difference d = columnMismatch(s, tn, tc, rc, object, parents, target.server().versionNum());
				if (d != null) {
					out.add(refusedIfTypeChangeBlocked(d, tgt, tc.name(), target));
				}
			}
		}
		for (ColumnInfo tc : tgt.columns()) {
			if (!refNames.contains(tc.name())) {
				out.add(Difference.extra("column", s + "." + tn + "." + tc.name(), parents, describe(tc),
						List.of(new RelationChange.DropColumn(s, tn, tc.name(), estimatedRows(tgt, target)))));
			}
		}
		return out;
	}

	/**
	 * The storage change that gives the target's column the reference's, or null. {@code tc} null: the column is
	 * added or retyped, which leaves it with its type's storage (the reference's {@code typeStorage}).
	 */
	static RelationChange.@Nullable SetColumnStorage storageChange(String s, String tn, ColumnInfo rc,
			@Nullable ColumnInfo tc) {
		String now = tc == null ? null : tc.storage();
		if (Objects.equals(rc.storage(), now) || rc.typeStorage() == null) {
			return null;
		}
		return new RelationChange.SetColumnStorage(s, tn, rc.name(),
				rc.storage() == null ? rc.typeStorage() : rc.storage(), now == null ? rc.typeStorage() : now);
	}

	/** What a newly created column needs besides its definition to match the reference's statistics and storage. */
	private static List<SchemaChange> columnSettings(String s, String tn, ColumnInfo rc) {
		List<SchemaChange> changes = new ArrayList<>();
		if (rc.statisticsTarget() != null) {
			changes.add(new RelationChange.SetColumnStatistics(s, tn, rc.name(), rc.statisticsTarget(), null));
		}
		RelationChange.SetColumnStorage storage = storageChange(s, tn, rc, null);
		if (storage != null) {
			changes.add(storage);
		}
		return changes;
	}

	private static Difference missingColumn(String s, String tn, ColumnInfo rc, String object, List<String> parents) {
		Difference d = Difference.missing("column", object, parents, describe(rc), List.of());
		if (unsafe(rc)) {
			return d.refused("The column's definition holds a statement separator, a comment or a line break",
					"Add the column by hand");
		}
		if (!rc.nullable() && rc.defaultExpression() == null && rc.identity() == null
				&& rc.generatedExpression() == null) {
			return d.refused("ADD COLUMN ... NOT NULL without a default fails while the table has rows",
					"Add the column nullable, backfill it in batches, then set NOT NULL (or give it a default in the "
							+ "reference)");
		}
		boolean rewrite = rc.identity() != null || rc.generatedExpression() != null
				|| rc.defaultExpression() != null && VOLATILE.matcher(rc.defaultExpression()).find();
		List<SchemaChange> changes = new ArrayList<>(List.of(new RelationChange.AddColumn(s, tn, def(rc), rewrite)));
		if (rc.comment() != null) {
			// part of the column as the reference has it: without it the repaired column differs in its comment
			changes.add(new RelationChange.CommentOnColumn(s, tn, rc.name(), rc.comment(), null));
		}
		changes.addAll(columnSettings(s, tn, rc));
		return Difference.missing("column", object, parents, d.reference(), changes);
	}

	/**
	 * A type or collation change that PostgreSQL refuses (0A000) while a policy, a trigger (its WHEN clause or its
	 * UPDATE OF list) or a generated column of the target uses the column: refused here, so no plan fails on it.
	 * Those of partitions and inheritance children count (the ALTER recurses), and so does a policy on any table
	 * whose text names this table and the column (a subquery reading it).
	 * Dropping those around the change would leave the table without its policy or trigger (or the generated
	 * column without its values) between changesets. Found by the column's name in their text: a false match
	 * refuses a change that would have run, never the other way round.
	 */
	private static Difference refusedIfTypeChangeBlocked(Difference d, TableInfo tgt, String column,
			CatalogSnapshot target) {
		boolean retyped = d.changes().stream().anyMatch(c -> c instanceof RelationChange.AlterColumnType
				|| c instanceof RelationChange.SetColumnCollation);
		if (!retyped || d.refusal() != null) {
			return d;
		}
		// the ALTER recurses into partitions and inheritance children: theirs block it as well
		Map<String, TableInfo> altered = alteredWith(tgt, target);
		List<String> users = new ArrayList<>();
		for (PolicyInfo p : target.policies()) {
			boolean local = altered.containsKey(CatalogObject.qualified(p.schema(), p.table()));
			// a policy on another table may read the column through a subquery naming the table
			if ((local || mentions(p.using(), tgt.name()) || mentions(p.withCheck(), tgt.name()))
					&& (mentions(p.using(), column) || mentions(p.withCheck(), column))) {
				users.add("policy " + p.name() + (p.table().equals(tgt.name()) && p.schema().equals(tgt.schema())
						? "" : " on " + CatalogObject.qualified(p.schema(), p.table())));
			}
		}
		for (TriggerInfo t : target.triggers()) {
			if (altered.containsKey(CatalogObject.qualified(t.schema(), t.table()))
					&& mentions(triggerColumnsAndCondition(t.definition()), column)) {
				users.add("trigger " + t.name() + (t.table().equals(tgt.name()) && t.schema().equals(tgt.schema())
						? "" : " on " + CatalogObject.qualified(t.schema(), t.table())));
			}
		}
		for (TableInfo table : altered.values()) {
			for (ColumnInfo c : table.columns()) {
				if (!c.name().equals(column) && mentions(c.generatedExpression(), column)) {
					users.add("generated column " + c.name() + (table == tgt ? "" : " of " + table.key()));
				}
			}
		}
		if (users.isEmpty()) {
			return d;
		}
		return d.refused("PostgreSQL cannot change the type or collation of a column that a policy, a trigger or a"
				+ " generated column uses, and " + String.join(", ", users) + " of " + tgt.key() + " use"
				+ (users.size() == 1 ? "s" : "") + " " + column,
				"In one transaction, in a maintenance window: drop the " + String.join(", ", users) + ", change the"
						+ " column as the reference has it, and create them again from the reference (a generated"
						+ " column comes back with its values computed again)");
	}

	/** The table and its partitions and inheritance children, every level down, by key. */
	private static Map<String, TableInfo> alteredWith(TableInfo table, CatalogSnapshot s) {
		Map<String, TableInfo> found = new LinkedHashMap<>();
		found.put(table.key(), table);
		boolean more = true;
		while (more) {
			more = false;
			for (TableInfo x : s.tables()) {
				if (!found.containsKey(x.key()) && (found.containsKey(x.partitionOf())
						|| x.inherits().stream().anyMatch(found::containsKey))) {
					found.put(x.key(), x);
					more = true;
				}
			}
		}
		return found;
	}

	/** From a {@code pg_get_triggerdef} text: its {@code UPDATE OF} column list and its WHEN condition. */
	private static String triggerColumnsAndCondition(String definition) {
		int execute = definition.lastIndexOf(" EXECUTE ");
		String head = execute < 0 ? definition : definition.substring(0, execute);
		int on = head.indexOf(" ON ");
		String events = on < 0 ? "" : head.substring(0, on);
		int of = events.indexOf(" OF ");
		int when = head.indexOf(" WHEN (");
		return (of < 0 ? "" : events.substring(of)) + " " + (when < 0 ? "" : head.substring(when));
	}

	/** Whether catalog expression text names the column: bare (as a simple lowercase name prints) or quoted. */
	static boolean mentions(@Nullable String expression, String column) {
		if (expression == null) {
			return false;
		}
		String quoted = "\"" + column.replace("\"", "\"\"") + "\"";
		if (expression.contains(quoted)) {
			return true;
		}
		return Pattern.compile("(?<![\\w$\"])" + Pattern.quote(column) + "(?![\\w$\"])").matcher(expression).find();
	}

	/** ALTER COLUMN ... SET EXPRESSION exists from PostgreSQL 17. */
	static final int SET_EXPRESSION_SINCE = 170000;

	private static @Nullable Difference columnMismatch(String s, String tn, ColumnInfo tc, ColumnInfo rc,
			String object, List<String> parents, int serverVersion) {
		String refText = describe(rc);
		String tgtText = describe(tc);
		if (refText.equals(tgtText)) {
			return null; // position alone differs: PostgreSQL cannot reorder columns, and nothing reads it
		}
		Difference d = Difference.mismatch("column", object, parents, refText, tgtText, List.of());
		if (unsafe(rc)) {
			return d.refused("The column's definition holds a statement separator, a comment or a line break",
					"Alter the column by hand");
		}
		String c = rc.name();
		List<SchemaChange> changes = new ArrayList<>();
		if (!Objects.equals(rc.generatedExpression(), tc.generatedExpression())) {
			if (tc.generatedExpression() == null) {
				return d.refused("PostgreSQL cannot make a plain column generated in place; dropping and adding it "
						+ "again loses its values and rewrites the table",
						"Drop the column and add it again as the reference has it, in a maintenance window");
			}
			if (rc.generatedExpression() == null) {
				changes.add(new RelationChange.DropColumnExpression(s, tn, c, tc.generatedExpression()));
			}
			else if (serverVersion >= SET_EXPRESSION_SINCE) {
				changes.add(new RelationChange.SetColumnExpression(s, tn, c, tc.generatedExpression(),
						rc.generatedExpression()));
			}
			else {
				return d.refused("PostgreSQL before 17 cannot change a generated column's expression in place; "
						+ "dropping and adding it again loses its values and rewrites the table",
						"Drop the column and add it again as the reference has it, in a maintenance window (or "
								+ "upgrade to PostgreSQL 17, where Tidemark sets the expression)");
			}
		}
		if (!rc.type().equals(tc.type())) {
			RelationTypes.Verdict v = RelationTypes.classify(tc.type(), rc.type());
			if (v.refusal() != null) {
				return d.refused("Changing the type of " + object + " from " + tc.type() + " to " + rc.type()
						+ " is refused: " + v.refusal(),
						"Add a new column of the reference's type, backfill and check it, then swap the columns");
			}
			boolean dropDefault = v.using() && tc.defaultExpression() != null;
			changes.add(new RelationChange.AlterColumnType(s, tn, c, tc.type(), rc.type(), rc.collation(), v.using(),
					v.rewrite(), dropDefault));
			if (dropDefault && rc.defaultExpression() != null && rc.defaultExpression().equals(tc.defaultExpression())) {
				// the same default text, dropped with the old type: set again after
				changes.add(new RelationChange.SetColumnDefault(s, tn, c, rc.defaultExpression(), null));
			}
		}
		else if (!Objects.equals(rc.collation(), tc.collation())) {
			changes.add(new RelationChange.SetColumnCollation(s, tn, c, rc.type(), rc.collation(), tc.collation()));
		}
		if (!Objects.equals(rc.defaultExpression(), tc.defaultExpression())) {
			changes.add(new RelationChange.SetColumnDefault(s, tn, c, rc.defaultExpression(), tc.defaultExpression()));
		}
		if (rc.nullable() != tc.nullable()) {
			// before an identity is added (it needs NOT NULL); DROP NOT NULL after an identity is dropped
			changes.add(rc.nullable() ? new RelationChange.DropNotNull(s, tn, c) : new RelationChange.SetNotNull(s, tn, c));
		}
		if (!Objects.equals(rc.identity(), tc.identity())) {
			changes.add(new RelationChange.SetColumnIdentity(s, tn, c, rc.identity(), tc.identity()));
		}
		if (!Objects.equals(rc.comment(), tc.comment())) {
			changes.add(new RelationChange.CommentOnColumn(s, tn, c, rc.comment(), tc.comment()));
		}
		if (rc.knowsSettings() && tc.knowsSettings()) { // a snapshot read before them: unknown is not compared
			if (!Objects.equals(rc.statisticsTarget(), tc.statisticsTarget())) {
				changes.add(new RelationChange.SetColumnStatistics(s, tn, c, rc.statisticsTarget(),
						tc.statisticsTarget()));
			}
			RelationChange.SetColumnStorage storage = storageChange(s, tn, rc, rc.type().equals(tc.type()) ? tc : null);
			if (storage != null) {
				changes.add(storage);
			}
		}
		if (changes.isEmpty()) {
			return null;
		}
		return Difference.mismatch("column", object, parents, refText, tgtText, changes);
	}

	// ------------------------------------------------------------------------------------------------ constraints

	private static Map<String, ConstraintInfo> constraintsOf(CatalogSnapshot s, Map<String, TableInfo> tables) {
		Map<String, ConstraintInfo> map = new LinkedHashMap<>();
		// foreign tables are not altered here (see the class comment): their constraints neither
		s.constraints().stream().filter(c -> !c.inherited() && tables.containsKey(c.tableKey())
				&& tables.get(c.tableKey()).kind() != TableInfo.TableKind.FOREIGN_TABLE)
			.forEach(c -> map.put(c.key(), c));
		return map;
	}

	static String plain(String definition) {
		return NOT_VALID.matcher(definition).replaceAll("");
	}

	private static List<Difference> constraints(CatalogSnapshot target, CatalogSnapshot reference,
			Map<String, TableInfo> tt, Map<String, TableInfo> rt) {
		Map<String, ConstraintInfo> t = constraintsOf(target, tt);
		Map<String, ConstraintInfo> r = constraintsOf(reference, rt);
		List<Difference> out = new ArrayList<>();
		for (ConstraintInfo rc : r.values()) {
			List<String> parents = childParents(rc.schema(), rc.table());
			ConstraintInfo tc = t.get(rc.key());
			TableInfo table = rt.get(rc.tableKey());
			boolean partitioned = table.kind() == TableInfo.TableKind.PARTITIONED_TABLE;
			String indexDefinition = backingIndex(rc, reference);
			if (tc == null) {
				Difference d = Difference.missing("constraint", rc.key(), parents, rc.definition(), List.of());
				if (!safe(rc.definition()) || indexDefinition != null && !safe(indexDefinition)) {
					out.add(d.refused("The definition holds a statement separator, a comment or a line break",
							"Add the constraint by hand"));
					continue;
				}
				List<String> dependsOn = new ArrayList<>();
				if (rc.type() == ConstraintInfo.ConstraintType.FOREIGN_KEY && rc.referencedTable() != null) {
					referencedKey(rc, reference).ifPresent(dependsOn::add);
				}
				out.add(Difference.missing("constraint", rc.key(), parents, rc.definition(),
						List.of(new RelationChange.AddConstraint(rc.schema(), rc.table(), rc.name(), rc.type().name(),
								plain(rc.definition()), rc.validated(), partitioned, indexDefinition, dependsOn,
								rc.columns()))));
				continue;
			}
			boolean sameDefinition = plain(rc.definition()).equals(plain(tc.definition()))
					&& rc.deferrable() == tc.deferrable() && rc.initiallyDeferred() == tc.initiallyDeferred()
					&& rc.type() == tc.type();
			if (sameDefinition) {
				if (rc.validated() && !tc.validated()) {
					Difference v = Difference.mismatch("constraint", rc.key(), parents, rc.definition(), tc.definition(),
							List.of(new RelationChange.ValidateConstraint(rc.schema(), rc.table(), rc.name())));
					if (tc.violatingRows() != null && tc.violatingRows() > 0) {
						v = v.refused((tc.violatingRows() >= ConstraintInfo.VIOLATING_ROWS_CAP ? "More than 10,000"
								: tc.violatingRows()) + " rows of the target break the constraint, so VALIDATE would fail",
								"Fix or remove those rows, then scan again");
					}
					out.add(v);
				}
				// reference NOT VALID, target valid: the target's is stronger, taken as equal
				continue;
			}
			Difference d = Difference.mismatch("constraint", rc.key(), parents, rc.definition(), tc.definition(),
					List.of());
			if (!safe(rc.definition()) || !safe(tc.definition()) || indexDefinition != null && !safe(indexDefinition)) {
				out.add(d.refused("A definition holds a statement separator, a comment or a line break",
						"Replace the constraint by hand"));
				continue;
			}
			if (rc.type() != tc.type()) {
				out.add(d.refused("The constraint is a " + tc.type() + " in the target and a " + rc.type()
						+ " in the reference", "Drop it and add the reference's, by hand"));
				continue;
			}
			if (isKey(tc) && referenced(tc, target)) {
				out.add(d.refused("Foreign keys reference the target's " + tc.key() + "; replacing it means dropping them",
						"Drop the referencing foreign keys, replace the key, and add them again (NOT VALID, then "
								+ "VALIDATE), by hand"));
				continue;
			}
			out.add(Difference.mismatch("constraint", rc.key(), parents, rc.definition(), tc.definition(),
					List.of(new RelationChange.ReplaceConstraint(rc.schema(), rc.table(), rc.name(), rc.type().name(),
							plain(tc.definition()), plain(rc.definition()), rc.validated(), partitioned,
							indexDefinition))));
		}
		for (ConstraintInfo tc : t.values()) {
			if (r.containsKey(tc.key()) || !rt.containsKey(tc.tableKey())) {
				continue; // an extra table's constraints go with it
			}
			out.add(Difference.extra("constraint", tc.key(), childParents(tc.schema(), tc.table()), tc.definition(),
					List.of(new RelationChange.DropConstraint(tc.schema(), tc.table(), tc.name(), tc.type().name(),
							plain(tc.definition())))));
		}
		return out;
	}

	private static boolean isKey(ConstraintInfo c) {
		return c.type() == ConstraintInfo.ConstraintType.PRIMARY_KEY || c.type() == ConstraintInfo.ConstraintType.UNIQUE;
	}

	/** Whether a foreign key of the snapshot references this key's table and columns. */
	private static boolean referenced(ConstraintInfo key, CatalogSnapshot s) {
		return s.constraints().stream().anyMatch(fk -> fk.type() == ConstraintInfo.ConstraintType.FOREIGN_KEY
				&& key.schema().equals(fk.referencedSchema()) && key.table().equals(fk.referencedTable())
				&& new LinkedHashSet<>(key.columns()).equals(new LinkedHashSet<>(fk.referencedColumns())));
	}

	/** The identity of the reference's key a foreign key points at, so its add runs first when both are planned. */
	private static java.util.Optional<String> referencedKey(ConstraintInfo fk, CatalogSnapshot reference) {
		return reference.constraints().stream()
			.filter(k -> isKey(k) && k.schema().equals(fk.referencedSchema()) && k.table().equals(fk.referencedTable())
					&& new LinkedHashSet<>(k.columns()).equals(new LinkedHashSet<>(fk.referencedColumns())))
			.map(k -> "constraint:" + k.key())
			.findFirst();
	}

	/** For a PRIMARY KEY or UNIQUE: the definition of the reference's index behind it. */
	private static @Nullable String backingIndex(ConstraintInfo c, CatalogSnapshot s) {
		if (!isKey(c) || c.index() == null) {
			return null;
		}
		return s.indexes().stream().filter(i -> i.schema().equals(c.schema()) && i.name().equals(c.index()))
			.map(IndexInfo::definition).findFirst().orElse(null);
	}

	// ------------------------------------------------------------------------------------------------ indexes

	private static Map<String, IndexInfo> indexesOf(CatalogSnapshot s, Map<String, TableInfo> tables) {
		Map<String, IndexInfo> map = new LinkedHashMap<>();
		for (IndexInfo i : s.indexes()) {
			TableInfo table = tables.get(i.tableKey());
			if (i.constraint() != null || table == null || mirrorsParent(i, table, s)) {
				continue;
			}
			map.put(i.key(), i);
		}
		return map;
	}

	/** A partition's index that matches an index of its parent: the parent's index made it, and attached it. */
	private static boolean mirrorsParent(IndexInfo i, TableInfo table, CatalogSnapshot s) {
		if (!table.isPartition()) {
			return false;
		}
		return s.indexes().stream().anyMatch(p -> p.tableKey().equals(table.partitionOf())
				&& p.unique() == i.unique() && p.method().equals(i.method()) && p.columns().equals(i.columns())
				&& p.includedColumns().equals(i.includedColumns()) && Objects.equals(p.predicate(), i.predicate()));
	}

	/** The table's columns an index names as keys or includes (expressions left out). */
	private static List<String> namedColumns(IndexInfo index, TableInfo table) {
		Set<String> names = new LinkedHashSet<>(index.columns());
		names.addAll(index.includedColumns());
		return table.columns().stream().map(ColumnInfo::name).filter(names::contains).toList();
	}

	private static List<Difference> indexes(CatalogSnapshot target, CatalogSnapshot reference,
			Map<String, TableInfo> tt, Map<String, TableInfo> rt) {
		Map<String, IndexInfo> t = indexesOf(target, tt);
		Map<String, IndexInfo> r = indexesOf(reference, rt);
		List<Difference> out = new ArrayList<>();
		for (IndexInfo ri : r.values()) {
			List<String> parents = childParents(ri.schema(), ri.table());
			boolean partitioned = rt.get(ri.tableKey()).kind() == TableInfo.TableKind.PARTITIONED_TABLE;
			IndexInfo ti = t.get(ri.key());
			if (ti != null && ti.definition().equals(ri.definition())) {
				continue;
			}
			Difference d = ti == null ? Difference.missing("index", ri.key(), parents, ri.definition(), List.of())
					: Difference.mismatch("index", ri.key(), parents, ri.definition(), ti.definition(), List.of());
			if (!safe(ri.definition()) || !INDEX.matcher(ri.definition()).matches()) {
				out.add(d.refused("The index definition is not one CREATE INDEX statement Tidemark puts into a changeset",
						"Create the index by hand"));
				continue;
			}
			if (ti != null && !ri.tableKey().equals(ti.tableKey())) {
				out.add(d.refused("The index is on another table in the target", "Drop and create it by hand"));
				continue;
			}
			if (ti == null) {
				out.add(Difference.missing("index", ri.key(), parents, ri.definition(),
						List.of(new RelationChange.CreateIndex(ri.schema(), ri.table(), ri.name(), ri.definition(),
								partitioned, namedColumns(ri, rt.get(ri.tableKey()))))));
			}
			else {
				if (!safe(ti.definition())) {
					out.add(d.refused("The target's index definition holds a statement separator, a comment or a line "
							+ "break", "Replace the index by hand"));
					continue;
				}
				out.add(Difference.mismatch("index", ri.key(), parents, ri.definition(), ti.definition(),
						List.of(new RelationChange.ReplaceIndex(ri.schema(), ri.table(), ri.name(), ti.definition(),
								ri.definition(), partitioned))));
			}
		}
		for (IndexInfo ti : t.values()) {
			if (r.containsKey(ti.key()) || !rt.containsKey(ti.tableKey())) {
				continue; // an extra table's indexes go with it
			}
			Difference d = Difference.extra("index", ti.key(), childParents(ti.schema(), ti.table()), ti.definition(),
					List.of());
			if (!safe(ti.definition())) {
				out.add(d.refused("The index definition holds a statement separator, a comment or a line break",
						"Drop the index by hand"));
				continue;
			}
			boolean partitioned = tt.get(ti.tableKey()).kind() == TableInfo.TableKind.PARTITIONED_TABLE;
			out.add(Difference.extra("index", ti.key(), childParents(ti.schema(), ti.table()), ti.definition(),
					List.of(new RelationChange.DropIndex(ti.schema(), ti.table(), ti.name(), ti.definition(),
							partitioned))));
		}
		return out;
	}
}
