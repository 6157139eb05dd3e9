package dev.tidemark.checks.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tidemark.checks.contract.Contract.ColumnExpectation;
import dev.tidemark.checks.contract.Contract.ConstraintExpectation;
import dev.tidemark.checks.contract.Contract.EnumExpectation;
import dev.tidemark.checks.contract.Contract.FunctionExpectation;
import dev.tidemark.checks.contract.Contract.GrantExpectation;
import dev.tidemark.checks.contract.Contract.PolicyExpectation;
import dev.tidemark.checks.contract.Contract.TriggerExpectation;
import dev.tidemark.checks.contract.Contract.ViewExpectation;
import dev.tidemark.checks.contract.Contract.ExtensionExpectation;
import dev.tidemark.checks.contract.Contract.ForeignKeyExpectation;
import dev.tidemark.checks.contract.Contract.IndexExpectation;
import dev.tidemark.checks.contract.Contract.MaterializedViewExpectation;
import dev.tidemark.checks.contract.Contract.MigrationExpectations;
import dev.tidemark.checks.contract.Contract.PartitioningExpectation;
import dev.tidemark.checks.contract.Contract.TableExpectation;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.inspection.model.CatalogObject;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.ConstraintInfo.ConstraintType;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TimescaleInfo;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.inspection.model.ViewInfo;
import org.jspecify.annotations.Nullable;

/**
 * Drafts a contract that a snapshot satisfies exactly: checked against the snapshot it came from, it expects
 * what is there. It is also how a reference snapshot becomes expectations, so it copies rather than guesses:
 * <ul>
 * <li>extensions: every installed one, with its version;</li>
 * <li>tables: every table that is not a partition, except migration-tool bookkeeping ({@code _prisma_migrations},
 * {@code alembic_version}, {@code databasechangelog[lock]}, {@code flyway_schema_history}, any history table the
 * snapshot found) and Tidemark's own {@code tidemark_databasechangelog[lock]}; all columns in position order
 * with type ({@code format_type} spelling), nullability and default; the primary key; UNIQUE constraints;
 * foreign keys with name and both actions; indexes that back no constraint, with name, key columns or
 * expressions, predicate, uniqueness and the access method when it is not btree (INVALID indexes are left out:
 * a failed build is not an expectation); CHECK and EXCLUDE constraints by name and definition;</li>
 * <li>partitioning, for a RANGE-partitioned table on one date or timestamp column: the interval when every
 * bounded partition is exactly one aligned day, ISO week (7 days), calendar month or calendar year; the name
 * pattern when every partition's name renders from its lower bound ({@link PartitionNames}); and, when "now" is
 * given, premake as the number of partitions that start after now (so the snapshot meets it at that instant).
 * Anything else gets no partitioning entry rather than a wrong one;</li>
 * <li>materialized views, with the columns of their first valid, non-partial, expression-free unique index as
 * unique key;</li>
 * <li>migrations: the Alembic head when there is exactly one; {@code prisma: {allFinished: true}} when no
 * migration has an unresolved failure, else {@code prisma: {}}; {@code flyway: {}} and {@code liquibase: {}}
 * when the tool is present;</li>
 * <li>TimescaleDB, for each hypertable: the time column of its primary time dimension (and its chunk interval
 * when it is an interval); compression from its compression job ({@code after} = the job's
 * {@code compress_after}, with segmentby/orderby when set), or {@code none} when compression is not enabled
 * and no job exists (enabled without a job expects nothing); retention from its retention job's
 * {@code drop_after}. Jobs keyed by creation time ({@code *_created_before}) give no interval;</li>
 * <li>views: every view and materialized view with {@code materialized}; functions: every function and procedure
 * with its identity arguments; triggers: every user trigger with {@code enabled} (false only when DISABLED);
 * enums: every enum type with its values in order (no {@code allowExtra}); policies: every policy with command and
 * roles; grants: every privilege the snapshot lists, which never includes the owner's own.</li>
 * </ul>
 * Output is sorted by name (columns by position), so equal snapshots give equal contracts. A snapshot can hold
 * what the validator calls a contradiction (PostgreSQL accepts {@code ON DELETE SET NULL} on a NOT NULL column);
 * the draft keeps it, faithfully, and {@link ContractValidator} will name it.
 */
public final class ContractGenerator {

	/** Bookkeeping tables of migration tools and of Tidemark itself, in any schema (lower case). */
	static final Set<String> SKIPPED_TABLES = Set.of("tidemark_databasechangelog", "tidemark_databasechangeloglock",
			"_prisma_migrations", "alembic_version", "databasechangelog", "databasechangeloglock",
			"flyway_schema_history");

