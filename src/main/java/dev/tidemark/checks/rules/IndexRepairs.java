package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tidemark.checks.Repair;
import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.checks.change.RelationChange.BuildIndex;
import dev.tidemark.checks.change.RelationChange.BuildPartitionedIndex;
import dev.tidemark.checks.change.RelationChange.PartitionIndex;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.inspection.model.TableInfo;
import org.jspecify.annotations.Nullable;

/**
 * The index builds rules ask for by keys (a contract's index, a foreign key's, a materialized view's unique key),
 * as typed changes: CONCURRENTLY, plainly on a single-backend server, per partition on a partitioned table. What
 * cannot be built safely is refused with a {@link Refused} carrying the manual repair.
 */
final class IndexRepairs {

	private IndexRepairs() {
	}

	/** A repair that turned out unsafe while building the change: the finding carries this manual repair. */
	static final class Refused extends RuntimeException {

		private final Repair repair;

		Refused(String reason, String instead) {
			super(reason, null, false, false);
			this.repair = Repair.manual(reason, instead);
		}

		Repair repair() {
			return repair;
		}
	}

	/** A new relation name in the schema: free in the snapshot and not yet claimed ({@code schema\0name}). */
	static String freeName(CatalogSnapshot snapshot, Set<String> claimed, String schema, String base, String suffix) {
		String name = ContractSql.freeName(base, suffix,
				n -> claimed.contains(schema + "\0" + n) || ContractSql.relationTaken(snapshot, schema, n));
		claimed.add(schema + "\0" + name);
		return name;
	}

	/** {@code keys} quoted and parenthesized; {@code base} names the index (and each partition's). */
	static RelationChange index(CatalogSnapshot snapshot, TableInfo table, String name, String base, List<String> keys,
			boolean unique, @Nullable String method, @Nullable String where, String why, Set<String> claimed) {
		boolean concurrently = !ContractSql.singleBackend(snapshot);
		String keyText = "(" + String.join(", ", keys) + ")";
		if (table.kind() != TableInfo.TableKind.PARTITIONED_TABLE) {
			return new BuildIndex(table.schema(), table.name(), name, keyText, unique, method, where, why,
					concurrently);
		}
		String schema = table.schema();
		PartitioningInfo p = snapshot.partitioning()
			.stream()
			.filter(x -> x.schema().equals(schema) && x.table().equals(table.name()))
			.findFirst()
			.orElseThrow(() -> new Refused("Partitioning of " + table.key() + " is not in the snapshot", "Scan again"));
		if (unique && !uniqueKeyHoldsPartitionKey(p, keys)) {
			throw new Refused("A unique index on partitioned table " + table.key() + " must include every partition "
					+ "key column (" + p.partitionKey() + ")", "Add the partition key to the index in the contract");
		}
		Set<String> foreign = snapshot.tables()
			.stream()
			.filter(t -> t.kind() == TableInfo.TableKind.FOREIGN_TABLE)
			.map(TableInfo::key)
			.collect(Collectors.toSet());
		for (PartitioningInfo.Partition part : p.partitions()) {
			if (part.subpartitioned() || foreign.contains(part.schema() + "." + part.name())) {
				throw new Refused("Partition " + part.schema() + "." + part.name() + " is "
						+ (part.subpartitioned() ? "itself partitioned" : "a foreign table")
						+ ", which Tidemark does not index per partition",
						"CREATE INDEX ... ON ONLY each partitioned level, build each leaf's index concurrently and "
								+ "ALTER INDEX ... ATTACH PARTITION level by level, by hand");
			}
		}
		boolean parentExists = snapshot.indexes().stream().anyMatch(i -> i.schema().equals(schema) && i.name().equals(name));
		List<PartitionIndex> partitions = new ArrayList<>();
		for (PartitioningInfo.Partition part : p.partitions()) {
			partitions.add(new PartitionIndex(part.schema(), part.name(),
					freeName(snapshot, claimed, part.schema(), part.name() + "_" + base, unique ? "_key" : "_idx")));
		}
		return new BuildPartitionedIndex(schema, table.name(), name, keyText, unique, method, where, why, partitions,
				parentExists, concurrently);
	}

	/** Whether every partition key column is a plain key of the index (an expression partition key never is). */
	private static boolean uniqueKeyHoldsPartitionKey(PartitioningInfo p, List<String> keys) {
		int parts = p.keyType() == null ? 0 : p.keyType().split(", ").length;
		return parts == p.keyColumns().size() && p.keyColumns()
			.stream()
			.allMatch(k -> keys.stream()
				.anyMatch(key -> key.equals(SqlIdentifiers.quote(k)) || key.startsWith(SqlIdentifiers.quote(k) + " ")));
	}
}
