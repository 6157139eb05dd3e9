package dev.tidemark.inspection;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import dev.tidemark.inspection.model.CatalogObject;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.TimescaleInfo;
import org.jspecify.annotations.Nullable;

/**
 * The structured difference between two snapshots: per object kind, what was added, removed and changed (with
 * before, after and the names of the fields that differ). Pure function of two records; values that move with
 * the data alone (a sequence's last value, whether a default partition holds rows, how many rows break a NOT
 * VALID constraint, a hypertable's chunks, a job's last run) do not count as change. TimescaleDB's hypertables,
 * continuous aggregates and jobs are kinds of their own.
 */
public record SnapshotDiff(@Nullable UUID fromSnapshotId, @Nullable UUID toSnapshotId, boolean identical,
		List<KindDiff> kinds) {

	/** What changed in one kind; kinds without change are left out. */
	public record KindDiff(String kind, List<Entry> added, List<Entry> removed, List<Change> changed) {
	}

	public record Entry(String key, Object object) {
	}

	public record Change(String key, List<String> fields, Object before, Object after) {
	}

	private static final Map<String, Set<String>> DATA_DEPENDENT = Map.of("sequences",
			Set.of("lastValue", "percentUsed"), "partitioning", Set.of("defaultPartitionHasRows"), "constraints",
			Set.of("violatingRows"), "tables", Set.of("estimatedRows"),
			// chunks come and go with the data; job ids change when a policy is re-added, run results are health
			"hypertables", Set.of("chunkCount", "rangeStart", "rangeEnd", "compressedChunks",
					"compressedBytes", "uncompressedBytes"), "jobs",
			Set.of("id", "lastRunStatus", "lastError"));

	public static SnapshotDiff between(Snapshot from, Snapshot to) {
		return between(from.id(), from.catalog(), to.id(), to.catalog());
	}

	/**
	 * Snapshots of different formats are compared as the older format saw them ({@link CatalogSnapshot#asFormat}):
	 * a format-1 baseline knows nothing of types, privileges or full definitions, which are not news.
	 */
	public static SnapshotDiff between(@Nullable UUID fromId, CatalogSnapshot from, @Nullable UUID toId,
			CatalogSnapshot to) {
		return between(fromId, from, toId, to, Set.of());
	}

	/** As {@link #between(UUID, CatalogSnapshot, UUID, CatalogSnapshot)}, not comparing fields of these names. */
	public static SnapshotDiff between(@Nullable UUID fromId, CatalogSnapshot from, @Nullable UUID toId,
			CatalogSnapshot to, Set<String> ignoredFields) {
		if (from.formatVersion() != to.formatVersion()) {
			int common = Math.min(from.formatVersion(), to.formatVersion());
			from = from.asFormat(common);
			to = to.asFormat(common);
		}
		List<KindDiff> kinds = new ArrayList<>();
		addSingle(kinds, "server", from.server(), to.server());
		addKind(kinds, "schemas", from, to, CatalogSnapshot::schemas, ignoredFields);
		addKind(kinds, "extensions", from, to, CatalogSnapshot::extensions, ignoredFields);
		addKind(kinds, "tables", from, to, CatalogSnapshot::tables, ignoredFields);
		addKind(kinds, "constraints", from, to, CatalogSnapshot::constraints, ignoredFields);
		addKind(kinds, "indexes", from, to, CatalogSnapshot::indexes, ignoredFields);
		addKind(kinds, "views", from, to, CatalogSnapshot::views, ignoredFields);
		addKind(kinds, "sequences", from, to, CatalogSnapshot::sequences, ignoredFields);
		addKind(kinds, "functions", from, to, CatalogSnapshot::functions, ignoredFields);
		addKind(kinds, "triggers", from, to, CatalogSnapshot::triggers, ignoredFields);
		addKind(kinds, "partitioning", from, to, CatalogSnapshot::partitioning, ignoredFields);
		addKind(kinds, "types", from, to, CatalogSnapshot::types, ignoredFields);
		addKind(kinds, "collations", from, to, CatalogSnapshot::collations, ignoredFields);
		addKind(kinds, "policies", from, to, CatalogSnapshot::policies, ignoredFields);
		addKind(kinds, "privileges", from, to, CatalogSnapshot::privileges, ignoredFields);
		addKind(kinds, "defaultPrivileges", from, to, CatalogSnapshot::defaultPrivileges, ignoredFields);
		addSingle(kinds, "migrations", from.migrations(), to.migrations());
		TimescaleInfo fromTs = from.timescale();
		TimescaleInfo toTs = to.timescale();
		if (fromTs != null && toTs != null) {
			// installing or removing the extension shows under extensions; these are what it holds
			addSingle(kinds, "timescaleLicense", fromTs.license(), toTs.license());
		}
		addKind(kinds, "hypertables", timescale(fromTs, TimescaleInfo::hypertables),
				timescale(toTs, TimescaleInfo::hypertables), CatalogObject::key, ignoredFields);
		addKind(kinds, "continuousAggregates", timescale(fromTs, TimescaleInfo::continuousAggregates),
				timescale(toTs, TimescaleInfo::continuousAggregates), CatalogObject::key, ignoredFields);
		addKind(kinds, "jobs", jobsByKey(timescale(fromTs, TimescaleInfo::jobs)),
				jobsByKey(timescale(toTs, TimescaleInfo::jobs)), ignoredFields);
		return new SnapshotDiff(fromId, toId, kinds.isEmpty(), List.copyOf(kinds));
	}

	private static <T extends CatalogObject> void addKind(List<KindDiff> out, String kind, CatalogSnapshot from,
			CatalogSnapshot to, Function<CatalogSnapshot, List<T>> list, Set<String> ignoredFields) {
		addKind(out, kind, list.apply(from), list.apply(to), CatalogObject::key, ignoredFields);
	}

	private static <T> void addKind(List<KindDiff> out, String kind, List<T> from, List<T> to,
			Function<? super T, String> key, Set<String> ignoredFields) {
		Map<String, T> before = new TreeMap<>();
		from.forEach(o -> before.put(key.apply(o), o));
		Map<String, T> after = new TreeMap<>();
		to.forEach(o -> after.put(key.apply(o), o));
		addKind(out, kind, before, after, ignoredFields);
	}

	private static <T> void addKind(List<KindDiff> out, String kind, Map<String, T> before, Map<String, T> after,
			Set<String> ignoredFields) {
		Set<String> ignored = new HashSet<>(DATA_DEPENDENT.getOrDefault(kind, Set.of()));
		ignored.addAll(ignoredFields);
		List<Entry> added = new ArrayList<>();
		List<Entry> removed = new ArrayList<>();
		List<Change> changed = new ArrayList<>();
		before.forEach((key, old) -> {
			T now = after.get(key);
			if (now == null) {
				removed.add(new Entry(key, old));
			}
			else if (!old.equals(now)) { // record equality first: reflection only for what really changed
				List<String> fields = differingFields(old, now, ignored);
				if (!fields.isEmpty()) {
					changed.add(new Change(key, fields, old, now));
				}
			}
		});
		after.forEach((key, now) -> {
			if (!before.containsKey(key)) {
				added.add(new Entry(key, now));
			}
		});
		if (!added.isEmpty() || !removed.isEmpty() || !changed.isEmpty()) {
			out.add(new KindDiff(kind, added, removed, changed));
		}
	}

	private static void addSingle(List<KindDiff> out, String kind, @Nullable Object before, @Nullable Object after) {
		if (before == null || after == null) {
			if (before != after) {
				out.add(new KindDiff(kind, after == null ? List.of() : List.of(new Entry(kind, after)),
						before == null ? List.of() : List.of(new Entry(kind, before)), List.of()));
			}
			return;
		}
		List<String> fields = differingFields(before, after, Set.of());
		if (!fields.isEmpty()) {
			out.add(new KindDiff(kind, List.of(), List.of(), List.of(new Change(kind, fields, before, after))));
		}
	}

	private static <T> List<T> timescale(@Nullable TimescaleInfo timescale, Function<TimescaleInfo, List<T>> list) {
		return timescale == null ? List.of() : list.apply(timescale);
	}

	/**
	 * Jobs keyed by what they do to which hypertable ({@code public.metrics policy_retention}), not by id: an id
	 * changes when a policy is removed and added again. Several jobs of one kind on one object get #2, #3 by id.
	 */
	private static Map<String, TimescaleInfo.Job> jobsByKey(List<TimescaleInfo.Job> jobs) {
		Map<String, TimescaleInfo.Job> map = new TreeMap<>();
		jobs.stream().sorted(Comparator.comparingInt(TimescaleInfo.Job::id)).forEach(job -> {
			String base = (job.hypertableName() == null ? "" : CatalogObject.qualified(job.hypertableSchema(),
					job.hypertableName()) + " ") + job.procedureName();
			String key = base;
			for (int n = 2; map.containsKey(key); n++) {
				key = base + " #" + n;
			}
			map.put(key, job);
		});
		return map;
	}

	/** Columns of a snapshot read before statistics targets and storage were: theirs are unknown, not compared. */
	private static boolean knowsSettings(List<?> columns) {
		return columns.stream().allMatch(c -> !(c instanceof ColumnInfo column) || column.knowsSettings());
	}

	private static List<?> withoutSettings(List<?> columns) {
		return columns.stream().map(c -> c instanceof ColumnInfo k ? new ColumnInfo(k.position(), k.name(), k.type(),
				k.nullable(), k.defaultExpression(), k.identity(), k.generatedExpression(), k.collation(), k.comment())
				: c).toList();
	}

	/**
	 * Names of the record components that differ, ignoring data-dependent ones, owners or rules one side lacks and
	 * column statistics targets and storage one side did not read.
	 */
	static List<String> differingFields(Object before, Object after, Set<String> ignored) {
		if (!before.getClass().isRecord()) {
			return before.equals(after) ? List.of() : List.of("value");
		}
		Map<String, Boolean> differs = new LinkedHashMap<>();
		for (RecordComponent component : before.getClass().getRecordComponents()) {
			if (ignored.contains(component.getName())) {
				continue;
			}
			try {
				Object a = component.getAccessor().invoke(before);
				Object b = component.getAccessor().invoke(after);
				if (a instanceof List<?> columnsBefore && b instanceof List<?> columnsAfter
						&& component.getName().equals("columns") && !(knowsSettings(columnsBefore)
								&& knowsSettings(columnsAfter))) {
					a = withoutSettings(columnsBefore);
					b = withoutSettings(columnsAfter);
				}
				// an owner or a view's rules a snapshot did not read (one taken before they were) is unknown, not changed
				boolean unknown = (component.getName().equals("owner") || component.getName().equals("rules"))
						&& (a == null || b == null);
				if (!unknown && !Objects.equals(a, b)) {
					differs.put(component.getName(), true);
				}
			}
			catch (ReflectiveOperationException e) {
				throw new IllegalStateException("Cannot read " + component, e);
			}
		}
		return List.copyOf(differs.keySet());
	}
}
