package dev.tidemark.remediation.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.inspection.model.SequenceInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;
import org.jspecify.annotations.Nullable;

import static dev.tidemark.remediation.internal.Sql.fit;
import static dev.tidemark.remediation.internal.Sql.hash;
import static dev.tidemark.common.SqlIdentifiers.quote;
import static dev.tidemark.common.SqlIdentifiers.quoteAll;
import static dev.tidemark.common.SqlIdentifiers.literal;
import static dev.tidemark.common.SqlIdentifiers.qualified;

/**
 * One generator per rule whose automatic repair is not yet a typed change (see {@code checks.change}). Each turns
 * a finding, the snapshot it came from and the contract into steps, or refuses with a reason and what to do instead. Facts come from the snapshot where it
 * has them (names split into schema and name), from the finding's evidence otherwise.
 */
public final class Generators {

	/**
	 * The rules repaired here (every other rule's findings carry typed changes, rendered by the renderers), in the
	 * order their repairs run: keys before constraints, indexes on a partitioned table before new partitions (their
	 * index steps list the partitions of the snapshot). See {@link #runsBefore} for their place among typed changes
	 * (the TimescaleDB and migration bookkeeping changes run after these, before views).
	 */
	public static final List<String> ORDER = List.of("missing-primary-key",
			"missing-constraint", "invalid-index",
			"missing-index", "unindexed-foreign-key", "matview-without-unique-index", "partition-horizon",
			"partition-gap", "sequence-exhaustion");

	/**
	 * The phase of typed changes a rule's steps run before. A primary key goes before typed constraints (a foreign
	 * key may reference it), an invalid index's rebuild before typed index builds; every other rule's steps run
	 * after the typed namespaces, columns, constraints and indexes it may need (an index on a table that gets new
	 * partitions), before views, behaviour and drops.
	 */
	public static SchemaChange.Phase runsBefore(String ruleId) {
		return switch (ruleId) {
			case "missing-primary-key" -> SchemaChange.Phase.ADD_CONSTRAINTS;
			case "invalid-index" -> SchemaChange.Phase.CREATE_INDEXES;
			default -> SchemaChange.Phase.CREATE_VIEWS;
		};
	}

	private static final Pattern ORDERING = Pattern
		.compile("(?i)\\s+((?:asc|desc)(?:\\s+nulls\\s+(?:first|last))?|nulls\\s+(?:first|last))$");

	/** A RANGE bound the rules print: MINVALUE, MAXVALUE, an integer, a date or a timestamp (UTC offset). */
	private static final Pattern BOUND = Pattern.compile("MINVALUE|MAXVALUE|-?\\d+|\\d{4,}-\\d{2}-\\d{2}"
			+ "( \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?)?([+-]\\d{2}(:?\\d{2}){0,2})?( BC)?");

	/** Sequence and column types narrower than bigint, as format_type prints them. */
	private static final Set<String> NARROW_TYPES = Set.of("smallint", "integer");

	/** Column types that hold every bigint: then widening the sequence is enough. */
	private static final Set<String> WIDE_COLUMNS = Set.of("bigint", "numeric");

	/** One step before numbering; {@code runAlways} for guards whose drift can come back (see Plan.Step). */
	public record Draft(String description, Risk risk, boolean transactional, String sql, Rollback rollback,
			String precondition, int expected, boolean runAlways) {

		Draft(String description, Risk risk, boolean transactional, String sql, Rollback rollback, String precondition,
				int expected) {
			this(description, risk, transactional, sql, rollback, precondition, expected, false);
		}
	}

	/** Steps and the objects they touch, or a refusal. */
	public record Outcome(List<Draft> drafts, List<String> touched, @Nullable String refusal,
			@Nullable String instead) {

		static Outcome of(List<Draft> drafts, String... touched) {
			return new Outcome(drafts, List.of(touched), null, null);
		}

		static Outcome refuse(String reason, String instead) {
			return new Outcome(List.of(), List.of(), reason, instead);
		}
	}

	private final UUID remediationId;

	private final CatalogSnapshot snapshot;

	private final @Nullable Contract contract;

	/** Relation names this plan creates, so two generated indexes never collide. */
	private final Set<String> claimed = new HashSet<>();

	public Generators(UUID remediationId, CatalogSnapshot snapshot, @Nullable Contract contract) {
		this.remediationId = remediationId;
		this.snapshot = snapshot;
		this.contract = contract;
	}