	private static final Pattern BOUND = Pattern
		.compile("(\\d{4}-\\d{2}-\\d{2})(?:[ T](\\d{2}):(\\d{2}):(\\d{2})(?:\\.0+)?)?(?:[+-]00(?::?00)?|Z)?");

	private ContractGenerator() {
	}

	/** A draft without premake: how far ahead partitions must exist depends on when it is checked. */
	public static Contract fromSnapshot(CatalogSnapshot snapshot) {
		return fromSnapshot(snapshot, null);
	}

	/** A draft whose partitioning premake counts the partitions that start after {@code now}. */
	public static Contract fromSnapshot(CatalogSnapshot snapshot, @Nullable Instant now) {
		Set<String> skipped = skippedTables(snapshot.migrations());
		Map<String, List<ConstraintInfo>> constraints = snapshot.constraints()
			.stream()
			.collect(Collectors.groupingBy(ConstraintInfo::tableKey));
		Map<String, List<IndexInfo>> indexes = snapshot.indexes()
			.stream()
			.collect(Collectors.groupingBy(IndexInfo::tableKey));
		Map<String, PartitioningInfo> partitioning = snapshot.partitioning()
			.stream()
			.collect(Collectors.toMap(PartitioningInfo::key, Function.identity()));
		List<ExtensionExpectation> extensions = snapshot.extensions()
			.stream()
			.filter(e -> e.installedVersion() != null)
			.map(e -> new ExtensionExpectation(e.name(), e.installedVersion()))
			.sorted(Comparator.comparing(ExtensionExpectation::name))
			.toList();
		List<TableExpectation> tables = snapshot.tables()
			.stream()
			.filter(t -> !t.isPartition() && !skipped.contains(t.key())
					&& !SKIPPED_TABLES.contains(t.name().toLowerCase(Locale.ROOT)))
			.map(t -> table(t, constraints.getOrDefault(t.key(), List.of()), indexes.getOrDefault(t.key(), List.of()),
					partitioning.get(t.key()), now, timescale(snapshot.timescale(), t)))
			.sorted(Comparator.comparing(TableExpectation::name))
			.toList();
		List<MaterializedViewExpectation> views = snapshot.views()
			.stream()
			.filter(ViewInfo::materialized)
			.map(v -> new MaterializedViewExpectation(v.key(), uniqueKey(v, indexes.getOrDefault(v.key(), List.of()))))
			.sorted(Comparator.comparing(MaterializedViewExpectation::name))
			.toList();
		return new Contract(extensions, tables, views, migrations(snapshot.migrations()), allViews(snapshot),
				functions(snapshot), triggers(snapshot), enums(snapshot), policies(snapshot), grants(snapshot));
	}

	private static List<ViewExpectation> allViews(CatalogSnapshot snapshot) {
		return snapshot.views()
			.stream()
			.map(v -> new ViewExpectation(v.key(), v.materialized()))
			.sorted(Comparator.comparing(ViewExpectation::name))
			.toList();
	}

	private static List<FunctionExpectation> functions(CatalogSnapshot snapshot) {
		return snapshot.functions()
			.stream()
			.map(f -> new FunctionExpectation(CatalogObject.qualified(f.schema(), f.name()), f.arguments()))
			.sorted(Comparator.comparing(FunctionExpectation::name).thenComparing(FunctionExpectation::arguments))
			.toList();
	}

	private static List<TriggerExpectation> triggers(CatalogSnapshot snapshot) {
		return snapshot.triggers()
			.stream()
			.map(t -> new TriggerExpectation(CatalogObject.qualified(t.schema(), t.table()), t.name(),
					!"DISABLED".equals(t.enabled())))
			.sorted(Comparator.comparing(TriggerExpectation::table).thenComparing(TriggerExpectation::name))
			.toList();
	}

	private static List<EnumExpectation> enums(CatalogSnapshot snapshot) {
		return snapshot.types()
			.stream()
			.filter(t -> t.kind() == TypeInfo.Kind.ENUM && !t.enumValues().isEmpty())
			.map(t -> new EnumExpectation(t.key(), t.enumValues(), null))
			.sorted(Comparator.comparing(EnumExpectation::name))
			.toList();
	}

	private static List<PolicyExpectation> policies(CatalogSnapshot snapshot) {
		return snapshot.policies()
			.stream()
			.map(p -> new PolicyExpectation(CatalogObject.qualified(p.schema(), p.table()), p.name(), p.command(),
					p.roles().isEmpty() ? null : p.roles()))
			.sorted(Comparator.comparing(PolicyExpectation::table).thenComparing(PolicyExpectation::name))
			.toList();
	}

