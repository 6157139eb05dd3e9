package dev.tidemark.checks.rules;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.SnapshotDiff;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.DefaultPrivilegeInfo;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.targets.CompareOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Every object added, removed or changed since the accepted baseline snapshot, one violation each, from
 * {@link SnapshotDiff}. Noise is taken out of both snapshots first: server settings and the database name (the
 * server version still counts), extensions that are only available and their default versions (they come with
 * the server's packages), migration tools' lock state (held during every deploy), and Tidemark's own changelog
 * tables on the target (every remediation writes them). The target's {@link CompareOptions} apply as to the
 * reference: owners off, no owner changes; privileges {@code none}, no grant or default-privilege changes;
 * {@code existing-roles}, none naming a role that one of the two snapshots lacks.
 */
@Component
final class DriftSinceBaseline implements Rule {

	private final RuleDescription description = new RuleDescription("drift-since-baseline",
			"Changed since the accepted baseline",
			Severity.MEDIUM, RuleCategory.BASELINE,
			"A schema change nobody accepted: a hot fix, a migration run out of band, or a change a release "
					+ "will not expect.",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	private static final Map<String, String> SINGULAR = Map.ofEntries(Map.entry("schemas", "schema"),
			Map.entry("extensions", "extension"), Map.entry("tables", "table"), Map.entry("constraints", "constraint"),
			Map.entry("indexes", "index"), Map.entry("views", "view"), Map.entry("sequences", "sequence"),
			Map.entry("functions", "function"), Map.entry("triggers", "trigger"),
			Map.entry("partitioning", "partitioning"), Map.entry("migrations", "migrations"),
			Map.entry("server", "server"), Map.entry("hypertables", "hypertable"),
			Map.entry("continuousAggregates", "continuous aggregate"), Map.entry("jobs", "job"),
			Map.entry("timescaleLicense", "TimescaleDB license"), Map.entry("types", "type"),
			Map.entry("collations", "collation"), Map.entry("policies", "policy"), Map.entry("privileges", "privilege"),
			Map.entry("defaultPrivileges", "default privilege"));

	@Override
	public List<Violation> evaluate(CheckContext context) {
		if (context.baseline() == null) {
			return List.of();
		}
		CompareOptions compare = context.compare();
		CatalogSnapshot baseline = context.baseline();
		CatalogSnapshot now = context.snapshot();
		SnapshotDiff diff = SnapshotDiff.between(null, comparable(baseline, compare, baseline, now), null,
				comparable(now, compare, baseline, now), compare.owners() ? Set.of() : Set.of("owner"));
		List<Violation> violations = new ArrayList<>();
		for (SnapshotDiff.KindDiff kind : diff.kinds()) {
			for (SnapshotDiff.Entry entry : kind.added()) {
				violations.add(violation(kind.kind(), entry.key(), "added",
						ContractFindings.evidence("kind", kind.kind(), "change", "added", "object", entry.object())));
			}
			for (SnapshotDiff.Entry entry : kind.removed()) {
				violations.add(violation(kind.kind(), entry.key(), "removed",
						ContractFindings.evidence("kind", kind.kind(), "change", "removed", "object", entry.object())));
			}
			for (SnapshotDiff.Change change : kind.changed()) {
				String what = "changed (" + String.join(", ", change.fields()) + ")";
				violations.add(violation(kind.kind(), change.key(), what,
						ContractFindings.evidence("kind", kind.kind(), "change", "changed", "fields", change.fields(),
								"before", fields(change.before(), change.fields()), "after",
								fields(change.after(), change.fields()), "columnChanges",
								columnChanges(change.before(), change.after()))));
			}
		}
		return List.copyOf(violations);
	}

	private Violation violation(String kind, String key, String what, Map<String, Object> evidence) {
		String singular = SINGULAR.getOrDefault(kind, kind);
		return Violation.of(this, ObjectRef.of(singular, null, key),
				Character.toUpperCase(singular.charAt(0)) + singular.substring(1) + " " + key + " " + what
						+ " since the baseline",
				evidence, Repair.manual("Tidemark cannot tell an intended change from an accident",
						"Accept a new baseline if the change is intended, or revert it through the application's "
								+ "migrations"));
	}

	/** The snapshot without what the target's options leave out of comparisons. */
	private static CatalogSnapshot comparable(CatalogSnapshot s, CompareOptions compare, CatalogSnapshot a,
			CatalogSnapshot b) {
		CatalogSnapshot c = comparable(s);
		if (!compare.comparesPrivileges()) {
			return withPrivileges(c, List.of(), List.of());
		}
		if (compare.onlyExistingRoles()) {
			return withPrivileges(c,
					c.privileges().stream().filter(p -> a.hasRole(p.grantee()) && b.hasRole(p.grantee())).toList(),
					c.defaultPrivileges()
						.stream()
						.filter(d -> a.hasRole(d.role()) && b.hasRole(d.role()) && a.hasRole(d.grantee())
								&& b.hasRole(d.grantee()))
						.toList());
		}
		return c;
	}

	private static CatalogSnapshot withPrivileges(CatalogSnapshot s, List<PrivilegeInfo> privileges,
			List<DefaultPrivilegeInfo> defaultPrivileges) {
		return new CatalogSnapshot(s.formatVersion(), s.server(), s.schemas(), s.extensions(), s.tables(),
				s.constraints(), s.indexes(), s.views(), s.sequences(), s.functions(), s.triggers(), s.partitioning(),
				s.migrations(), s.timescale(), s.types(), s.collations(), s.policies(), privileges, defaultPrivileges,
				s.roles());
	}

	/** The snapshot without the noise described in the class comment. */
	static CatalogSnapshot comparable(CatalogSnapshot s) {
		ServerInfo server = new ServerInfo(s.server().version(), s.server().versionNum(), "", new TreeMap<>());
		List<ExtensionInfo> extensions = s.extensions()
			.stream()
			.filter(ExtensionInfo::installed)
			.map(e -> new ExtensionInfo(e.name(), e.schema(), e.installedVersion(), null))
			.toList();
		MigrationHistory m = s.migrations();
		MigrationHistory migrations = new MigrationHistory(m.liquibase()
			.stream()
			.filter(l -> !ContractCatalog.tidemarkOwn(l.table()))
			.map(l -> new MigrationHistory.Liquibase(l.schema(), l.table(), l.changesets(), l.latestId(),
					l.latestAuthor(), l.latestFilename(), l.latestExecutedAt(), null, null, null, null))
			.toList(), m.flyway(),
				m.prisma()
					.stream()
					.map(p -> new MigrationHistory.Prisma(p.schema(), p.table(), false, p.migrations()))
					.toList(),
				m.alembic());
		return new CatalogSnapshot(s.formatVersion(), server, s.schemas(), extensions,
				withoutOwn(s.tables(), TableInfo::name), withoutOwn(s.constraints(), c -> c.table()),
				withoutOwn(s.indexes(), i -> i.table()), s.views(), s.sequences(), s.functions(), s.triggers(),
				s.partitioning(), migrations, s.timescale(), s.types(), s.collations(), s.policies(), s.privileges(),
				s.defaultPrivileges(), s.roles());
	}

	private static <T> List<T> withoutOwn(List<T> objects, Function<T, String> table) {
		return objects.stream().filter(o -> !ContractCatalog.tidemarkOwn(table.apply(o))).toList();
	}

	/** The named record components of {@code object}, nulls kept. */
	private static Map<String, @Nullable Object> fields(Object object, List<String> names) {
		Map<String, @Nullable Object> values = new TreeMap<>();
		if (!object.getClass().isRecord()) {
			values.put("value", object);
			return values;
		}
		for (RecordComponent component : object.getClass().getRecordComponents()) {
			if (names.contains(component.getName())) {
				try {
					values.put(component.getName(), component.getAccessor().invoke(object));
				}
				catch (ReflectiveOperationException e) {
					throw new IllegalStateException("Cannot read " + component, e);
				}
			}
		}
		return values;
	}

	/** For a table or view whose columns changed: which columns were added, removed or changed, by name. */
	private static @Nullable Map<String, List<String>> columnChanges(Object before, Object after) {
		if (!(before instanceof TableInfo b) || !(after instanceof TableInfo a) || b.columns().equals(a.columns())) {
			return null;
		}
		Map<String, ColumnInfo> old = new TreeMap<>();
		b.columns().forEach(c -> old.put(c.name(), c));
		Map<String, ColumnInfo> now = new TreeMap<>();
		a.columns().forEach(c -> now.put(c.name(), c));
		Map<String, List<String>> changes = new TreeMap<>();
		changes.put("added", now.keySet().stream().filter(n -> !old.containsKey(n)).toList());
		changes.put("removed", old.keySet().stream().filter(n -> !now.containsKey(n)).toList());
		changes.put("changed", old.keySet()
			.stream()
			.filter(n -> now.containsKey(n) && !Objects.equals(old.get(n), now.get(n)))
			.toList());
		return changes;
	}
}