	public Outcome generate(Finding finding) {
		try {
			return switch (finding.ruleId()) {
				case "missing-index" -> missingIndex(finding);
				case "unindexed-foreign-key" -> unindexedForeignKey(finding);
				case "matview-without-unique-index" -> matview(finding);
				case "missing-primary-key" -> missingPrimaryKey(finding);
				case "missing-constraint" -> missingConstraint(finding);
				case "invalid-index" -> invalidIndex(finding);
				case "partition-horizon", "partition-gap" -> missingPartitions(finding);
				case "sequence-exhaustion" -> sequenceExhaustion(finding);
				case "column-type-mismatch", "unexpected-column" -> columnChange(finding);
				// the rule's findings carry typed changes; one stored before it did carries none
				default -> Outcome.refuse("The finding carries no changes to plan (it was stored before "
						+ finding.ruleId() + " described its repair as typed changes)",
						finding.repair().automatic()
								? "Scan the target again, which refreshes the finding, then propose it; or apply the "
										+ "repair by hand: " + finding.repair().summary()
								: String.valueOf(finding.repair().instead()));
			};
		}
		catch (Unsafe e) {
			return Outcome.refuse(e.getMessage(), e.instead);
		}
	}

	/**
	 * For a finding without an automatic repair, a refusal more specific than the rule's own text when the
	 * snapshot knows more (a column change on a compressed hypertable); null when the rule's text says it all.
	 */
	public @Nullable Outcome specificRefusal(Finding finding) {
		return switch (finding.ruleId()) {
			case "column-type-mismatch", "unexpected-column" -> generate(finding);
			default -> null;
		};
	}

	// ---------------------------------------------------------------- columns

	/**
	 * SET NOT NULL without a long ACCESS EXCLUSIVE scan: a CHECK added NOT VALID (brief lock), validated (SHARE
	 * UPDATE EXCLUSIVE: reads and writes go on), which lets SET NOT NULL skip its scan; then the CHECK goes.
	 */
	private List<Draft> setNotNull(String schema, String tableName, String column) {
		String table = qualified(schema, tableName);
		String check = "tidemark_not_null_" + hash(schema + "." + tableName + "." + column);
		String text = schema + "." + tableName + "." + column;
		String reg = Sql.regclass(schema, tableName);
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Add CHECK (" + column + " IS NOT NULL) NOT VALID on " + schema + "." + tableName
				+ " (brief lock, no scan)", Risk.MEDIUM, true,
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
		drafts.add(new Draft("Set NOT NULL on " + text + " (the validated check proves it: no scan)", Risk.MEDIUM,
				true, "ALTER TABLE " + table + " ALTER COLUMN " + quote(column) + " SET NOT NULL;",
				Rollback.sql("ALTER TABLE " + table + " ALTER COLUMN " + quote(column) + " DROP NOT NULL;"),
				Probes.nullableColumn(schema, tableName, column), 1));
		drafts.add(new Draft("Drop the helper check on " + text + " (NOT NULL now holds)", Risk.MEDIUM, true,
				"ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + quote(check) + ";",
				Rollback.nothingToUndo("the helper check only served the SET NOT NULL before it"),
				Probes.constraint(schema, tableName, check), 1));
		return drafts;
	}

	// ---------------------------------------------------------------- indexes

	/** A key: a column of the table is quoted, anything else is an expression (parenthesized); ordering kept. */
	private String indexKey(String entry, @Nullable TableInfo table) {
		String e = entry.strip();
		Matcher m = ORDERING.matcher(e);
		String ordering = "";
		if (m.find()) {
			ordering = " " + m.group(1).toUpperCase(Locale.ROOT);
			e = e.substring(0, m.start()).strip();
		}
		String plain = e.length() > 1 && e.startsWith("\"") && e.endsWith("\"")
				? e.substring(1, e.length() - 1).replace("\"\"", "\"") : e;
		if (table != null && table.columns().stream().anyMatch(c -> c.name().equals(plain))) {
			return quote(plain) + ordering;
		}
		return "(" + checkFragment(e, "index expression") + ")" + ordering;
	}

	/**
	 * Drop a same-named INVALID index first (IF NOT EXISTS would keep it), then build concurrently; plainly on a
	 * server that serves every client from one backend, where a concurrent build waits on itself.
	 */
	private List<Draft> buildIndex(String schema, String table, String name, String keys, boolean unique,
			@Nullable String method, @Nullable String where, String why) {
		return buildIndex(schema, table, name, keys, unique, method, where, why, Probes.relation(schema, name));
	}