	/**
	 * Every privilege the snapshot lists (the owner's own are never listed), a view's as kind VIEW; privileges the
	 * contract cannot name (none today) are left out rather than refused.
	 */
	private static List<GrantExpectation> grants(CatalogSnapshot snapshot) {
		Set<String> viewKeys = snapshot.views().stream().map(ViewInfo::key).collect(Collectors.toSet());
		List<GrantExpectation> grants = new ArrayList<>();
		for (PrivilegeInfo p : snapshot.privileges()) {
			String kind = p.objectKind().equals("TABLE") && viewKeys.contains(p.object()) ? "VIEW" : p.objectKind();
			Set<String> known = ObjectKinds.PRIVILEGES.get(kind);
			if (known == null) {
				continue;
			}
			List<String> privileges = p.privileges().stream().filter(known::contains).sorted().toList();
			if (!privileges.isEmpty()) {
				grants.add(new GrantExpectation(p.object(), kind, p.grantee(), privileges));
			}
		}
		grants.sort(Comparator.comparing(GrantExpectation::kind)
			.thenComparing(GrantExpectation::on)
			.thenComparing(GrantExpectation::to));
		return grants;
	}

	private static Set<String> skippedTables(MigrationHistory history) {
		Set<String> keys = new HashSet<>();
		history.liquibase().forEach(l -> keys.add(CatalogObject.qualified(l.schema(), l.table())));
		history.flyway().forEach(f -> keys.add(CatalogObject.qualified(f.schema(), f.table())));
		history.prisma().forEach(p -> keys.add(CatalogObject.qualified(p.schema(), p.table())));
		history.alembic().forEach(a -> keys.add(CatalogObject.qualified(a.schema(), a.table())));
		// a Liquibase lock table is listed under its changelog table's entry only when both exist
		history.liquibase().forEach(l -> keys.add(CatalogObject.qualified(l.schema(), l.table() + "lock")));
		return keys;
	}

	private static TableExpectation table(TableInfo table, List<ConstraintInfo> constraints, List<IndexInfo> indexes,
			@Nullable PartitioningInfo partitioning, @Nullable Instant now, @Nullable TimescaleExpectation timescale) {
		List<ColumnExpectation> columns = table.columns()
			.stream()
			.sorted(Comparator.comparingInt(ColumnInfo::position))
			.map(c -> new ColumnExpectation(c.name(), c.type(), c.nullable(), c.defaultExpression()))
			.toList();
		List<String> primaryKey = constraints.stream()
			.filter(c -> c.type() == ConstraintType.PRIMARY_KEY)
			.map(ConstraintInfo::columns)
			.findFirst()
			.orElse(null);
		List<List<String>> unique = constraints.stream()
			.filter(c -> c.type() == ConstraintType.UNIQUE)
			.map(ConstraintInfo::columns)
			.sorted(Comparator.comparing((List<String> key) -> String.join("\u0000", key)))
			.toList();
		List<ForeignKeyExpectation> foreignKeys = constraints.stream()
			.filter(c -> c.type() == ConstraintType.FOREIGN_KEY)
			.sorted(Comparator.comparing(ConstraintInfo::name))
			.map(c -> new ForeignKeyExpectation(c.name(), c.columns(),
					new ForeignKeyExpectation.Reference(
							CatalogObject.qualified(c.referencedSchema(), c.referencedTable()), c.referencedColumns()),
					c.onDelete(), c.onUpdate()))
			.toList();
		List<IndexExpectation> indexExpectations = indexes.stream()
			.filter(i -> i.constraint() == null && !i.primary() && i.valid())
			.sorted(Comparator.comparing(IndexInfo::name))
			.map(i -> new IndexExpectation(i.name(), i.columns(), i.predicate(), i.unique(),
					"btree".equals(i.method()) ? null : i.method()))
			.toList();
		List<ConstraintExpectation> checks = constraints.stream()
			.filter(c -> c.type() == ConstraintType.CHECK || c.type() == ConstraintType.EXCLUDE)
			.sorted(Comparator.comparing(ConstraintInfo::name))
			.map(c -> new ConstraintExpectation(c.name(), c.definition()))
			.toList();
		return new TableExpectation(table.key(), columns, primaryKey, unique, foreignKeys, indexExpectations, checks,
				partitioning == null ? null : partitioning(partitioning, now).orElse(null), timescale);
	}

