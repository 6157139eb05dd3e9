package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.Contract.TableExpectation;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TimescaleInfo;
import dev.tidemark.inspection.model.TimescaleInfo.ChunkIndexGap;
import dev.tidemark.inspection.model.TimescaleInfo.Dimension;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import dev.tidemark.inspection.model.TimescaleInfo.Job;
import dev.tidemark.inspection.model.TimescaleInfo.ReferencingForeignKey;

/** Hand-built TimescaleDB snapshots and {@code timescale:} expectations for the TimescaleDB rule tests. */
final class TimescaleSnapshots {

	private final List<TableInfo> tables = new ArrayList<>();

	private final List<Hypertable> hypertables = new ArrayList<>();

	private final List<Job> jobs = new ArrayList<>();

	private String version = "2.23.0";

	private String license = "timescale";

	private boolean installed = true;

	static TimescaleSnapshots timescale() {
		return new TimescaleSnapshots();
	}

	TimescaleSnapshots version(String version) {
		this.version = version;
		return this;
	}

	TimescaleSnapshots license(String license) {
		this.license = license;
		return this;
	}

	TimescaleSnapshots notInstalled() {
		this.installed = false;
		return this;
	}

	/** A plain table with a created_at column. */
	TimescaleSnapshots table(String name) {
		tables.add(HealthTestSnapshots.table("public", name, HealthTestSnapshots.column("id", "bigint", false),
				HealthTestSnapshots.column("created_at", "timestamp with time zone", false)));
		return this;
	}

	TimescaleSnapshots hypertable(Hypertable hypertable) {
		table(hypertable.name());
		hypertables.add(hypertable);
		return this;
	}

	TimescaleSnapshots job(Job job) {
		jobs.add(job);
		return this;
	}

	CatalogSnapshot build() {
		CatalogSnapshot base = HealthTestSnapshots.snapshot().build();
		return new CatalogSnapshot(base.formatVersion(), base.server(), base.schemas(), base.extensions(),
				List.copyOf(tables), base.constraints(), base.indexes(), base.views(), base.sequences(),
				base.functions(), base.triggers(), base.partitioning(), base.migrations(),
				installed ? new TimescaleInfo(version, license, List.copyOf(hypertables), List.of(), List.copyOf(jobs))
						: null);
	}

	static Hypertable hypertable(String name, List<ChunkIndexGap> gaps, List<ReferencingForeignKey> referencing) {
		return new Hypertable("public", name,
				List.of(new Dimension(1, "created_at", "timestamp with time zone", "Time", "7 days", null)), 3,
				"2026-11-01 00:00:00+00", "2026-11-22 00:00:00+00", true, List.of("platform"), List.of("created_at DESC"),
				1, gaps, referencing);
	}

	static Hypertable hypertable(String name) {
		return hypertable(name, List.of(), List.of());
	}

	static Job compression(int id, String table, String after) {
		return job(id, "policy_compression", table, "compress_after", after);
	}

	static Job retention(int id, String table, String dropAfter) {
		return job(id, "policy_retention", table, "drop_after", dropAfter);
	}

	static Job job(int id, String procedure, String table, String key, String value) {
		TreeMap<String, String> config = new TreeMap<>();
		config.put(key, value);
		return new Job(id, "_timescaledb_functions." + procedure, "public", table, config, "1 day", true, null, null);
	}

	static Job failed(Job job, String error) {
		return new Job(job.id(), job.procedure(), job.hypertableSchema(), job.hypertableName(), job.config(),
				job.scheduleInterval(), job.scheduled(), "Failed", error);
	}

	static Contract expecting(String table, TimescaleExpectation timescale) {
		return new Contract(List.of(), List.of(new TableExpectation("public." + table, List.of(), null, List.of(),
				List.of(), List.of(), List.of(), null, timescale)), List.of(), null);
	}

	static TimescaleExpectation policies(String compressAfter, String dropAfter) {
		return new TimescaleExpectation(new TimescaleExpectation.Hypertable("created_at", null),
				compressAfter == null ? TimescaleExpectation.Compression.noCompression()
						: new TimescaleExpectation.Compression(false, compressAfter, null, null),
				dropAfter == null ? null : new TimescaleExpectation.Retention(dropAfter));
	}
}
