package dev.tidemark.remediation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tidemark.checks.change.RelationChange.AddKeyUsingIndex;
import dev.tidemark.checks.change.RelationChange.BuildIndex;
import dev.tidemark.checks.change.RelationChange.BuildPartitionedIndex;
import dev.tidemark.checks.change.RelationChange.CreatePartition;
import dev.tidemark.checks.change.RelationChange.PartitionIndex;
import dev.tidemark.checks.change.RelationChange.RebuildInvalidIndex;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;
import org.jspecify.annotations.Nullable;

import static dev.tidemark.common.SqlIdentifiers.literal;
import static dev.tidemark.common.SqlIdentifiers.qualified;
import static dev.tidemark.common.SqlIdentifiers.quote;
import static dev.tidemark.common.SqlIdentifiers.quoteAll;
import static dev.tidemark.remediation.internal.Sql.hash;

/**
 * Changesets for the relation changes the health and contract rules ask for by keys and bounds (indexes they
 * name, keys through a unique index, invalid indexes, missing partitions): concurrent builds where the server
 * allows them, keys added USING INDEX, NOT NULL proven by a validated check.
 */
final class RepairRenderer {

	private static final Pattern CREATE_INDEX = Pattern.compile("^CREATE (UNIQUE )?INDEX ");

	private RepairRenderer() {
	}

	static List<Draft> buildIndex(BuildIndex c) {
		return buildIndex(c.schema(), c.table(), c.name(), c.keys(), c.unique(), c.method(), c.where(), c.reason(),
				c.concurrently(), Probes.relation(c.schema(), c.name()));
	}

