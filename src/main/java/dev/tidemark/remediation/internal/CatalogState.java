package dev.tidemark.remediation.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.ViewInfo;
import dev.tidemark.remediation.Plan;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fingerprint of the catalog objects a plan touches: their tables (with columns), constraints, indexes,
 * partitioning and views (with their rules), plus the extensions and migration bookkeeping. A plan is bound to it; if it differs when
 * the plan is about to run, someone changed those objects since, and the plan is stale.
 */
final class CatalogState {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CatalogState() {
	}

	/**
	 * INVALID indexes that one of the plan's runAlways guards drops ({@code schema.name}): what its failed concurrent
	 * builds left behind. Others (an ON ONLY parent waiting for its partitions, one that was there before) are not
	 * the retry's to drop.
	 */
	static List<String> invalidIndexesGuarded(CatalogSnapshot snapshot, Plan plan) {
		List<String> guards = plan.steps().stream().filter(Plan.Step::runAlways).map(Plan.Step::sql).toList();
		return snapshot.indexes().stream()
			.filter(i -> !i.valid())
			.filter(i -> guards.stream().anyMatch(sql -> sql.contains(SqlIdentifiers.qualified(i.schema(), i.name()) + ";")))
			.map(i -> i.schema() + "." + i.name())
			.toList();
	}

	private static Set<String> tables(List<String> touchedObjects) {
		Set<String> tables = new TreeSet<>();
		for (String object : touchedObjects) {
			String[] parts = object.split("\\.");
			tables.add(parts.length >= 2 ? parts[0] + "." + parts[1] : object);
		}
		return tables;
	}

	/**
	 * The same objects as {@link #of}, one fingerprint each, keyed {@code "<kind> <schema>␟<table>[␟<name>]"}
	 * (U+001F between names, which may themselves hold dots): a
	 * table without its columns, each column, constraint, index, partitioning, view, a view's rules (where the
	 * snapshot read them), installed extension, and the
	 * migration bookkeeping as one. Lets a retry tell the plan's own effects from someone else's change.
	 */
	static Map<String, String> objects(CatalogSnapshot snapshot, List<String> touchedObjects) {
		Set<String> tables = tables(touchedObjects);
		Map<String, String> objects = new TreeMap<>();
		for (TableInfo table : snapshot.tables()) {
			if (!tables.contains(table.key())) {
				continue;
			}
			ObjectNode withoutColumns = withoutEstimate(table);
			withoutColumns.remove("columns");
			objects.put("table " + key(table.schema(), table.name()), hash(withoutColumns));
			table.columns().forEach(c -> objects.put("column " + key(table.schema(), table.name(), c.name()), hash(c)));
		}
		snapshot.constraints().stream().filter(c -> tables.contains(c.tableKey()))
			.forEach(c -> objects.put("constraint " + key(c.schema(), c.table(), c.name()), hash(c)));
		snapshot.indexes().stream().filter(i -> tables.contains(i.tableKey()))
			.forEach(i -> objects.put("index " + key(i.schema(), i.table(), i.name()), hash(i)));
		snapshot.partitioning().stream().filter(p -> tables.contains(p.key()))
			.forEach(p -> objects.put("partitioning " + key(p.schema(), p.table()), hash(p)));
		snapshot.views().stream().filter(v -> tables.contains(v.key()))
			.forEach(v -> objects.put("view " + key(v.schema(), v.name()), hash(withoutRules(v))));
		// a view's rules on their own: a plan made before snapshots read them has no such entry
		snapshot.views().stream().filter(v -> tables.contains(v.key()) && v.rules() != null)
			.forEach(v -> objects.put("rules " + key(v.schema(), v.name()), hash(v.rules())));
		snapshot.extensions().stream().filter(ExtensionInfo::installed)
			.forEach(e -> objects.put("extension " + e.name(), hash(e)));
		MigrationHistory m = snapshot.migrations();
		// Tidemark's own changelog table on the target is bookkeeping of the plan, not the application's migrations
		objects.put("migrations", hash(new MigrationHistory(m.liquibase().stream()
			.filter(l -> !l.table().equals(LiquibaseRunner.CHANGELOG_TABLE))
			.toList(), m.flyway(), m.prisma(), m.alembic())));
		return objects;
	}

