package dev.tidemark.remediation.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.remediation.Plan;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fingerprint of the catalog objects a plan touches: their tables (with columns), constraints, indexes,
 * partitioning and views, plus the extensions and migration bookkeeping. A plan is bound to it; if it differs when
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
			.filter(i -> guards.stream().anyMatch(sql -> sql.contains(Sql.qualified(i.schema(), i.name()) + ";")))
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

	static String of(CatalogSnapshot snapshot, List<String> touchedObjects) {
		Set<String> tables = tables(touchedObjects);
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("tables", snapshot.tables().stream().filter(t -> tables.contains(t.key())).toList());
		state.put("constraints", snapshot.constraints().stream().filter(c -> tables.contains(c.tableKey())).toList());
		state.put("indexes", snapshot.indexes().stream().filter(i -> tables.contains(i.tableKey())).toList());
		state.put("partitioning", snapshot.partitioning().stream().filter(p -> tables.contains(p.key())).toList());
		state.put("views", snapshot.views().stream().filter(v -> tables.contains(v.key())).toList());
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
