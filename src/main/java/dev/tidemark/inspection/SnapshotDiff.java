package dev.tidemark.inspection;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
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
import org.jspecify.annotations.Nullable;

/**
 * The structured difference between two snapshots: per object kind, what was added, removed and changed (with
 * before, after and the names of the fields that differ). Pure function of two records; values that move with
 * the data alone (a sequence's last value, whether a default partition holds rows, how many rows break a NOT
 * VALID constraint) do not count as change.
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
			Set.of("violatingRows"));

	public static SnapshotDiff between(Snapshot from, Snapshot to) {
		return between(from.id(), from.catalog(), to.id(), to.catalog());
	}

	public static SnapshotDiff between(@Nullable UUID fromId, CatalogSnapshot from, @Nullable UUID toId,
			CatalogSnapshot to) {
		List<KindDiff> kinds = new ArrayList<>();
		addSingle(kinds, "server", from.server(), to.server());
		addKind(kinds, "schemas", from, to, CatalogSnapshot::schemas);
		addKind(kinds, "extensions", from, to, CatalogSnapshot::extensions);
		addKind(kinds, "tables", from, to, CatalogSnapshot::tables);
		addKind(kinds, "constraints", from, to, CatalogSnapshot::constraints);
		addKind(kinds, "indexes", from, to, CatalogSnapshot::indexes);
		addKind(kinds, "views", from, to, CatalogSnapshot::views);
		addKind(kinds, "sequences", from, to, CatalogSnapshot::sequences);
		addKind(kinds, "functions", from, to, CatalogSnapshot::functions);
		addKind(kinds, "triggers", from, to, CatalogSnapshot::triggers);
		addKind(kinds, "partitioning", from, to, CatalogSnapshot::partitioning);
		addSingle(kinds, "migrations", from.migrations(), to.migrations());
		return new SnapshotDiff(fromId, toId, kinds.isEmpty(), List.copyOf(kinds));
	}

	private static <T extends CatalogObject> void addKind(List<KindDiff> out, String kind, CatalogSnapshot from,
			CatalogSnapshot to, Function<CatalogSnapshot, List<T>> list) {
		Map<String, T> before = byKey(list.apply(from));
		Map<String, T> after = byKey(list.apply(to));
		Set<String> ignored = DATA_DEPENDENT.getOrDefault(kind, Set.of());
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

	private static <T extends CatalogObject> Map<String, T> byKey(List<T> objects) {
		Map<String, T> map = new TreeMap<>();
		for (T object : objects) {
			map.put(object.key(), object);
		}
		return map;
	}

	/** Names of the record components that differ, ignoring data-dependent ones. */
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
				if (!Objects.equals(a, b)) {
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