	/** As above; the build runs while {@code absent} counts 0. */
	private List<Draft> buildIndex(String schema, String table, String name, String keys, boolean unique,
			@Nullable String method, @Nullable String where, String why, String absent) {
		String index = qualified(schema, name);
		boolean concurrently = !singleBackend();
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
	 * invalid), is built concurrently on each partition and attached; the last attach makes it valid. The
	 * partitions are the snapshot's: indexes are planned before any new partition (see ORDER).
	 */
	private List<Draft> partitionedIndex(TableInfo table, String name, String base, List<String> keyList,
			boolean unique, @Nullable String method, @Nullable String where, String why) {
		String schema = table.schema();
		PartitioningInfo p = snapshot.partitioning()
			.stream()
			.filter(x -> x.schema().equals(schema) && x.table().equals(table.name()))
			.findFirst()
			.orElseThrow(() -> new Unsafe("Partitioning of " + table.key() + " is not in the snapshot", "Scan again"));
		String keys = "(" + String.join(", ", keyList) + ")";
		if (unique && !uniqueKeyHoldsPartitionKey(p, keyList)) {
			throw new Unsafe("A unique index on partitioned table " + table.key() + " must include every partition "
					+ "key column (" + p.partitionKey() + ")", "Add the partition key to the index in the contract");
		}
		Set<String> foreign = snapshot.tables()
			.stream()
			.filter(t -> t.kind() == TableInfo.TableKind.FOREIGN_TABLE)
			.map(TableInfo::key)
			.collect(Collectors.toSet());
		for (PartitioningInfo.Partition part : p.partitions()) {
			if (part.subpartitioned() || foreign.contains(part.schema() + "." + part.name())) {
				throw new Unsafe("Partition " + part.schema() + "." + part.name() + " is "
						+ (part.subpartitioned() ? "itself partitioned" : "a foreign table")
						+ ", which Tidemark does not index per partition",
						"CREATE INDEX ... ON ONLY each partitioned level, build each leaf's index concurrently and "
								+ "ALTER INDEX ... ATTACH PARTITION level by level, by hand");
			}
		}
		String parent = qualified(schema, name);
		// completing a parent index that already exists (an earlier half-done build): it and the partition indexes
		// already attached to it are not Tidemark's to drop, so attaching to it has no automatic rollback
		boolean parentExisted = snapshot.indexes().stream().anyMatch(i -> i.schema().equals(schema) && i.name().equals(name));
		Rollback attachRollback = parentExisted
				? Rollback.none("index " + schema + "." + name + " existed before this plan; dropping it would drop "
						+ "partition indexes Tidemark did not build")
				: Rollback.sql("DROP INDEX IF EXISTS " + parent + ";");
		String on = (method == null ? " " : " USING " + method + " ") + keys + (where == null ? "" : " WHERE " + where);
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Create " + (unique ? "unique " : "") + "index " + schema + "." + name + " ON ONLY the "
				+ "partitioned table " + table.key() + " " + keys + ": catalog-only, nothing is built (brief SHARE "
				+ "lock); it stays invalid until every partition's index is attached: " + why, Risk.LOW, true,
				"-- squawk-ignore require-concurrent-index-creation\nCREATE " + (unique ? "UNIQUE " : "")
						+ "INDEX IF NOT EXISTS " + quote(name) + " ON ONLY " + qualified(schema, table.name()) + on
						+ ";",
				Rollback.sql("DROP INDEX IF EXISTS " + parent + ";"), Probes.relation(schema, name), 0));
		for (PartitioningInfo.Partition part : p.partitions()) {
			String index = freeName(part.schema(), part.name() + "_" + base, unique ? "_key" : "_idx");
			String attached = Probes.attachedIndex(schema, name, part.schema(), part.name());
			// a partition whose index is already attached (an earlier half-done run) needs no other
			drafts.addAll(buildIndex(part.schema(), part.name(), index, keys, unique, method, where,
					"partition of " + table.key() + ", to be attached to " + name,
					"SELECT count(*) FROM (SELECT 1) x WHERE (" + Probes.relation(part.schema(), index) + ") + ("
							+ attached + ") > 0"));
			drafts.add(new Draft("Attach index " + part.schema() + "." + index + " to " + schema + "." + name
					+ (parentExisted ? " (catalog-only, brief lock; an attached index cannot be detached)"
							: " (catalog-only, brief lock; an attached index cannot be detached, so rolling back drops "
									+ name + " with every partition's index)"), Risk.LOW, true,
					"ALTER INDEX " + parent + " ATTACH PARTITION " + qualified(part.schema(), index) + ";",
					attachRollback, attached, 0));
		}
		return drafts;
	}

	/** Whether every partition key column is a plain key of the index (an expression partition key never is). */
	private static boolean uniqueKeyHoldsPartitionKey(PartitioningInfo p, List<String> keys) {
		int parts = p.keyType() == null ? 0 : p.keyType().split(", ").length;
		return parts == p.keyColumns().size() && p.keyColumns()
			.stream()
			.allMatch(k -> keys.stream().anyMatch(key -> key.equals(quote(k)) || key.startsWith(quote(k) + " ")));
	}

	/** A new relation name in the schema: free in the snapshot and not yet claimed by this plan. */
	private String freeName(String schema, String base, String suffix) {
		String name = fit(base, suffix);
		for (int i = 2; taken(schema, name); i++) {
			name = fit(base, "_" + i + suffix);
		}
		claimed.add(schema + "\0" + name);
		return name;
	}

	/**
	 * An INVALID index with exactly the definition about to be built (a failed concurrent build, ours or someone's):
	 * the repair drops and rebuilds it under its own name instead of adding a second index beside it.
	 */
	private Optional<String> invalidIndexLike(String schema, String table, List<String> columns, boolean unique,
			@Nullable String method, @Nullable String where) {
		String wanted = method == null ? "btree" : method;
		Optional<String> name = snapshot.indexes()
			.stream()
			.filter(i -> !i.valid() && i.constraint() == null && i.schema().equals(schema) && i.table().equals(table))
			.filter(i -> i.unique() == unique && i.columns().equals(columns) && i.includedColumns().isEmpty()
					&& Objects.equals(i.predicate(), where) && i.method().equalsIgnoreCase(wanted))
			.map(IndexInfo::name)
			.filter(n -> !claimed.contains(schema + "\0" + n))
			.findFirst();
		name.ifPresent(n -> claimed.add(schema + "\0" + n));
		return name;
	}

	private boolean taken(String schema, String name) {
		return claimed.contains(schema + "\0" + name)
				|| snapshot.tables().stream().anyMatch(t -> t.schema().equals(schema) && t.name().equals(name))
				|| snapshot.indexes().stream().anyMatch(i -> i.schema().equals(schema) && i.name().equals(name))
				|| snapshot.views().stream().anyMatch(v -> v.schema().equals(schema) && v.name().equals(name))
				|| snapshot.sequences().stream().anyMatch(s -> s.schema().equals(schema) && s.name().equals(name));
	}

	/**
	 * An index on a partitioned table (ON ONLY the parent, then concurrently per partition), a materialized view's
	 * unique key, or any index on a single-backend server (without CONCURRENTLY). Other missing indexes come as a
	 * typed CreateIndex from the rule.
	 */
	private Outcome missingIndex(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		Map<String, Object> ev = f.evidence();
		if (ev.containsKey("uniqueKey")) {
			return uniqueMatviewIndex(schema, o.name(), strings(ev.get("uniqueKey")), o.text());
		}
		TableInfo table = table(schema, o.name()).orElseThrow(() -> new Unsafe("Table " + schema + "." + o.name()
				+ " is not in the snapshot", "Scan again"));
		List<String> columns = strings(ev.get("columns"));
		boolean unique = Boolean.TRUE.equals(ev.get("unique"));
		String method = ev.get("method") == null ? null : method((String) ev.get("method"));
		String where = ev.get("where") == null ? null : checkFragment((String) ev.get("where"), "index predicate");
		List<String> keyList = columns.stream().map(c -> indexKey(c, table)).toList();
		String keys = "(" + String.join(", ", keyList) + ")";
		String base = columns.stream().map(c -> c.replaceAll("\\W+", "_")).collect(Collectors.joining("_"));
		String name;
		if (ev.get("expectedName") instanceof String expected) {
			name = expected;
		}
		else if (ev.get("invalidIndex") instanceof String invalid) {
			name = invalid; // the failed build's name: dropped and built again (completed, if partitioned)
		}
		else if (table.kind() != TableInfo.TableKind.PARTITIONED_TABLE) {
			name = invalidIndexLike(schema, o.name(), columns, unique, method, where)
				.orElseGet(() -> freeName(schema, o.name() + "_" + base, unique ? "_key" : "_idx"));
		}
		else {
			name = freeName(schema, o.name() + "_" + base, unique ? "_key" : "_idx");
		}
		if (table.kind() == TableInfo.TableKind.PARTITIONED_TABLE) {
			return partitioned(table, name, partitionedIndex(table, name, base, keyList, unique, method, where,
					"the contract expects it"));
		}
		return Outcome.of(buildIndex(schema, o.name(), name, keys, unique, method, where, "the contract expects it"),
				schema + "." + o.name(), schema + "." + name);
	}

	/**
	 * The foreign key's index on a partitioned table (per partition) or on a single-backend server; other findings
	 * come as a typed CreateIndex from the rule.
	 */
	private Outcome unindexedForeignKey(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		TableInfo table = table(schema, o.name()).orElseThrow(() -> new Unsafe("Table " + schema + "." + o.name()
				+ " is not in the snapshot", "Scan again"));
		List<String> columns = strings(f.evidence().get("columns"));
		String name = (table.kind() == TableInfo.TableKind.PARTITIONED_TABLE ? Optional.<String>empty()
				: invalidIndexLike(schema, o.name(), columns, false, null, null))
			.orElseGet(() -> freeName(schema, o.name() + "_" + String.join("_", columns), "_idx"));
		String why = "deletes and key updates on the referenced table stop scanning " + schema + "." + o.name();
		if (table.kind() == TableInfo.TableKind.PARTITIONED_TABLE) {
			return partitioned(table, name, partitionedIndex(table, name, String.join("_", columns),
					columns.stream().map(SqlIdentifiers::quote).toList(), false, null, null, why));
		}
		return Outcome.of(buildIndex(schema, o.name(), name, "(" + quoteAll(columns) + ")", false, null, null, why),
				schema + "." + o.name(), schema + "." + name);
	}

	/** The table, its new index and every partition (their indexes are part of the plan's catalog state). */
	private Outcome partitioned(TableInfo table, String name, List<Draft> drafts) {
		List<String> touched = new ArrayList<>(List.of(table.key(), table.schema() + "." + name));
		snapshot.partitioning()
			.stream()
			.filter(p -> p.key().equals(table.key()))
			.flatMap(p -> p.partitions().stream())
			.forEach(part -> touched.add(part.schema() + "." + part.name()));
		return new Outcome(drafts, touched, null, null);
	}

	private Outcome matview(Finding f) {
		ObjectRef o = f.object();
		Object key = f.evidence().get("contractUniqueKey");
		if (key == null) {
			throw new Unsafe(f.repair().summary(), String.valueOf(f.repair().instead()));
		}
		return uniqueMatviewIndex(schema(o), o.name(), strings(key), o.text());
	}

	private Outcome uniqueMatviewIndex(String schema, String view, List<String> key, String text) {
		String name = freeName(schema, view + "_" + String.join("_", key), "_key");
		return Outcome.of(buildIndex(schema, view, name, "(" + quoteAll(key) + ")", true, null, null,
				"REFRESH MATERIALIZED VIEW CONCURRENTLY needs it"), text, schema + "." + name);
	}

	private Outcome invalidIndex(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		IndexInfo index = snapshot.indexes()
			.stream()
			.filter(i -> i.schema().equals(schema) && i.name().equals(o.name()))
			.findFirst()
			.orElseThrow(() -> new Unsafe("Index " + o.text() + " is not in the snapshot", "Scan again"));
		if (index.constraint() != null) {
			throw new Unsafe("The index belongs to constraint " + index.constraint(),
					"Drop and re-add the constraint by hand");
		}
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Drop the INVALID index " + o.text() + " concurrently", Risk.LOW, false,
				"DROP INDEX CONCURRENTLY IF EXISTS " + qualified(schema, index.name()) + ";",
				Rollback.nothingToUndo("an invalid index serves no query"), Probes.invalidIndex(schema, index.name()),
				1));
		if (!Boolean.TRUE.equals(f.evidence().get("leftByReindexConcurrently"))) {
			Matcher m = Pattern.compile("^CREATE (UNIQUE )?INDEX ").matcher(index.definition());
			if (!m.find()) {
				throw new Unsafe("The index definition is not a CREATE INDEX statement: " + index.definition(),
						"Rebuild it by hand");
			}
			String create = m.replaceFirst("CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ");
			drafts.add(new Draft("Build " + o.text() + " again concurrently from its definition"
					+ (index.unique() ? "; fails again while duplicate keys exist" : ""), Risk.LOW, false,
					checkFragment(create, "index definition") + ";",
					Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS " + qualified(schema, index.name()) + ";"),
					Probes.relation(schema, index.name()), 0));
		}
		return Outcome.of(drafts, o.text());
	}

	// ---------------------------------------------------------------- keys and constraints

	private Outcome missingPrimaryKey(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		List<String> key = strings(f.evidence().get("candidateKey"));
		if (key.isEmpty()) {
			throw new Unsafe(f.repair().summary(), String.valueOf(f.repair().instead()));
		}
		String source = String.valueOf(f.evidence().get("candidateSource"));
		return Outcome.of(primaryKey(schema, o.name(), key,
				source.startsWith("unique index ") ? source.substring("unique index ".length()) : null),
				schema + "." + o.name());
	}

	/**
	 * A primary key through a unique index built concurrently, then {@code ADD CONSTRAINT ... USING INDEX}; nullable
	 * key columns first get NOT NULL the long-lock-free way (USING INDEX would otherwise scan under ACCESS EXCLUSIVE).
	 */
	private List<Draft> primaryKey(String schema, String tableName, List<String> key, @Nullable String existingIndex) {
		TableInfo table = table(schema, tableName).orElseThrow(() -> new Unsafe("Table " + schema + "." + tableName
				+ " is not in the snapshot", "Scan again"));
		if (table.kind() == TableInfo.TableKind.PARTITIONED_TABLE) {
			throw new Unsafe("A partitioned table cannot take a primary key through a concurrently built index",
					"In a maintenance window, ALTER TABLE ... ADD PRIMARY KEY (it must include the partition key)");
		}
		List<Draft> drafts = new ArrayList<>();
		for (String column : key) {
			ColumnInfo c = table.columns()
				.stream()
				.filter(x -> x.name().equals(column))
				.findFirst()
				.orElseThrow(() -> new Unsafe("Key column " + column + " does not exist",
						"Add the column first (see missing-column), then scan again"));
			if (c.nullable()) {
				drafts.addAll(setNotNull(schema, tableName, column));
			}
		}
		String index = existingIndex != null ? existingIndex : freeName(schema, tableName, "_pkey");
		if (existingIndex == null) {
			drafts.addAll(buildIndex(schema, tableName, index, "(" + quoteAll(key) + ")", true, null, null,
					"the primary key's index"));
		}
		String t = qualified(schema, tableName);
		// the constraint takes the index's name, so USING INDEX renames nothing
		drafts.add(new Draft("Add primary key " + index + " (" + String.join(", ", key) + ") on " + schema + "."
				+ tableName + " using the unique index (brief ACCESS EXCLUSIVE, no scan)", Risk.MEDIUM, true,
				"ALTER TABLE " + t + " ADD CONSTRAINT " + quote(index) + " PRIMARY KEY USING INDEX " + quote(index) + ";",
				Rollback.sql("ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(index) + ";"),
				Probes.primaryKey(schema, tableName), 0));
		return drafts;
	}

	/**
	 * A missing primary key or unique constraint (built through a unique index, without CONCURRENTLY on a
	 * single-backend server); a replaced definition is refused. CHECK, EXCLUDE and foreign keys come as typed
	 * changes from the rule.
	 */
	private Outcome missingConstraint(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		Map<String, Object> ev = f.evidence();
		String kind = String.valueOf(ev.get("constraintType"));
		String t = qualified(schema, o.name());
		String text = schema + "." + o.name();
		if (ev.containsKey("actualDefinition")) {
			throw new Unsafe("Replacing an existing constraint's definition is not generated yet",
					"Add the expected constraint under a new name (NOT VALID, then VALIDATE), drop the old one and "
							+ "rename the new one, by hand");
		}
		switch (kind) {
			case "PRIMARY KEY" -> {
				return Outcome.of(primaryKey(schema, o.name(), strings(ev.get("expectedColumns")), null), text);
			}
			case "UNIQUE" -> {
				List<String> columns = strings(ev.get("expectedColumns"));
				String name = ev.get("constraint") instanceof String n ? n
						: freeName(schema, o.name() + "_" + String.join("_", columns), "_key");
				List<Draft> drafts = new ArrayList<>(buildIndex(schema, o.name(), name, "(" + quoteAll(columns) + ")",
						true, null, null, "the unique constraint's index"));
				drafts.add(new Draft("Add unique constraint " + name + " on " + text + " using the index (brief lock)",
						Risk.MEDIUM, true, "ALTER TABLE " + t + " ADD CONSTRAINT " + quote(name) + " UNIQUE USING INDEX "
								+ quote(name) + ";",
						Rollback.sql("ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(name) + ";"),
						Probes.constraint(schema, o.name(), name), 0));
				return Outcome.of(drafts, text);
			}
			default -> throw new Unsafe("Constraint type " + kind + " has no generator",
					String.valueOf(f.repair().instead()));
		}
	}

	// ---------------------------------------------------------------- partitions

	/**
	 * partition-horizon and partition-gap: the rule lists the missing partitions (name, from, to); each is created
	 * as a plain table like the parent, with a CHECK matching its bound so ATTACH need not scan it, then attached.
	 */
	@SuppressWarnings("unchecked")
	private Outcome missingPartitions(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		PartitioningInfo p = snapshot.partitioning()
			.stream()
			.filter(x -> x.schema().equals(schema) && x.table().equals(o.name()))
			.findFirst()
			.orElseThrow(() -> new Unsafe("Partitioning of " + o.text() + " is not in the snapshot", "Scan again"));
		if (!f.repair().automatic()) {
			throw new Unsafe(f.repair().summary(), String.valueOf(f.repair().instead()));
		}
		if (!"RANGE".equals(p.strategy())) {
			throw new Unsafe(o.text() + " is partitioned by " + p.strategy() + ", which has no FROM/TO bounds",
					"Create the partitions by hand");
		}
		// the snapshot knows whether the default partition has rows, not whether any fall in the new ranges
		if (Boolean.TRUE.equals(p.defaultPartitionHasRows())) {
			throw new Unsafe("The default partition " + p.defaultPartition() + " holds rows; ATTACH fails if any "
					+ "of them fall in a new partition's range, after scanning it under lock",
					"Move those rows into the new partition in one transaction (postgres-catalog.md §2.4), then "
							+ "attach it");
		}
		if (p.keyColumns().size() != 1) {
			throw new Unsafe("Multi-column partition keys are not generated", "Create the partitions by hand");
		}
		Object missing = f.evidence().get("missingPartitions");
		if (!(missing instanceof List<?> list) || list.isEmpty()) {
			throw new Unsafe("The finding lists no missing partitions", "Scan again");
		}
		String key = quote(p.keyColumns().get(0));
		String parent = qualified(schema, o.name());
		List<Draft> drafts = new ArrayList<>();
		List<String> touched = new ArrayList<>(List.of(o.text()));
		for (Object item : list) {
			Map<String, Object> slot = (Map<String, Object>) item;
			String from = String.valueOf(slot.get("from"));
			String to = String.valueOf(slot.get("to"));
			if (!BOUND.matcher(from).matches() || !BOUND.matcher(to).matches()) {
				throw new Unsafe("The bounds " + from + " .. " + to + " are not a date, timestamp or integer",
						"Create the partition by hand");
			}
			// a detached old partition may still carry the name: never adopt it with its rows
			String name = freeName(schema, String.valueOf(slot.get("name")), "");
			String part = qualified(schema, name);
			String check = "tidemark_bound_" + hash(schema + "." + name);
			List<String> terms = new ArrayList<>(List.of(key + " IS NOT NULL"));
			if (!from.equals("MINVALUE")) {
				terms.add(key + " >= " + literal(from));
			}
			if (!to.equals("MAXVALUE")) {
				terms.add(key + " < " + literal(to));
			}
			String bounds = "FROM (" + bound(from) + ") TO (" + bound(to) + ")";
			// INCLUDING ALL: generated columns must match for ATTACH; but not identity, which would give the
			// partition a sequence of its own (PARTITION OF gives it none)
			drafts.add(new Draft("Create table " + schema + "." + name + " like " + o.text()
					+ " with a CHECK matching its bound " + bounds + ", so ATTACH need not scan it", Risk.LOW, true,
					"CREATE TABLE IF NOT EXISTS " + part + " (LIKE " + parent + " INCLUDING ALL EXCLUDING IDENTITY);\n"
							+ "-- squawk-ignore constraint-missing-not-valid\n"
							+ "ALTER TABLE " + part + " ADD CONSTRAINT " + quote(check) + " CHECK ("
							+ String.join(" AND ", terms) + ");",
					Rollback.none("dropping " + schema + "." + name + " would delete the rows written to it since; "
							+ "detach it, then drop it by hand once it is empty"),
					Probes.relation(schema, name), 0));
			drafts.add(new Draft("Attach " + schema + "." + name + " to " + o.text() + " FOR VALUES " + bounds
					+ " (SHARE UPDATE EXCLUSIVE on the parent; the CHECK spares the scan"
					+ (p.defaultPartition() == null ? ""
							: "; the empty default partition " + p.defaultPartition() + " is scanned")
					+ "), then drop the helper CHECK", Risk.LOW, true,
					"ALTER TABLE " + parent + " ATTACH PARTITION " + part + " FOR VALUES " + bounds + ";\n"
							+ "ALTER TABLE " + part + " DROP CONSTRAINT IF EXISTS " + quote(check) + ";",
					Rollback.sql("ALTER TABLE " + parent + " DETACH PARTITION " + part + ";"),
					Probes.unattachedTable(schema, name), 1));
			touched.add(schema + "." + name);
		}
		return new Outcome(drafts, touched, null, null);
	}

	private static String bound(String value) {
		return value.equals("MINVALUE") || value.equals("MAXVALUE") ? value : literal(value);
	}

	// ---------------------------------------------------------------- sequences

	/**
	 * A smallint or integer sequence feeding a bigint (or numeric) column: widening the sequence is catalog-only.
	 * A narrow column is the real limit, and widening it rewrites the table, so that is refused.
	 */
	private Outcome sequenceExhaustion(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		SequenceInfo s = snapshot.sequences()
			.stream()
			.filter(x -> x.schema().equals(schema) && x.name().equals(o.name()))
			.findFirst()
			.orElseThrow(() -> new Unsafe("Sequence " + o.text() + " is not in the snapshot", "Scan again"));
		String column = s.ownedByTable() + "." + s.ownedByColumn();
		if (s.columnType() == null) {
			throw new Unsafe("The sequence is not owned by a column, so what its values feed is unknown",
					"If every column it feeds is bigint, ALTER SEQUENCE " + o.text() + " AS bigint by hand");
		}
		if (NARROW_TYPES.contains(s.columnType())) {
			throw new Unsafe("The limit is the " + s.columnType() + " column " + column + ": widening it (ALTER "
					+ "COLUMN ... TYPE bigint) rewrites the table under an ACCESS EXCLUSIVE lock",
					"Through the application's migrations: add a bigint column, keep it in step with a trigger, "
							+ "backfill it in batches, build its unique index concurrently, swap the columns (and the "
							+ "key, USING INDEX) in one short transaction; then ALTER SEQUENCE " + o.text()
							+ " AS bigint");
		}
		if (!WIDE_COLUMNS.contains(s.columnType())) {
			throw new Unsafe("The column " + column + " is " + s.columnType() + ", not known to hold every bigint",
					"Check the column's range, then ALTER SEQUENCE " + o.text() + " AS bigint by hand");
		}
		if (!NARROW_TYPES.contains(s.dataType())) {
			throw new Unsafe("The sequence is already " + s.dataType() + ": there is no wider sequence type",
					String.valueOf(f.repair().instead()));
		}
		boolean ascending = s.increment() > 0;
		long typeLimit = switch (s.dataType()) {
			case "smallint" -> ascending ? Short.MAX_VALUE : Short.MIN_VALUE;
			default -> ascending ? Integer.MAX_VALUE : Integer.MIN_VALUE;
		};
		if (s.cycle() || (ascending ? s.maxValue() : s.minValue()) != typeLimit) {
			// a bound below the type's own, or wrapping around, may be deliberate: not Tidemark's to lift
			throw new Unsafe("Sequence " + o.text() + (s.cycle() ? " cycles" : " has its own "
					+ (ascending ? "MAXVALUE " + s.maxValue() : "MINVALUE " + s.minValue())) + ", which may be deliberate",
					"If the limit is not intended, ALTER SEQUENCE " + o.text() + " AS bigint "
							+ (ascending ? "MAXVALUE " : "MINVALUE ") + "... by hand");
		}
		String seq = qualified(schema, o.name());
		String widen = ascending ? " MAXVALUE " + Long.MAX_VALUE : " MINVALUE " + Long.MIN_VALUE;
		// guarded by the type and bounds the scan saw: the rollback puts exactly those back
		String precondition = "SELECT count(*) FROM pg_catalog.pg_sequence WHERE seqrelid = "
				+ Sql.regclass(schema, o.name()) + " AND seqtypid = " + literal(s.dataType()) + "::regtype AND seqmin = "
				+ s.minValue() + " AND seqmax = " + s.maxValue();
		return Outcome.of(List.of(new Draft("Widen sequence " + o.text() + " from " + s.dataType() + " to bigint, "
				+ (ascending ? "MAXVALUE " + s.maxValue() + " becomes " + Long.MAX_VALUE
						: "MINVALUE " + s.minValue() + " becomes " + Long.MIN_VALUE)
				+ " (catalog-only: the " + s.columnType() + " column " + column + " already holds every value; "
				+ "rolling back fails once a value no longer fits " + s.dataType() + ")", Risk.MEDIUM, true,
				"ALTER SEQUENCE " + seq + " AS bigint" + widen + ";",
				Rollback.sql("ALTER SEQUENCE " + seq + " AS " + s.dataType() + " MINVALUE " + s.minValue()
						+ " MAXVALUE " + s.maxValue() + ";"),
				precondition, 1)), o.text(), s.ownedByTable());
	}

	// ---------------------------------------------------------------- columns of hypertables

	/**
	 * Dropping or retyping a column is never generated; on a hypertable with compression enabled it is refused with
	 * the specific reason: compressed chunks must be decompressed (a rewrite of every one) first.
	 */
	private Outcome columnChange(Finding f) {
		ObjectRef o = f.object();
		String what = f.ruleId().equals("unexpected-column") ? "drop" : "retype";
		boolean compressed = o.schema() != null && snapshot.timescale() != null && snapshot.timescale()
			.hypertables()
			.stream()
			.anyMatch(h -> h.schema().equals(o.schema()) && h.name().equals(o.name()) && h.compressionEnabled());
		if (compressed) {
			throw new Unsafe("Refusing to " + what + " a column of hypertable " + o.schema() + "." + o.name()
					+ ", which has compression enabled: TimescaleDB refuses or restricts column changes on compressed "
					+ "hypertables, and a type change rewrites every chunk",
					"Pause the compression policy, decompress the affected chunks (decompress_chunk), change the column "
							+ "in a maintenance window through the application's migrations, then recompress");
		}
		throw new Unsafe("Tidemark never generates a column " + (what.equals("drop") ? "drop (it deletes data)"
				: "type change (it may rewrite the table under an exclusive lock)"),
				f.repair().instead() == null ? "Change it through the application's migrations"
						: String.valueOf(f.repair().instead()));
	}

	/** PGlite: one backend for every client, so CONCURRENTLY (which waits for other sessions) cannot work. */
	private boolean singleBackend() {
		String version = snapshot.server() == null ? null : snapshot.server().version();
		return version != null && version.contains("Emscripten");
	}

	// ---------------------------------------------------------------- facts

	private Optional<TableInfo> table(String schema, String name) {
		return snapshot.tables().stream().filter(t -> t.schema().equals(schema) && t.name().equals(name)).findFirst();
	}

	private static String schema(ObjectRef o) {
		if (o.schema() == null) {
			throw new Unsafe("The finding names no schema for " + o.text(), "Scan again");
		}
		return o.schema();
	}

	private static String part(ObjectRef o) {
		if (o.part() == null) {
			throw new Unsafe("The finding names no column or constraint of " + o.text(), "Scan again");
		}
		return o.part();
	}

	private static List<String> strings(@Nullable Object value) {
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

	private static String method(String method) {
		if (!method.strip().matches("[A-Za-z_]+")) {
			throw new Unsafe("Unknown index method " + method, "Correct the contract");
		}
		return method.strip().toLowerCase(Locale.ROOT);
	}

	/**
	 * SQL written by the contract (a default, a predicate, a definition) goes in verbatim; a statement separator or
	 * comment in it would split or cut the changeset, so it is refused rather than escaped.
	 */
	private static String checkFragment(String sql, String what) {
		if (sql.contains(";") || sql.contains("--") || sql.contains("/*") || sql.contains("\n")) {
			throw new Unsafe("The " + what + " '" + sql + "' contains ';', a comment or a line break",
					"Apply it by hand, or simplify it in the contract");
		}
		return sql.strip();
	}

	/** A finding that has no safe automatic repair after all. */
	static final class Unsafe extends RuntimeException {

		private final String instead;

		Unsafe(String reason, String instead) {
			super(reason, null, false, false);
			this.instead = instead;
		}
	}
}
