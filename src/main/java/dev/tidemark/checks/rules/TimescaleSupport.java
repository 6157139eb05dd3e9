package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.TimescaleChange;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.checks.contract.Intervals;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.TimescaleInfo;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import dev.tidemark.inspection.model.TimescaleInfo.Job;
import org.jspecify.annotations.Nullable;

/** What the TimescaleDB rules share: hypertable and policy-job look-ups, interval and version comparison. */
final class TimescaleSupport {

	static final String COMPRESSION = "policy_compression";

	static final String RETENTION = "policy_retention";

	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

	private TimescaleSupport() {
	}

	static Optional<Hypertable> hypertable(CatalogSnapshot snapshot, Name name) {
		TimescaleInfo timescale = snapshot.timescale();
		if (timescale == null) {
			return Optional.empty();
		}
		return timescale.hypertables()
			.stream()
			.filter(h -> h.schema().equals(name.schema()) && h.name().equals(name.name()))
			.findFirst();
	}

	/** The jobs of one procedure ({@link #COMPRESSION}, {@link #RETENTION}) on a hypertable, oldest first. */
	static List<Job> jobs(CatalogSnapshot snapshot, Name table, String procedure) {
		TimescaleInfo timescale = snapshot.timescale();
		if (timescale == null) {
			return List.of();
		}
		return timescale.jobs()
			.stream()
			.filter(j -> procedure.equals(j.procedureName()) && table.schema().equals(j.hypertableSchema())
					&& table.name().equals(j.hypertableName()))
			.toList();
	}

	/** What a policy rule decides for one expected hypertable, given its oldest policy job of the rule's kind. */
	@FunctionalInterface
	interface PolicyCheck {

		Optional<Violation> check(ExpectedTable expected, Hypertable hypertable, @Nullable Job oldestPolicy);
	}

	/**
	 * Runs a policy rule on every table expectation with a {@code timescale:} section whose table is a hypertable,
	 * passing the oldest job of {@code procedure} ({@link #COMPRESSION}, {@link #RETENTION}), null when it has none.
	 */
	static List<Violation> checkPolicies(CheckContext context, String procedure, PolicyCheck check) {
		ContractFindings findings = new ContractFindings();
		for (ExpectedTable expected : expectations(ContractCatalog.expectedTables(context))) {
			// a plain or absent table is not-a-hypertable's or missing-table's finding
			Optional<Hypertable> hypertable = hypertable(context.snapshot(), expected.name());
			if (hypertable.isEmpty()) {
				continue;
			}
			List<Job> jobs = jobs(context.snapshot(), expected.name(), procedure);
			check.check(expected, hypertable.get(), jobs.isEmpty() ? null : jobs.get(0)).ifPresent(findings::add);
		}
		return findings.list();
	}

	/** Every table expectation that carries a {@code timescale:} section. */
	static List<ExpectedTable> expectations(List<ExpectedTable> tables) {
		return tables.stream().filter(t -> t.table().timescale() != null).toList();
	}

	static TimescaleExpectation.@Nullable Compression compression(ExpectedTable table) {
		return table.table().timescale().compression();
	}

	/**
	 * Equal by value ({@code 7 days} = {@code 168:00:00} = {@code 1 week}); integer-time hypertables store plain
	 * numbers, which are compared as written.
	 */
	static boolean sameInterval(@Nullable String expected, @Nullable String actual) {
		if (expected == null || actual == null) {
			return expected == actual;
		}
		return Intervals.same(expected, actual) || expected.trim().equals(actual.trim());
	}

	/**
	 * Whether the installed TimescaleDB is older than {@code major.minor}. A version that cannot be read counts as
	 * older: the caller then reports the more cautious severity.
	 */
	static boolean olderThan(@Nullable String version, int major, int minor) {
		if (version == null) {
			return true;
		}
		Matcher m = VERSION.matcher(version);
		if (!m.lookingAt()) {
			return true;
		}
		int actualMajor = Integer.parseInt(m.group(1));
		int actualMinor = Integer.parseInt(m.group(2));
		return actualMajor < major || (actualMajor == major && actualMinor < minor);
	}

	/**
	 * An ORDER BY entry as TimescaleDB prints it: single spaces, keywords in upper case, default directions and
	 * NULLS placements left out ({@code \"time\" ASC NULLS LAST} is {@code time}).
	 */
	static String orderByEntry(String entry) {
		// the catalog prints column names unquoted
		String s = entry.trim().replaceAll("\\s+", " ").replaceAll("\"([^\"]*)\"", "$1");
		String upper = s.toUpperCase(Locale.ROOT);
		for (String suffix : List.of(" ASC NULLS LAST", " DESC NULLS FIRST", " ASC")) {
			if (upper.endsWith(suffix)) {
				String kept = s.substring(0, s.length() - suffix.length());
				return suffix.startsWith(" DESC") ? kept + " DESC" : kept;
			}
		}
		for (String keyword : List.of(" DESC", " NULLS FIRST", " NULLS LAST")) {
			if (upper.endsWith(keyword)) {
				return orderByEntry(s.substring(0, s.length() - keyword.length())) + keyword;
			}
		}
		return s;
	}

	/**
	 * The schema of the timescaledb extension, which qualifies every TimescaleDB function a repair calls (the
	 * remediation session's search_path need not include it); {@code public} when the snapshot does not say.
	 */
	static String extensionSchema(CatalogSnapshot snapshot) {
		return snapshot.extensions()
			.stream()
			.filter(e -> e.name().equals("timescaledb"))
			.findFirst()
			.map(ExtensionInfo::schema)
			.orElse("public");
	}

	/**
	 * Enabling compression (unless it is) with the expected segmentby/orderby, then the policy compressing after
	 * {@code compression.after()} (which the caller made sure is given and {@linkplain #unsafeCompression safe}).
	 */
	static List<TimescaleChange> compressionChanges(Name table, String timescaleSchema,
			TimescaleExpectation.Compression compression, boolean enabled) {
		List<TimescaleChange> changes = new ArrayList<>();
		if (!enabled) {
			changes.add(new TimescaleChange.EnableCompression(table.schema(), table.name(), timescaleSchema,
					compression.segmentBy() == null ? List.of() : compression.segmentBy(),
					compression.orderBy() == null ? List.of() : compression.orderBy()));
		}
		changes.add(new TimescaleChange.AddCompressionPolicy(table.schema(), table.name(), timescaleSchema,
				compression.after()));
		return changes;
	}

	/** Why the compression changes cannot be generated: an interval or orderby entry that could split a changeset. */
	static Optional<Repair> unsafeCompression(TimescaleExpectation.Compression compression, boolean enabled) {
		Optional<Repair> unsafe = ContractSql.unsafeFragment(compression.after(), "compression interval");
		if (unsafe.isPresent() || enabled || compression.orderBy() == null) {
			return unsafe;
		}
		return compression.orderBy()
			.stream()
			.map(e -> ContractSql.unsafeFragment(e, "compression orderby"))
			.flatMap(Optional::stream)
			.findFirst();
	}

	/** {@code schema.table.name (columns)}, how a dashboard names a referencing key. */
	static String foreignKeyText(TimescaleInfo.ReferencingForeignKey fk) {
		return fk.schema() + "." + fk.table() + "." + fk.name() + " (" + String.join(", ", fk.columns()) + ")";
	}
}