	/**
	 * The objects that differ between the plan's fingerprints and the live catalog and that the plan itself does not
	 * explain. Explained: an object named by a step the target's changelog table records for this remediation (the
	 * plan's own completed work), and an INVALID index of a name and definition the plan builds (its own failed
	 * concurrent build, which the plan's guard drops and rebuilds). Anything else is someone else's change.
	 */
	static List<String> unexplainedChanges(Map<String, String> planned, CatalogSnapshot current, Plan plan,
			Set<String> recordedStepIds) {
		Map<String, String> now = objects(current, plan.touchedObjects());
		Set<String> keys = new TreeSet<>(planned.keySet());
		keys.addAll(now.keySet());
		List<Plan.Step> done = plan.steps().stream().filter(s -> recordedStepIds.contains(s.id())).toList();
		List<String> unexplained = new ArrayList<>();
		for (String key : keys) {
			if (Objects.equals(planned.get(key), now.get(key))) {
				continue;
			}
			if (key.startsWith("rules ") && !planned.containsKey(key)) {
				continue; // fingerprinted before rules were read: unknown then, so no change to tell
			}
			if (key.startsWith("view ") && withRules(current, key).equals(planned.get(key))) {
				continue; // fingerprinted when a view's hash held its rules
			}
			boolean ownWork = done.stream().anyMatch(step -> names(step.sql(), key, current));
			if (!ownWork && !ownIndexWork(key, current, plan)) {
				unexplained.add(key);
			}
		}
		return unexplained;
	}

	/** Whether a step's SQL names the object behind {@code key} (identifiers are always quoted in generated SQL). */
	private static boolean names(String sql, String key, CatalogSnapshot current) {
		if (key.equals("migrations")) {
			MigrationHistory m = current.migrations();
			List<String> tables = new ArrayList<>();
			m.liquibase().forEach(l -> tables.add(SqlIdentifiers.qualified(l.schema(), l.table())));
			m.flyway().forEach(f -> tables.add(SqlIdentifiers.qualified(f.schema(), f.table())));
			m.prisma().forEach(p -> tables.add(SqlIdentifiers.qualified(p.schema(), p.table())));
			m.alembic().forEach(a -> tables.add(SqlIdentifiers.qualified(a.schema(), a.table())));
			return tables.stream().anyMatch(sql::contains);
		}
		String kind = key.substring(0, key.indexOf(' '));
		String name = key.substring(key.indexOf(' ') + 1);
		if (kind.equals("extension")) {
			return sql.contains("EXTENSION") && sql.contains(SqlIdentifiers.quote(name));
		}
		String[] parts = splitKey(name);
		String table = SqlIdentifiers.qualified(parts[0], parts[1]);
		if (kind.equals("rules")) {
			// a rule's step is its pg_get_ruledef text, which names the view as quote_ident spells it
			return sql.contains(table) || spellings(parts[0]).stream()
				.anyMatch(s -> spellings(parts[1]).stream().anyMatch(v -> sql.contains(" TO " + s + "." + v + " ")));
		}
		if (parts[2] == null) {
			return sql.contains(table);
		}
		return sql.contains(SqlIdentifiers.quote(parts[2])) && (sql.contains(table) || sql.contains(SqlIdentifiers.qualified(parts[0], parts[2])));
	}

	/** The view behind {@code key} hashed whole, rules included, as plans of one earlier version did; or "". */
	private static String withRules(CatalogSnapshot current, String key) {
		String[] parts = splitKey(key.substring("view ".length()));
		return current.views().stream().filter(v -> v.schema().equals(parts[0]) && v.name().equals(parts[1]))
			.map(CatalogState::hash).findFirst().orElse("");
	}

	/** A name quoted, and bare where quote_ident may leave it so (a keyword is quoted: the quoted form covers it). */
	private static List<String> spellings(String name) {
		return name.matches("[a-z_][a-z0-9_$]*") ? List.of(SqlIdentifiers.quote(name), name)
				: List.of(SqlIdentifiers.quote(name));
	}