	/** The table's TimescaleDB settings as expectations; null for a plain table or without TimescaleDB. */
	static @Nullable TimescaleExpectation timescale(@Nullable TimescaleInfo info, TableInfo table) {
		if (info == null) {
			return null;
		}
		Optional<TimescaleInfo.Hypertable> found = info.hypertables()
			.stream()
			.filter(h -> h.schema().equals(table.schema()) && h.name().equals(table.name()))
			.findFirst();
		if (found.isEmpty()) {
			return null;
		}
		TimescaleInfo.Hypertable hypertable = found.get();
		TimescaleExpectation.Hypertable dimension = hypertable.dimensions()
			.stream()
			.filter(d -> "Time".equals(d.kind()))
			.min(Comparator.comparingInt(TimescaleInfo.Dimension::number))
			.map(d -> new TimescaleExpectation.Hypertable(d.column(),
					Intervals.tryParse(d.interval()).isPresent() ? d.interval() : null))
			.orElse(null);
		Optional<TimescaleInfo.Job> compressionJob = job(info, hypertable, "policy_compression");
		TimescaleExpectation.Compression compression = null;
		if (compressionJob.isPresent()) {
			compression = new TimescaleExpectation.Compression(false, interval(compressionJob.get(), "compress_after"),
					hypertable.segmentBy().isEmpty() ? null : hypertable.segmentBy(),
					hypertable.orderBy().isEmpty() ? null : hypertable.orderBy());
		}
		else if (!hypertable.compressionEnabled()) {
			compression = TimescaleExpectation.Compression.noCompression();
		}
		TimescaleExpectation.Retention retention = job(info, hypertable, "policy_retention")
			.map(j -> interval(j, "drop_after"))
			.map(TimescaleExpectation.Retention::new)
			.orElse(null);
		return new TimescaleExpectation(dimension, compression, retention);
	}

	private static Optional<TimescaleInfo.Job> job(TimescaleInfo info, TimescaleInfo.Hypertable hypertable,
			String procedure) {
		return info.jobs()
			.stream()
			.filter(j -> procedure.equals(j.procedureName()) && hypertable.schema().equals(j.hypertableSchema())
					&& hypertable.name().equals(j.hypertableName()))
			.findFirst();
	}

	/** The job's interval setting, when it is one (integer-time hypertables store numbers the contract refuses). */
	private static @Nullable String interval(TimescaleInfo.Job job, String key) {
		String value = job.config().get(key);
		return Intervals.tryParse(value).isPresent() ? value : null;
	}

	/** A partition's lower bound and name; only bounds that are whole UTC dates qualify. */
	private record Bounded(String name, LocalDate from, LocalDate to) {
	}

	static Optional<PartitioningExpectation> partitioning(PartitioningInfo info, @Nullable Instant now) {
		if (!"RANGE".equals(info.strategy()) || info.keyColumns().size() != 1 || info.keyType() == null) {
			return Optional.empty();
		}
		String keyType = TypeNames.normalize(info.keyType());
		if (!keyType.equals("date") && !keyType.startsWith("timestamp")) {
			return Optional.empty();
		}
		List<Bounded> bounded = new ArrayList<>();
		for (PartitioningInfo.Partition p : info.partitions()) {
			if (p.from() == null || p.to() == null) {
				continue; // DEFAULT
			}
			if (p.from().equalsIgnoreCase("MINVALUE") || p.to().equalsIgnoreCase("MAXVALUE")) {
				continue; // a catch-all at either end says nothing about the interval
			}
			Optional<LocalDate> from = date(p.from());
			Optional<LocalDate> to = date(p.to());
			if (from.isEmpty() || to.isEmpty()) {
				return Optional.empty();
			}
			bounded.add(new Bounded(p.name(), from.get(), to.get()));
		}
		if (bounded.isEmpty()) {
			return Optional.empty();
		}
		bounded.sort(Comparator.comparing(Bounded::from));
		String interval = interval(bounded.get(0));
		if (interval == null || bounded.stream().anyMatch(b -> !interval.equals(interval(b)))) {
			return Optional.empty();
		}
		Integer premake = now == null ? null
				: (int) bounded.stream()
					.filter(b -> b.from().atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(now))
					.count();
		return Optional.of(new PartitioningExpectation(info.keyColumns().get(0), interval, premake,
				namePattern(interval, bounded)));
	}

	private static @Nullable String interval(Bounded b) {
		LocalDate from = b.from();
		LocalDate to = b.to();
		if (to.equals(from.plusDays(1))) {
			return Intervals.DAY;
		}
		if (to.equals(from.plusWeeks(1))) {
			return Intervals.WEEK;
		}
		if (from.getDayOfMonth() == 1 && to.equals(from.plusMonths(1))) {
			return Intervals.MONTH;
		}
		if (from.getDayOfYear() == 1 && to.equals(from.plusYears(1))) {
			return Intervals.YEAR;
		}
		return null;
	}