	/**
	 * Drop a same-named INVALID index first (IF NOT EXISTS would keep it), then build concurrently; plainly on a
	 * server that serves every client from one backend, where a concurrent build waits on itself. The build runs
	 * while {@code absent} counts 0.
	 */
	private static List<Draft> buildIndex(String schema, String table, String name, String keys,
			boolean unique, @Nullable String method, @Nullable String where, String why, boolean concurrently,
			String absent) {
		String index = qualified(schema, name);
		String mode = concurrently ? "CONCURRENTLY " : "";
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Drop the INVALID index " + schema + "." + name
				+ " left by an earlier failed build, if there is one", Risk.LOW, !concurrently,
				(concurrently ? "" : "-- squawk-ignore require-concurrent-index-deletion\n") + "DROP INDEX " + mode
						+ "IF EXISTS " + index + ";",
				Rollback.nothingToUndo("an invalid index serves no query"), Probes.invalidIndex(schema, name), 1, true));
		drafts.add(new Draft("Create " + (unique ? "unique " : "") + "index " + schema + "." + name + " on "
				+ schema + "." + table + " " + keys + (where == null ? "" : " WHERE " + where)
				+ (concurrently ? " CONCURRENTLY (reads and writes go on)"
						: " without CONCURRENTLY (one-backend server: writes to the table wait for the build)")
				+ (unique ? "; fails while duplicates exist" : "") + ": " + why, Risk.LOW, !concurrently,
				(concurrently ? "" : "-- squawk-ignore require-concurrent-index-creation\n") + "CREATE "
						+ (unique ? "UNIQUE " : "") + "INDEX " + mode + "IF NOT EXISTS " + quote(name) + " ON "
						+ qualified(schema, table) + (method == null ? "" : " USING " + method) + " " + keys
						+ (where == null ? "" : " WHERE " + where) + ";",
				Rollback.sql("DROP INDEX " + mode + "IF EXISTS " + index + ";"), absent, 0));
		return drafts;
	}

	/**
	 * CREATE INDEX CONCURRENTLY is refused on a partitioned table: the index goes ON ONLY the parent (catalog-only,
	 * invalid), is built concurrently on each partition and attached; the last attach makes it valid.
	 */
	static List<Draft> partitionedIndex(BuildPartitionedIndex c) {
		String schema = c.schema();
		String name = c.name();
		String tableKey = schema + "." + c.table();
		String parent = qualified(schema, name);
		// completing a parent index that already exists (an earlier half-done build): it and the partition indexes
		// already attached to it are not Tidemark's to drop, so attaching to it has no automatic rollback
		Rollback attachRollback = c.parentExists()
				? Rollback.none("index " + schema + "." + name + " existed before this plan; dropping it would drop "
						+ "partition indexes Tidemark did not build")
				: Rollback.sql("DROP INDEX IF EXISTS " + parent + ";");
		String on = (c.method() == null ? " " : " USING " + c.method() + " ") + c.keys()
				+ (c.where() == null ? "" : " WHERE " + c.where());
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Create " + (c.unique() ? "unique " : "") + "index " + schema + "." + name
				+ " ON ONLY the partitioned table " + tableKey + " " + c.keys() + ": catalog-only, nothing is built "
				+ "(brief SHARE lock); it stays invalid until every partition's index is attached: " + c.reason(),
				Risk.LOW, true,
				"-- squawk-ignore require-concurrent-index-creation\nCREATE " + (c.unique() ? "UNIQUE " : "")
						+ "INDEX IF NOT EXISTS " + quote(name) + " ON ONLY " + qualified(schema, c.table()) + on + ";",
				Rollback.sql("DROP INDEX IF EXISTS " + parent + ";"), Probes.relation(schema, name), 0));
		for (PartitionIndex part : c.partitions()) {
			String index = part.index();
			String attached = Probes.attachedIndex(schema, name, part.schema(), part.table());
			// a partition whose index is already attached (an earlier half-done run) needs no other
			drafts.addAll(buildIndex(part.schema(), part.table(), index, c.keys(), c.unique(), c.method(), c.where(),
					"partition of " + tableKey + ", to be attached to " + name, c.concurrently(),
					"SELECT count(*) FROM (SELECT 1) x WHERE (" + Probes.relation(part.schema(), index) + ") + ("
							+ attached + ") > 0"));
			drafts.add(new Draft("Attach index " + part.schema() + "." + index + " to " + schema + "." + name
					+ (c.parentExists() ? " (catalog-only, brief lock; an attached index cannot be detached)"
							: " (catalog-only, brief lock; an attached index cannot be detached, so rolling back drops "
									+ name + " with every partition's index)"), Risk.LOW, true,
					"ALTER INDEX " + parent + " ATTACH PARTITION " + qualified(part.schema(), index) + ";",
					attachRollback, attached, 0));
		}
		return drafts;
	}

	static List<Draft> rebuildInvalidIndex(RebuildInvalidIndex c) {
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Drop the INVALID index " + c.object() + " concurrently", Risk.LOW, false,
				"DROP INDEX CONCURRENTLY IF EXISTS " + qualified(c.schema(), c.name()) + ";",
				Rollback.nothingToUndo("an invalid index serves no query"), Probes.invalidIndex(c.schema(), c.name()),
				1));
		if (c.definition() != null) {
			Matcher m = CREATE_INDEX.matcher(c.definition());
			// the rule refuses any other definition; one that is not CREATE INDEX goes in as it is
			String create = m.find() ? m.replaceFirst("CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ") : c.definition();
			drafts.add(new Draft("Build " + c.object() + " again concurrently from its definition"
					+ (c.unique() ? "; fails again while duplicate keys exist" : ""), Risk.LOW, false,
					create.strip() + ";",
					Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS " + qualified(c.schema(), c.name()) + ";"),
					Probes.relation(c.schema(), c.name()), 0));
		}
		return drafts;
	}

	/**
	 * A primary key or unique constraint through a unique index built concurrently, then {@code ADD CONSTRAINT ...
	 * USING INDEX}; a primary key's nullable columns first get NOT NULL the long-lock-free way (USING INDEX would
	 * otherwise scan under ACCESS EXCLUSIVE).
	 */
	static List<Draft> keyUsingIndex(AddKeyUsingIndex c) {
		String schema = c.schema();
		String tableName = c.table();
		String index = c.name();
		String t = qualified(schema, tableName);
		String text = schema + "." + tableName;
		boolean primary = c.type().equals("PRIMARY_KEY");
		List<Draft> drafts = new ArrayList<>();
		for (String column : c.setNotNull()) {
			drafts.addAll(setNotNull(schema, tableName, column));
		}
		if (c.buildIndex()) {
			drafts.addAll(buildIndex(schema, tableName, index, "(" + quoteAll(c.columns()) + ")", true, null, null,
					primary ? "the primary key's index" : "the unique constraint's index", c.concurrently(),
					Probes.relation(schema, index)));
		}
		Rollback drop = Rollback.sql("ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(index) + ";");
		if (!primary) {
			drafts.add(new Draft("Add unique constraint " + index + " on " + text
					+ " using the index (brief lock)", Risk.MEDIUM, true, "ALTER TABLE " + t + " ADD CONSTRAINT "
							+ quote(index) + " UNIQUE USING INDEX " + quote(index) + ";",
					drop, Probes.constraint(schema, tableName, index), 0));
			return drafts;
		}
		// the constraint takes the index's name, so USING INDEX renames nothing
		drafts.add(new Draft("Add primary key " + index + " (" + String.join(", ", c.columns()) + ") on "
				+ text + " using the unique index (brief ACCESS EXCLUSIVE, no scan)", Risk.MEDIUM, true,
				"ALTER TABLE " + t + " ADD CONSTRAINT " + quote(index) + " PRIMARY KEY USING INDEX " + quote(index)
						+ ";",
				drop, Probes.primaryKey(schema, tableName), 0));
		return drafts;
	}

	/**
	 * SET NOT NULL without a long ACCESS EXCLUSIVE scan: a CHECK added NOT VALID (brief lock), validated (SHARE
	 * UPDATE EXCLUSIVE: reads and writes go on), which lets SET NOT NULL skip its scan; then the CHECK goes.
	 */
	private static List<Draft> setNotNull(String schema, String tableName, String column) {
		String table = qualified(schema, tableName);
		String check = "tidemark_not_null_" + hash(schema + "." + tableName + "." + column);
		String text = schema + "." + tableName + "." + column;
		String reg = Sql.regclass(schema, tableName);
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Add CHECK (" + column + " IS NOT NULL) NOT VALID on " + schema + "."
				+ tableName + " (brief lock, no scan)", Risk.MEDIUM, true,
				"ALTER TABLE " + table + " ADD CONSTRAINT " + quote(check) + " CHECK (" + quote(column)
						+ " IS NOT NULL) NOT VALID;",
				Rollback.sql("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + quote(check) + ";"),
				Probes.nullableColumn(schema, tableName, column) + " AND NOT EXISTS (SELECT 1 FROM "
						+ "pg_catalog.pg_constraint WHERE conrelid = " + reg + " AND conname = " + literal(check) + ")",
				1));
		drafts.add(new Draft("Validate the NOT NULL check on " + text
				+ " (scans under SHARE UPDATE EXCLUSIVE; fails while NULLs exist)", Risk.MEDIUM, true,
				"ALTER TABLE " + table + " VALIDATE CONSTRAINT " + quote(check) + ";",
				Rollback.nothingToUndo("validating changes no data and no definition"),
				Probes.unvalidatedConstraint(schema, tableName, check), 1));
		drafts.add(new Draft("Set NOT NULL on " + text + " (the validated check proves it: no scan)",
				Risk.MEDIUM, true, "ALTER TABLE " + table + " ALTER COLUMN " + quote(column) + " SET NOT NULL;",
				Rollback.sql("ALTER TABLE " + table + " ALTER COLUMN " + quote(column) + " DROP NOT NULL;"),
				Probes.nullableColumn(schema, tableName, column), 1));
		drafts.add(new Draft("Drop the helper check on " + text + " (NOT NULL now holds)", Risk.MEDIUM,
				true, "ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + quote(check) + ";",
				Rollback.nothingToUndo("the helper check only served the SET NOT NULL before it"),
				Probes.constraint(schema, tableName, check), 1));
		return drafts;
	}

	/**
	 * A plain table like the parent with a CHECK matching its bound, so ATTACH need not scan it, then attached and
	 * the CHECK dropped.
	 */
	static List<Draft> createPartition(CreatePartition c) {
		String schema = c.schema();
		String name = c.name();
		String parentText = c.parent().toString();
		String key = quote(c.keyColumn());
		String parent = qualified(c.parent().schema(), c.parent().name());
		String part = qualified(schema, name);
		String check = "tidemark_bound_" + hash(schema + "." + name);
		List<String> terms = new ArrayList<>(List.of(key + " IS NOT NULL"));
		if (!c.from().equals("MINVALUE")) {
			terms.add(key + " >= " + literal(c.from()));
		}
		if (!c.to().equals("MAXVALUE")) {
			terms.add(key + " < " + literal(c.to()));
		}
		String bounds = "FROM (" + bound(c.from()) + ") TO (" + bound(c.to()) + ")";
		List<Draft> drafts = new ArrayList<>();
		// INCLUDING ALL: generated columns must match for ATTACH; but not identity, which would give the partition a
		// sequence of its own (PARTITION OF gives it none)
		drafts.add(new Draft("Create table " + schema + "." + name + " like " + parentText
				+ " with a CHECK matching its bound " + bounds + ", so ATTACH need not scan it", Risk.LOW, true,
				"CREATE TABLE IF NOT EXISTS " + part + " (LIKE " + parent + " INCLUDING ALL EXCLUDING IDENTITY);\n"
						+ "-- squawk-ignore constraint-missing-not-valid\n"
						+ "ALTER TABLE " + part + " ADD CONSTRAINT " + quote(check) + " CHECK ("
						+ String.join(" AND ", terms) + ");",
				Rollback.none("dropping " + schema + "." + name + " would delete the rows written to it since; "
						+ "detach it, then drop it by hand once it is empty"),
				Probes.relation(schema, name), 0));
		drafts.add(new Draft("Attach " + schema + "." + name + " to " + parentText + " FOR VALUES " + bounds
				+ " (SHARE UPDATE EXCLUSIVE on the parent; the CHECK spares the scan"
				+ (c.defaultPartition() == null ? ""
						: "; the empty default partition " + c.defaultPartition() + " is scanned")
				+ "), then drop the helper CHECK", Risk.LOW, true,
				"ALTER TABLE " + parent + " ATTACH PARTITION " + part + " FOR VALUES " + bounds + ";\n"
						+ "ALTER TABLE " + part + " DROP CONSTRAINT IF EXISTS " + quote(check) + ";",
				Rollback.sql("ALTER TABLE " + parent + " DETACH PARTITION " + part + ";"),
				Probes.unattachedTable(schema, name), 1));
		return drafts;
	}

	private static String bound(String value) {
		return value.equals("MINVALUE") || value.equals("MAXVALUE") ? value : literal(value);
	}
}