	/**
	 * An index the plan's own non-transactional steps left whether or not their run was recorded (a killed executor
	 * records nothing): one with the name and definition of a step's CREATE INDEX, valid (built, not recorded) or
	 * INVALID (a failed concurrent build); or one that is gone and that a step drops by name.
	 */
	private static boolean ownIndexWork(String key, CatalogSnapshot current, Plan plan) {
		if (!key.startsWith("index ")) {
			return false;
		}
		String[] parts = splitKey(key.substring("index ".length()));
		Optional<IndexInfo> index = current.indexes().stream()
			.filter(i -> i.schema().equals(parts[0]) && i.table().equals(parts[1]) && i.name().equals(parts[2]))
			.findFirst();
		if (index.isPresent()) {
			return plan.steps().stream().anyMatch(step -> sameIndex(step.sql(), index.get().definition()));
		}
		String dropped = SqlIdentifiers.qualified(parts[0], parts[2]) + ";";
		return plan.steps().stream().anyMatch(step -> step.sql().contains("DROP INDEX") && step.sql().contains(dropped));
	}

	/**
	 * A plan's {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] "name" ON "s"."t" …} and
	 * {@code pg_get_indexdef}'s {@code CREATE INDEX name ON s.t USING btree (…)} compared without the options that
	 * do not change the index, quotes, case and spacing.
	 */
	static boolean sameIndex(String stepSql, String definition) {
		return stepSql.lines().filter(l -> !l.startsWith("--")).map(CatalogState::normalizeIndexSql)
			.anyMatch(statement -> statement.startsWith("create ") && statement.equals(normalizeIndexSql(definition)));
	}

	private static String normalizeIndexSql(String sql) {
		return sql.replace("\"", "")
			.replaceAll("\\s+", " ")
			.strip()
			.replaceAll(";$", "")
			.replace(" CONCURRENTLY", "")
			.replace(" IF NOT EXISTS", "")
			.replace(" ONLY ", " ")
			.replace(" USING btree", "")
			.toLowerCase(Locale.ROOT);
	}

	private static final String SEPARATOR = "\u001f";

	private static String key(String... names) {
		return String.join(SEPARATOR, names);
	}

	/** A key as people read it: {@code index public.child.child_code_idx}. */
	static String readable(String key) {
		return key.replace(SEPARATOR, ".");
	}

	/** {@code schema␟table[␟name]} as [schema, table, name-or-null]. */
	private static String[] splitKey(String names) {
		String[] parts = names.split(SEPARATOR, 3);
		return new String[] { parts[0], parts[1], parts.length > 2 ? parts[2] : null };
	}

	/**
	 * A table as its fingerprint sees it: without the row estimate, which moves with the data (a plan is not stale
	 * because rows were written or ANALYZE ran), and so exactly as a fingerprint taken before the field existed.
	 */
	private static ObjectNode withoutEstimate(TableInfo table) {
		ObjectNode node = JSON.valueToTree(table);
		node.remove("estimatedRows");
		return node;
	}

	/**
	 * A view as its own fingerprint sees it: without its rules (fingerprinted apart, where known), and so exactly as
	 * a fingerprint taken before snapshots read them.
	 */
	private static ObjectNode withoutRules(ViewInfo view) {
		ObjectNode node = JSON.valueToTree(view);
		node.remove("rules");
		return node;
	}

	private static String hash(Object value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static String of(CatalogSnapshot snapshot, List<String> touchedObjects) {
		Set<String> tables = tables(touchedObjects);
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("tables",
				snapshot.tables().stream().filter(t -> tables.contains(t.key())).map(CatalogState::withoutEstimate).toList());
		state.put("constraints", snapshot.constraints().stream().filter(c -> tables.contains(c.tableKey())).toList());
		state.put("indexes", snapshot.indexes().stream().filter(i -> tables.contains(i.tableKey())).toList());
		state.put("partitioning", snapshot.partitioning().stream().filter(p -> tables.contains(p.key())).toList());
		state.put("views",
				snapshot.views().stream().filter(v -> tables.contains(v.key())).map(CatalogState::withoutRules).toList());
		List<Object> extensions = new ArrayList<>(snapshot.extensions().stream().filter(e -> e.installed()).toList());
		state.put("extensions", extensions);
		state.put("migrations", snapshot.migrations());
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(JSON.writeValueAsString(state).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