	/** The placeholders each interval may be named by, most specific first. */
	private static final Map<String, List<List<String>>> CANDIDATES = Map.of(Intervals.DAY,
			List.of(List.of("yyyy", "MM", "dd")), Intervals.WEEK,
			List.of(List.of("yyyy", "MM", "dd"), List.of("yyyy", "ww")), Intervals.MONTH, List.of(List.of("yyyy", "MM")),
			Intervals.YEAR, List.of(List.of("yyyy")));

	/**
	 * Derives a pattern from the newest partition's name, replacing its date parts from the right (a table name
	 * may hold digits too), and keeps it only if it renders every partition's name.
	 */
	private static @Nullable String namePattern(String interval, List<Bounded> partitions) {
		Bounded newest = partitions.get(partitions.size() - 1);
		for (List<String> placeholders : CANDIDATES.get(interval)) {
			String pattern = derive(newest, placeholders);
			if (pattern != null && partitions.stream()
				.allMatch(p -> PartitionNames.render(pattern, p.from()).equals(p.name()))) {
				return pattern;
			}
		}
		return null;
	}

	private static @Nullable String derive(Bounded partition, List<String> placeholders) {
		String name = partition.name();
		int end = name.length();
		String pattern = name;
		for (int i = placeholders.size() - 1; i >= 0; i--) {
			String placeholder = "{" + placeholders.get(i) + "}";
			String value = PartitionNames.render(placeholder, partition.from());
			if (placeholders.contains("ww") && placeholder.equals("{yyyy}")) {
				value = PartitionNames.render("{yyyy}{ww}", partition.from()).substring(0, 4);
			}
			int at = pattern.lastIndexOf(value, end - value.length());
			if (at < 0) {
				return null;
			}
			pattern = pattern.substring(0, at) + placeholder + pattern.substring(at + value.length());
			end = at;
		}
		return pattern;
	}

	/** The date of a bound at midnight UTC ({@code 2026-11-01}, {@code 2026-11-01 00:00:00+00}); else empty. */
	private static Optional<LocalDate> date(String bound) {
		Matcher m = BOUND.matcher(bound.trim());
		if (!m.matches() || (m.group(2) != null && !(m.group(2) + m.group(3) + m.group(4)).equals("000000"))) {
			return Optional.empty();
		}
		return Optional.of(LocalDate.parse(m.group(1)));
	}

	private static @Nullable List<String> uniqueKey(ViewInfo view, List<IndexInfo> indexes) {
		Set<String> columns = view.columns().stream().map(ColumnInfo::name).collect(Collectors.toSet());
		return indexes.stream()
			.filter(i -> i.unique() && i.valid() && i.predicate() == null && columns.containsAll(i.columns()))
			.sorted(Comparator.comparing(IndexInfo::name))
			.map(IndexInfo::columns)
			.findFirst()
			.orElse(null);
	}

	private static @Nullable MigrationExpectations migrations(MigrationHistory history) {
		MigrationExpectations.Prisma prisma = null;
		if (!history.prisma().isEmpty()) {
			boolean allFinished = history.prisma()
				.stream()
				.flatMap(p -> p.migrations().stream())
				.noneMatch(MigrationHistory.PrismaMigration::unresolvedFailure);
			prisma = new MigrationExpectations.Prisma(allFinished ? Boolean.TRUE : null, null);
		}
		List<String> heads = history.alembic().stream().flatMap(a -> a.heads().stream()).distinct().toList();
		MigrationExpectations.Alembic alembic = history.alembic().size() == 1 && heads.size() == 1
				? new MigrationExpectations.Alembic(heads.get(0)) : null;
		MigrationExpectations.Flyway flyway = history.flyway().isEmpty() ? null
				: new MigrationExpectations.Flyway(null);
		boolean liquibaseUsed = history.liquibase()
			.stream()
			.map(MigrationHistory.Liquibase::table)
			.filter(Objects::nonNull)
			.anyMatch(t -> !t.toLowerCase(Locale.ROOT).startsWith("tidemark_"));
		MigrationExpectations.Liquibase liquibase = liquibaseUsed ? new MigrationExpectations.Liquibase(null) : null;
		if (prisma == null && alembic == null && flyway == null && liquibase == null) {
			return null;
		}
		return new MigrationExpectations(prisma, alembic, flyway, liquibase);
	}
}
