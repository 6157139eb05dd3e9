package dev.tidemark.inspection.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.tidemark.common.Futures;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.CatalogReading;
import dev.tidemark.inspection.InspectionException;
import dev.tidemark.inspection.model.CatalogObject;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.CollationInfo;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.DefaultPrivilegeInfo;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.FunctionInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.inspection.model.PolicyInfo;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.inspection.model.RoleInfo;
import dev.tidemark.inspection.model.RuleInfo;
import dev.tidemark.inspection.model.SchemaInfo;
import dev.tidemark.inspection.model.SequenceInfo;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TimescaleInfo;
import dev.tidemark.inspection.model.TriggerInfo;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.inspection.model.ViewInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reads a PostgreSQL catalog into a {@link CatalogSnapshot}: one set-based query per object kind, all inside one
 * read-only REPEATABLE READ transaction, so the snapshot is one instant. Plain JDBC; the caller owns the
 * connection and sets timeouts and {@code application_name}.
 */
@Component
public class CatalogReader {

	/** System, toast, temp and TimescaleDB-internal schemas (postgres-catalog.md section 0). */
	public static final String DEFAULT_EXCLUDED_SCHEMAS = "^(pg_catalog|information_schema|pg_toast.*|pg_temp_.*"
			+ "|_timescaledb_.*|timescaledb_information|timescaledb_experimental|_timescaledb_cache"
			+ "|toolkit_experimental)$";

	/** Oldest server the queries are written for: they use prokind, attgenerated, tgparentid-era catalogs. */
	public static final int MINIMUM_SERVER_VERSION_NUM = 130000;

	private static final int FETCH_SIZE = 1000;

	private static final Logger log = LoggerFactory.getLogger(CatalogReader.class);

	/** Threads that read a catalog's second half on a second connection: waiting on the server, so virtual. */
	private static final Executor HELPER_THREADS = Executors.newVirtualThreadPerTaskExecutor();

	private static final String FINGERPRINT_SQL = loadFingerprintSql("catalog_fingerprint.sql");

	/** The same stamp with temporary objects left out row by row: only needed while some exist. */
	private static final String FINGERPRINT_WITHOUT_TEMP_SQL = loadFingerprintSql("catalog_fingerprint_without_temp.sql");

	private static final String VOLATILE_STATE_SQL = loadFingerprintSql("volatile_state.sql");

	/**
	 * What a later fingerprint may reuse: the transaction snapshot (and server start; on a standby, the WAL replayed)
	 * a fingerprint was taken in, and the digest of everything it read that only a committed transaction can change
	 * (catalog row versions, default-partition rows, constraint violations, migration histories). Under the same
	 * snapshot no transaction has committed or aborted anywhere in the cluster since, so those rows are exactly as
	 * they were: an idle target's fingerprint then reads only what changes without a commit (volatile_state.sql).
	 * {@code liveMigrationState}: the histories also hold state that changes without a commit (a Prisma table, whose
	 * advisory lock is read from pg_locks; a locked Liquibase lock, whose holder's session may end), so they are
	 * read every time and kept out of the digest.
	 */
	public record QuietMark(String snapshot, String transactionalDigest, boolean liveMigrationState) {
	}

	/**
	 * A fingerprint and the mark a later one may start from; {@code quiet} when this one reused the given mark's
	 * digest instead of reading the catalog stamp.
	 */
	public record Fingerprint(String value, QuietMark mark, boolean quiet) {
	}

	/**
	 * The schemas whose row estimates and sequence positions the fingerprint reads: those of the target's include
	 * list (empty: every schema) not on its exclude list. The snapshot keeps tables and sequences by their own
	 * schema, so a target of one schema in a database of many reads its own sequences, not the database's.
	 */
	public record VolatileScope(List<String> include, List<String> exclude) {

		public static final VolatileScope EVERY_SCHEMA = new VolatileScope(List.of(), List.of());

		public VolatileScope {
			include = List.copyOf(include);
			exclude = List.copyOf(exclude);
		}
	}

	private static final Pattern SECRET = Pattern.compile("(?i)(password|sslpassword)=[^&\\s;]*");

	private final CatalogQueries queries;

	private final String excludedSchemas;

	public CatalogReader() {
		this(new CatalogQueries(), DEFAULT_EXCLUDED_SCHEMAS);
	}

	/** @param excludedSchemas a POSIX regex matched against schema names, e.g. to also skip a target's schemas */
	public CatalogReader(CatalogQueries queries, String excludedSchemas) {
		this.queries = Objects.requireNonNull(queries);
		if (excludedSchemas == null || excludedSchemas.isBlank()) {
			throw new IllegalArgumentException("excludedSchemas must be a regex");
		}
		this.excludedSchemas = excludedSchemas;
	}

	/**
	 * Reads the whole catalog. Runs in its own transaction and leaves the connection's auto-commit state, and the
	 * session's {@code search_path} and {@code TimeZone}, as it found them. The connection must not be inside an
	 * open transaction.
	 */
	public CatalogSnapshot read(Connection connection) {
		return inSnapshotTransaction(connection, this::readAll);
	}

	/**
	 * A SHA-256 over everything a snapshot holds, far cheaper than reading it: one query over the system catalogs'
	 * row versions plus row estimates, sequence values and role names (sql/fingerprint/catalog_fingerprint.sql),
	 * and the parts that live in table data or outside the catalogs read as the snapshot reads them: server
	 * settings, extension versions, migration histories, default-partition rows, constraint violations and the
	 * TimescaleDB section. Equal fingerprints mean an equal snapshot (of the same target options). Same
	 * transaction and session rules as {@link #read}.
	 */
	public String fingerprint(Connection connection) {
		return fingerprint(connection, null).value();
	}

	/** As {@link #fingerprint(Connection)}, reusing what {@code previous} read if no transaction completed since. */
	public Fingerprint fingerprint(Connection connection, @Nullable QuietMark previous) {
		return inSnapshotTransaction(connection, c -> fingerprintAll(c, previous, VolatileScope.EVERY_SCHEMA));
	}

	/**
	 * The fingerprint, then the catalog unless {@code unchanged} accepts the fingerprint, in ONE snapshot
	 * transaction: the fingerprint describes exactly the catalog read, and an unchanged catalog costs only the
	 * fingerprint. The catalog is unfiltered, as {@link #read} returns it.
	 */
	public CatalogReading readUnlessUnchanged(Connection connection, Predicate<String> unchanged) {
		return readUnlessUnchanged(connection, unchanged, () -> null);
	}

	/**
	 * As {@link #readUnlessUnchanged(Connection, Predicate)}, reading part of the catalog (constraints, indexes,
	 * partitioning, grants, triggers, types: about half the server's work) on a second connection in the SAME
	 * snapshot ({@code pg_export_snapshot}), so the two halves use two server cores. The second connection is asked
	 * for only when the catalog changed; when there is none (null, or opening it fails) or the server cannot export
	 * a snapshot (a standby before PostgreSQL 10, a single-backend server), everything is read on the first. The
	 * caller closes the second connection.
	 */
	public CatalogReading readUnlessUnchanged(Connection connection, Predicate<String> unchanged,
			Supplier<@Nullable Connection> secondConnection) {
		return readUnlessUnchanged(connection, unchanged, secondConnection, null, mark -> {
		});
	}

	/**
	 * As {@link #readUnlessUnchanged(Connection, Predicate, Supplier)}, with the fingerprint starting from
	 * {@code previous} (see {@link QuietMark}); the new mark goes to {@code marked}.
	 */
	public CatalogReading readUnlessUnchanged(Connection connection, Predicate<String> unchanged,
			Supplier<@Nullable Connection> secondConnection, @Nullable QuietMark previous,
			Consumer<QuietMark> marked) {
		return readUnlessUnchanged(connection, unchanged, secondConnection, previous, marked,
				VolatileScope.EVERY_SCHEMA);
	}

	/** As above, reading estimates and sequence positions only in {@code scope}'s schemas. */
	public CatalogReading readUnlessUnchanged(Connection connection, Predicate<String> unchanged,
			Supplier<@Nullable Connection> secondConnection, @Nullable QuietMark previous,
			Consumer<QuietMark> marked, VolatileScope scope) {
		return inSnapshotTransaction(connection, c -> {
			long start = System.nanoTime();
			Fingerprint taken = fingerprintAll(c, previous, scope);
			marked.accept(taken.mark());
			String fingerprint = taken.value();
			long fingerprinted = System.nanoTime();
			if (unchanged.test(fingerprint)) {
				return new CatalogReading(fingerprint, null, Duration.ofNanos(fingerprinted - start), Duration.ZERO);
			}
			CatalogSnapshot catalog = readAll(c, helperInSnapshot(c, secondConnection));
			return new CatalogReading(fingerprint, catalog, Duration.ofNanos(fingerprinted - start),
					Duration.ofNanos(System.nanoTime() - fingerprinted));
		});
	}

	/** The second connection inside the first one's snapshot, or null to read everything on the first. */
	private static @Nullable Connection helperInSnapshot(Connection connection,
			Supplier<@Nullable Connection> secondConnection) {
		String snapshotId;
		// PGlite serves one backend: a second connection would wait for this one forever. Exporting works on
		// primaries and standbys alike (PostgreSQL 10+); it cannot run in a savepoint, so it is not tried blindly.
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT CASE WHEN version() LIKE '%Emscripten%' THEN NULL "
						+ "ELSE pg_export_snapshot() END")) {
			rs.next();
			snapshotId = rs.getString(1);
		}
		catch (SQLException e) {
			throw failure("snapshot export", e);
		}
		if (snapshotId == null) {
			return null;
		}
		Connection helper;
		try {
			helper = secondConnection.get();
		}
		catch (RuntimeException e) {
			log.debug("No second connection ({}): reading the catalog on one connection", e.getMessage());
			return null;
		}
		if (helper == null) {
			return null;
		}
		try {
			helper.setAutoCommit(false);
			try (Statement statement = helper.createStatement()) {
				statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
				statement.execute("SET TRANSACTION SNAPSHOT " + SqlIdentifiers.literal(snapshotId));
				statement.execute("SET LOCAL search_path = pg_catalog");
				statement.execute("SET LOCAL TimeZone = 'UTC'");
				statement.execute("SET LOCAL jit = off");
			}
			return helper;
		}
		catch (SQLException e) {
			rollbackQuietly(helper);
			log.debug("The second connection could not share the snapshot ({}): reading on one", e.getMessage());
			return null;
		}
	}

	private interface Work<T> {
		T run(Connection connection) throws SQLException;
	}

	/** Runs the work in one read-only snapshot transaction and puts the connection's auto-commit state back. */
	private <T> T inSnapshotTransaction(Connection connection, Work<T> work) {
		boolean autoCommit;
		try {
			autoCommit = connection.getAutoCommit();
			if (autoCommit) {
				connection.setAutoCommit(false);
			}
		}
		catch (SQLException e) {
			throw failure("session", e);
		}
		T result;
		try {
			beginSnapshot(connection);
			result = work.run(connection);
			connection.commit();
		}
		catch (SQLException | RuntimeException e) {
			rollbackQuietly(connection);
			if (autoCommit) {
				restoreAutoCommitQuietly(connection);
			}
			throw e instanceof SQLException sql ? failure("transaction", sql) : (RuntimeException) e;
		}
		if (autoCommit) {
			try {
				connection.setAutoCommit(true);
			}
			catch (SQLException e) {
				throw failure("session", e);
			}
		}
		return result;
	}

	private Fingerprint fingerprintAll(Connection connection, @Nullable QuietMark previous, VolatileScope scope) {
		String[] volatileState = new String[4];
		run(connection, "fingerprint", VOLATILE_STATE_SQL, statement -> {
			statement.setString(1, excludedSchemas);
			statement.setArray(2, connection.createArrayOf("text", scope.include().toArray()));
			statement.setArray(3, connection.createArrayOf("text", scope.exclude().toArray()));
		}, rs -> {
			for (int i = 0; i < volatileState.length; i++) {
				volatileState[i] = rs.getString(i + 1);
			}
			return volatileState;
		});
		String snapshot = volatileState[0];
		boolean quiet = previous != null && previous.snapshot().equals(snapshot);
		String transactional;
		MigrationHistory live = null;
		boolean liveMigrationState;
		if (quiet) {
			transactional = previous.transactionalDigest();
			liveMigrationState = previous.liveMigrationState();
			if (liveMigrationState) {
				live = readMigrations(connection);
			}
		}
		else {
			MigrationHistory migrations = readMigrations(connection);
			liveMigrationState = hasLiveState(migrations);
			live = liveMigrationState ? migrations : null;
			transactional = sha256(readTransactional(connection) + (liveMigrationState ? "" : "|" + migrations));
		}
		StringBuilder text = new StringBuilder(transactional);
		if (live != null) {
			text.append('|').append(live);
		}
		for (int i = 1; i < volatileState.length; i++) {
			text.append('|').append(volatileState[i]);
		}
		// settings (ALTER SYSTEM and a reload) and extension default versions (control files) change without a
		// commit, and the TimescaleDB section holds sizes VACUUM may truncate: read every time
		text.append('|').append(readServer(connection));
		List<ExtensionInfo> extensions = query(connection, CatalogKind.EXTENSIONS,
				rs -> new ExtensionInfo(rs.getString("extension_name"), rs.getString("schema_name"),
						rs.getString("installed_version"), rs.getString("default_version")));
		text.append('|').append(extensions);
		if (extensions.stream().anyMatch(e -> e.name().equals("timescaledb") && e.installed())) {
			text.append('|').append(readTimescale(connection));
		}
		return new Fingerprint(sha256(text.toString()), new QuietMark(snapshot, transactional, liveMigrationState),
				quiet);
	}

	/**
	 * Whether migration histories hold state that changes without a commit: Prisma's advisory lock (pg_locks) and
	 * the liveness of a held Liquibase lock's holder (pg_stat_activity). Which tables exist and whether a Liquibase
	 * lock is held are rows, so under an equal snapshot this answer stays the same.
	 */
	private static boolean hasLiveState(MigrationHistory migrations) {
		return !migrations.prisma().isEmpty()
				|| migrations.liquibase().stream().anyMatch(l -> Boolean.TRUE.equals(l.locked()));
	}

	/** Everything of the fingerprint only a committed transaction changes (see {@link QuietMark}). */
	private String readTransactional(Connection connection) {
		StringBuilder text = new StringBuilder();
		long[] probes = new long[3];
		run(connection, "fingerprint", FINGERPRINT_SQL, 0, rs -> {
			probes[2] = rs.getLong("temp_objects");
			return probes[2] > 0 ? text : catalogStamp(rs, text, probes);
		});
		if (probes[2] > 0) {
			run(connection, "fingerprint", FINGERPRINT_WITHOUT_TEMP_SQL, 0, rs -> catalogStamp(rs, text, probes));
		}
		// both probe table data; without NOT VALID constraints or DEFAULT partitions (in the catalog stamp) they
		// have nothing to find
		if (probes[1] > 0) {
			text.append('|').append(rowsAsText(connection, CatalogKind.DEFAULT_PARTITION_ROWS));
		}
		if (probes[0] > 0) {
			text.append('|').append(new TreeMap<>(countViolations(connection)));
		}
		return text.toString();
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}

	private static StringBuilder catalogStamp(ResultSet rs, StringBuilder text, long[] probes) throws SQLException {
		probes[0] = rs.getLong("not_valid");
		probes[1] = rs.getLong("default_partitions");
		return text.append(rs.getString("ddl"));
	}

	private List<String> rowsAsText(Connection connection, CatalogKind kind) {
		return query(connection, kind, rs -> {
			StringBuilder row = new StringBuilder();
			for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
				row.append(rs.getString(i)).append(';');
			}
			return row.toString();
		});
	}

	private static String loadFingerprintSql(String file) {
		try (InputStream in = CatalogReader.class.getClassLoader().getResourceAsStream("sql/fingerprint/" + file)) {
			if (in == null) {
				throw new IllegalStateException("sql/fingerprint/" + file + " is missing");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new IllegalStateException("Could not read sql/fingerprint/" + file, e);
		}
	}

	private void beginSnapshot(Connection connection) {
		// SET LOCAL: the pinned settings end with the transaction, so the caller's session is untouched.
		// search_path = pg_catalog makes format_type and pg_get_*def schema-qualify every user object; UTC makes
		// partition bound literals independent of the session zone. jit = off: the queries' cost estimates grow
		// with the catalog, and past jit_inline_above_cost LLVM compilation alone took seconds (2,000 tables:
		// none; 4,000: 1.9 s on indexes.sql) for queries whose time goes into deparsing, which JIT cannot speed up.
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
			statement.execute("SET LOCAL search_path = pg_catalog");
			statement.execute("SET LOCAL TimeZone = 'UTC'");
			statement.execute("SET LOCAL jit = off");
		}
		catch (SQLException e) {
			throw failure("session", e);
		}
	}

	private CatalogSnapshot readAll(Connection connection) {
		return readAll(connection, null);
	}

	/** A TABLE or COLUMN privilege carries its relation, so chunks can be taken out like their tables. */
	private record Grant(@Nullable RelationKey relation, PrivilegeInfo privilege) {
	}

	/** The kinds that need nothing read before them: what a second connection reads. */
	private record Independent(List<ConstraintInfo> constraints, List<IndexInfo> indexes,
			List<PartitioningInfo> partitioning, List<Grant> grants, List<TriggerInfo> triggers, List<TypeInfo> types) {
	}

	private Independent readIndependent(Connection connection) {
		List<ConstraintInfo> constraints = readConstraints(connection);
		List<IndexInfo> indexes = query(connection, CatalogKind.INDEXES, CatalogReader::index);
		List<PartitioningInfo> partitioning = readPartitioning(connection);
		List<Grant> grants = query(connection, CatalogKind.PRIVILEGES, rs -> {
			String relation = rs.getString("relation_name");
			return new Grant(relation == null ? null : new RelationKey(rs.getString("schema_name"), relation),
					new PrivilegeInfo(rs.getString("object_kind"), rs.getString("schema_name"),
							rs.getString("object_name"), rs.getString("grantee"), textList(rs, "privileges"),
							textList(rs, "grantable")));
		});
		List<TriggerInfo> triggers = query(connection, CatalogKind.TRIGGERS,
				rs -> new TriggerInfo(rs.getString("schema_name"), rs.getString("table_name"),
						rs.getString("trigger_name"),
						CatalogObject.qualified(rs.getString("function_schema"), rs.getString("function_name")),
						rs.getString("enabled"), rs.getString("definition")));
		List<TypeInfo> types = query(connection, CatalogKind.TYPES, CatalogReader::type);
		return new Independent(constraints, indexes, partitioning, grants, triggers, types);
	}

	private CatalogSnapshot readAll(Connection connection, @Nullable Connection helper) {
		CompletableFuture<Independent> onHelper = helper == null ? null
				: CompletableFuture.supplyAsync(() -> readIndependent(helper), HELPER_THREADS);
		ServerInfo server = readServer(connection);
		List<SchemaInfo> schemas = query(connection, CatalogKind.SCHEMAS,
				rs -> new SchemaInfo(rs.getString("schema_name"), rs.getString("owner")));
		List<ExtensionInfo> extensions = query(connection, CatalogKind.EXTENSIONS,
				rs -> new ExtensionInfo(rs.getString("extension_name"), rs.getString("schema_name"),
						rs.getString("installed_version"), rs.getString("default_version")));
		Map<RelationKey, List<ColumnInfo>> columns = readColumns(connection);
		List<TableInfo> tables = query(connection, CatalogKind.TABLES, rs -> {
			RelationKey key = new RelationKey(rs.getString("schema_name"), rs.getString("table_name"));
			String parentSchema = rs.getString("partition_of_schema");
			String partitionOf = parentSchema == null ? null
					: CatalogObject.qualified(parentSchema, rs.getString("partition_of_table"));
			return new TableInfo(key.schema(), key.name(), TableInfo.TableKind.valueOf(rs.getString("kind")),
					rs.getString("persistence"), rs.getString("owner"), partitionOf,
					columns.getOrDefault(key, List.of()), rs.getString("partition_bound"), textList(rs, "inherits"),
					rs.getBoolean("row_security"), rs.getBoolean("force_row_security"), textList(rs, "options"),
					rs.getString("comment"), rs.getObject("estimated_rows", Long.class));
		});
		List<ViewInfo> views = query(connection, CatalogKind.VIEWS, rs -> {
			RelationKey key = new RelationKey(rs.getString("schema_name"), rs.getString("view_name"));
			return new ViewInfo(key.schema(), key.name(), rs.getBoolean("materialized"), rs.getString("owner"),
					nullableBoolean(rs, "populated"), nullableBoolean(rs, "has_unique_index"),
					rs.getString("definition_hash"), columns.getOrDefault(key, List.of()), rs.getString("definition"),
					textList(rs, "depends_on"), rs.getString("comment"), rules(rs));
		});
		List<SequenceInfo> sequences = query(connection, CatalogKind.SEQUENCES, CatalogReader::sequence);
		List<FunctionInfo> functions = query(connection, CatalogKind.FUNCTIONS,
				rs -> new FunctionInfo(rs.getString("schema_name"), rs.getString("function_name"),
						rs.getString("arguments"), rs.getString("kind"), rs.getString("returns"),
						rs.getString("language"), rs.getString("volatility"), rs.getBoolean("security_definer"),
						rs.getString("body_hash"), rs.getString("definition"), rs.getString("comment"),
						rs.getString("owner")));
		List<CollationInfo> collations = query(connection, CatalogKind.COLLATIONS,
				rs -> new CollationInfo(rs.getString("schema_name"), rs.getString("collation_name"),
						rs.getString("provider"), rs.getString("locale"), rs.getString("lc_collate"),
						rs.getString("lc_ctype"), rs.getBoolean("deterministic")));
		List<PolicyInfo> policies = query(connection, CatalogKind.POLICIES,
				rs -> new PolicyInfo(rs.getString("schema_name"), rs.getString("table_name"),
						rs.getString("policy_name"), rs.getBoolean("permissive"), rs.getString("command"),
						textList(rs, "roles"), rs.getString("using_expression"), rs.getString("with_check")));
		List<DefaultPrivilegeInfo> defaultPrivileges = query(connection, CatalogKind.DEFAULT_PRIVILEGES,
				rs -> new DefaultPrivilegeInfo(rs.getString("role_name"), rs.getString("schema_name"),
						rs.getString("object_type"), rs.getString("grantee"), textList(rs, "privileges"),
						textList(rs, "grantable")));
		List<RoleInfo> roles = query(connection, CatalogKind.ROLES,
				rs -> new RoleInfo(rs.getString("role_name"), rs.getBoolean("can_login")));
		MigrationHistory migrations = readMigrations(connection);
		Independent independent = onHelper == null ? readIndependent(connection) : Futures.joined(onHelper);
		List<ConstraintInfo> constraints = independent.constraints();
		List<IndexInfo> indexes = independent.indexes();
		List<PartitioningInfo> partitioning = independent.partitioning();
		List<Grant> grants = independent.grants();
		List<TriggerInfo> triggers = independent.triggers();
		List<TypeInfo> types = independent.types();
		// the timescaledb_information views exist only with the extension
		boolean timescale = extensions.stream().anyMatch(e -> e.name().equals("timescaledb") && e.installed());
		if (timescale) {
			Set<RelationKey> chunks = new HashSet<>(query(connection, CatalogKind.TIMESCALE_USER_SCHEMA_CHUNKS,
					rs -> new RelationKey(rs.getString("schema_name"), rs.getString("table_name"))));
			if (!chunks.isEmpty()) {
				tables = withoutChunks(tables, chunks, t -> new RelationKey(t.schema(), t.name()));
				constraints = withoutChunks(constraints, chunks, c -> new RelationKey(c.schema(), c.table()));
				indexes = withoutChunks(indexes, chunks, i -> new RelationKey(i.schema(), i.table()));
				triggers = withoutChunks(triggers, chunks, t -> new RelationKey(t.schema(), t.table()));
				policies = withoutChunks(policies, chunks, p -> new RelationKey(p.schema(), p.table()));
				grants = withoutChunks(grants, chunks, Grant::relation);
			}
		}
		List<PrivilegeInfo> privileges = grants.stream().map(Grant::privilege).toList();
		return new CatalogSnapshot(CatalogSnapshot.FORMAT_VERSION, server, sorted(schemas), sorted(extensions),
				sorted(tables), sorted(constraints), sorted(indexes), sorted(views), sorted(sequences),
				sorted(functions), sorted(triggers), sorted(partitioning), migrations,
				timescale ? readTimescale(connection) : null, sorted(types), sorted(collations), sorted(policies),
				sorted(privileges), sorted(defaultPrivileges), sorted(roles));
	}

	/** Chunks are summarized per hypertable in the timescale section, never listed as tables (or their parts). */
	private static <T> List<T> withoutChunks(List<T> objects, Set<RelationKey> chunks, Function<T, RelationKey> table) {
		return objects.stream().filter(o -> !chunks.contains(table.apply(o))).toList();
	}

	private TimescaleInfo readTimescale(Connection connection) {
		record Extension(String version, String license) {
		}
		List<Extension> extension = query(connection, CatalogKind.TIMESCALE_EXTENSION,
				rs -> new Extension(rs.getString("version"), rs.getString("license")));
		if (extension.isEmpty()) {
			return null;
		}
		Map<RelationKey, List<TimescaleInfo.Dimension>> dimensions = new HashMap<>();
		query(connection, CatalogKind.TIMESCALE_DIMENSIONS, rs -> {
			RelationKey key = new RelationKey(rs.getString("schema_name"), rs.getString("table_name"));
			TimescaleInfo.Dimension dimension = new TimescaleInfo.Dimension(rs.getInt("dimension_number"),
					rs.getString("column_name"), rs.getString("column_type"), rs.getString("dimension_type"),
					rs.getString("chunk_interval"), nullableInt(rs, "partitions"));
			dimensions.computeIfAbsent(key, k -> new ArrayList<>()).add(dimension);
			return dimension;
		});
		Map<RelationKey, List<TimescaleInfo.ChunkIndexGap>> gaps = new HashMap<>();
		query(connection, CatalogKind.TIMESCALE_CHUNK_INDEX_GAPS, rs -> {
			RelationKey key = new RelationKey(rs.getString("schema_name"), rs.getString("table_name"));
			TimescaleInfo.ChunkIndexGap gap = new TimescaleInfo.ChunkIndexGap(rs.getString("index_name"),
					textList(rs, "key_columns"), textList(rs, "missing_chunks"));
			gaps.computeIfAbsent(key, k -> new ArrayList<>()).add(gap);
			return gap;
		});
		Map<RelationKey, List<TimescaleInfo.ReferencingForeignKey>> foreignKeys = new HashMap<>();
		query(connection, CatalogKind.TIMESCALE_REFERENCING_FOREIGN_KEYS, rs -> {
			RelationKey key = new RelationKey(rs.getString("hypertable_schema"), rs.getString("hypertable_name"));
			TimescaleInfo.ReferencingForeignKey fk = new TimescaleInfo.ReferencingForeignKey(
					rs.getString("schema_name"), rs.getString("table_name"), rs.getString("constraint_name"),
					textList(rs, "columns"), TimescaleInfo.ReferencingForeignKey.Via.valueOf(rs.getString("via")),
					rs.getString("referenced_index"));
			foreignKeys.computeIfAbsent(key, k -> new ArrayList<>()).add(fk);
			return fk;
		});
		Map<RelationKey, long[]> sizes = compressionSizes(connection);
		List<TimescaleInfo.Hypertable> hypertables = query(connection, CatalogKind.TIMESCALE_HYPERTABLES, rs -> {
			RelationKey key = new RelationKey(rs.getString("schema_name"), rs.getString("table_name"));
			return new TimescaleInfo.Hypertable(key.schema(), key.name(),
					List.copyOf(dimensions.getOrDefault(key, List.of())), rs.getLong("chunk_count"),
					rs.getString("range_start"), rs.getString("range_end"), rs.getBoolean("compression_enabled"),
					textList(rs, "segment_by"), textList(rs, "order_by"), rs.getLong("compressed_chunks"),
					List.copyOf(gaps.getOrDefault(key, List.of())),
					List.copyOf(foreignKeys.getOrDefault(key, List.of())),
					sizes.getOrDefault(key, new long[2])[0], sizes.getOrDefault(key, new long[2])[1]);
		});
		List<TimescaleInfo.ContinuousAggregate> aggregates = query(connection,
				CatalogKind.TIMESCALE_CONTINUOUS_AGGREGATES,
				rs -> new TimescaleInfo.ContinuousAggregate(rs.getString("schema_name"), rs.getString("view_name"),
						CatalogObject.qualified(rs.getString("source_schema"), rs.getString("source_table")),
						rs.getBoolean("materialized_only"), rs.getBoolean("compression_enabled")));
		List<TimescaleInfo.Job> jobs = query(connection, CatalogKind.TIMESCALE_JOBS, rs -> {
			List<String> keys = textList(rs, "config_keys");
			List<String> values = textList(rs, "config_values");
			TreeMap<String, String> config = new TreeMap<>();
			for (int i = 0; i < keys.size(); i++) {
				config.put(keys.get(i), values.get(i));
			}
			return new TimescaleInfo.Job(rs.getInt("job_id"),
					CatalogObject.qualified(rs.getString("proc_schema"), rs.getString("proc_name")),
					rs.getString("hypertable_schema"), rs.getString("hypertable_name"),
					Collections.unmodifiableSortedMap(config), rs.getString("schedule_interval"),
					rs.getBoolean("scheduled"), rs.getString("last_run_status"), rs.getString("last_error"));
		});
		Extension first = extension.get(0);
		return new TimescaleInfo(first.version(), first.license(), sorted(hypertables), sorted(aggregates),
				jobs);
	}

	private ServerInfo readServer(Connection connection) {
		record Row(String version, int versionNum, String database, String name, String value) {
		}
		List<Row> rows = query(connection, CatalogKind.SERVER,
				rs -> new Row(rs.getString("version"), rs.getInt("version_num"), rs.getString("database_name"),
						rs.getString("setting_name"), rs.getString("setting_value")));
		if (rows.isEmpty()) {
			throw new InspectionException(CatalogKind.SERVER.label(), null,
					"Reading the catalog failed at server: no row returned", null);
		}
		Row first = rows.get(0);
		if (first.versionNum() < MINIMUM_SERVER_VERSION_NUM) {
			throw new InspectionException(CatalogKind.SERVER.label(), null, "Unsupported server: PostgreSQL "
					+ first.versionNum() + " is older than " + MINIMUM_SERVER_VERSION_NUM, null);
		}
		TreeMap<String, String> settings = new TreeMap<>();
		rows.forEach(row -> settings.put(row.name(), row.value()));
		return new ServerInfo(first.version(), first.versionNum(), first.database(),
				Collections.unmodifiableSortedMap(settings));
	}

	private Map<RelationKey, List<ColumnInfo>> readColumns(Connection connection) {
		Map<RelationKey, List<ColumnInfo>> byRelation = new HashMap<>();
		query(connection, CatalogKind.COLUMNS, rs -> {
			RelationKey key = new RelationKey(rs.getString("schema_name"), rs.getString("relation_name"));
			ColumnInfo column = new ColumnInfo(rs.getInt("position"), rs.getString("column_name"),
					rs.getString("data_type"), !rs.getBoolean("not_null"), rs.getString("column_default"),
					rs.getString("identity"), rs.getString("generated_expression"), rs.getString("collation"),
					rs.getString("comment"), rs.getObject("statistics_target", Integer.class), rs.getString("storage"),
					rs.getString("type_storage"));
			byRelation.computeIfAbsent(key, k -> new ArrayList<>()).add(column);
			return column;
		});
		Map<RelationKey, List<ColumnInfo>> result = new HashMap<>();
		byRelation.forEach((key, list) -> result.put(key,
				list.stream().sorted(Comparator.comparingInt(ColumnInfo::position)).toList()));
		return result;
	}

	private List<ConstraintInfo> readConstraints(Connection connection) {
		// NOT VALID constraints carry the number of rows that break them: rules must not offer VALIDATE while
		// rows would make it fail, and they never touch the database themselves
		Map<String, Long> violations = countViolations(connection);
		return query(connection, CatalogKind.CONSTRAINTS, rs -> {
			String key = CatalogObject.qualified(rs.getString("schema_name"), rs.getString("table_name"),
					rs.getString("constraint_name"));
			return new ConstraintInfo(rs.getString("schema_name"), rs.getString("table_name"),
					rs.getString("constraint_name"),
					ConstraintInfo.ConstraintType.valueOf(rs.getString("constraint_type")), textList(rs, "columns"),
					rs.getString("referenced_schema"), rs.getString("referenced_table"),
					textList(rs, "referenced_columns"), rs.getString("on_delete"), rs.getString("on_update"),
					rs.getBoolean("deferrable"), rs.getBoolean("initially_deferred"), rs.getBoolean("validated"),
					rs.getBoolean("inherited"), rs.getString("index_name"), rs.getString("definition"),
					violations.get(key));
		});
	}

	/**
	 * Best effort, inside a savepoint: the counts read table data, so a CHECK expression that raises on an
	 * existing row, or a statement timeout on a huge table, leaves them unknown (null) instead of failing the
	 * whole snapshot. The REPEATABLE READ snapshot survives the rollback to the savepoint.
	 */
	private Map<String, Long> countViolations(Connection connection) {
		Savepoint savepoint;
		try {
			savepoint = connection.setSavepoint();
		}
		catch (SQLException e) {
			throw failure(CatalogKind.CONSTRAINT_VIOLATIONS.label(), e);
		}
		Map<String, Long> violations = new HashMap<>();
		try {
			query(connection, CatalogKind.CONSTRAINT_VIOLATIONS, rs -> {
				String key = CatalogObject.qualified(rs.getString("schema_name"), rs.getString("table_name"),
						rs.getString("constraint_name"));
				violations.put(key, nullableLong(rs, "violating_rows"));
				return key;
			});
			connection.releaseSavepoint(savepoint);
			return violations;
		}
		catch (InspectionException | SQLException e) {
			try {
				connection.rollback(savepoint);
			}
			catch (SQLException rollback) {
				// the connection itself is gone: the next query reports that
			}
			return Map.of();
		}
	}

	/**
	 * Compressed sizes per hypertable, best effort inside a savepoint: the query reads TimescaleDB internals that
	 * change between releases, so where it fails the sizes stay unknown (0) instead of failing the snapshot.
	 */
	private Map<RelationKey, long[]> compressionSizes(Connection connection) {
		Savepoint savepoint;
		try {
			savepoint = connection.setSavepoint();
		}
		catch (SQLException e) {
			throw failure(CatalogKind.TIMESCALE_COMPRESSION_SIZES.label(), e);
		}
		Map<RelationKey, long[]> sizes = new HashMap<>();
		try {
			query(connection, CatalogKind.TIMESCALE_COMPRESSION_SIZES, rs -> {
				RelationKey key = new RelationKey(rs.getString("schema_name"), rs.getString("table_name"));
				sizes.put(key, new long[] { rs.getLong("compressed_bytes"), rs.getLong("uncompressed_bytes") });
				return key;
			});
			connection.releaseSavepoint(savepoint);
			return sizes;
		}
		catch (InspectionException | SQLException e) {
			try {
				connection.rollback(savepoint);
			}
			catch (SQLException rollback) {
				// the connection itself is gone: the next query reports that
			}
			return Map.of();
		}
	}

	private static IndexInfo index(ResultSet rs) throws SQLException {
		return new IndexInfo(rs.getString("schema_name"), rs.getString("table_name"), rs.getString("index_name"),
				rs.getString("method"), rs.getBoolean("is_unique"), rs.getBoolean("is_primary"),
				textList(rs, "key_columns"), textList(rs, "included_columns"), rs.getString("predicate"),
				rs.getBoolean("is_valid"), rs.getBoolean("is_ready"), rs.getString("constraint_name"),
				rs.getString("definition"));
	}

	private static TypeInfo type(ResultSet rs) throws SQLException {
		List<String> names = textList(rs, "attribute_names");
		List<String> types = textList(rs, "attribute_types");
		List<String> collations = nullableTextList(rs, "attribute_collations");
		List<TypeInfo.Attribute> attributes = new ArrayList<>(names.size());
		for (int i = 0; i < names.size(); i++) {
			attributes.add(new TypeInfo.Attribute(names.get(i), types.get(i), collations.get(i)));
		}
		return new TypeInfo(rs.getString("schema_name"), rs.getString("type_name"),
				TypeInfo.Kind.valueOf(rs.getString("kind")), textList(rs, "enum_values"), rs.getString("base_type"),
				rs.getString("default_expression"), rs.getBoolean("not_null"), textList(rs, "constraints"),
				attributes, rs.getString("collation"), rs.getString("comment"), rs.getString("subtype_diff"),
				rs.getString("owner"));
	}

	/** A view's rules from its two parallel arrays (names, definitions). */
	private static List<RuleInfo> rules(ResultSet rs) throws SQLException {
		List<String> names = textList(rs, "rule_names");
		List<String> definitions = textList(rs, "rule_definitions");
		List<RuleInfo> rules = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			rules.add(new RuleInfo(names.get(i), definitions.get(i)));
		}
		return rules;
	}

	private static SequenceInfo sequence(ResultSet rs) throws SQLException {
		String ownerSchema = rs.getString("owned_by_schema");
		String ownedByTable = ownerSchema == null ? null
				: CatalogObject.qualified(ownerSchema, rs.getString("owned_by_table"));
		return new SequenceInfo(rs.getString("schema_name"), rs.getString("sequence_name"),
				rs.getString("data_type"), rs.getLong("increment"), rs.getLong("min_value"),
				rs.getLong("max_value"), rs.getBoolean("cycle"), nullableLong(rs, "last_value"), ownedByTable,
				rs.getString("owned_by_column"), rs.getString("column_type"), rs.getBigDecimal("effective_max"),
				rs.getBigDecimal("percent_used"), nullableLong(rs, "start_value"), nullableLong(rs, "cache"),
				rs.getBoolean("identity"), rs.getString("owner"));
	}

	private List<PartitioningInfo> readPartitioning(Connection connection) {
		Map<RelationKey, List<PartitioningInfo.Partition>> partitions = new HashMap<>();
		query(connection, CatalogKind.PARTITIONS, rs -> {
			RelationKey parent = new RelationKey(rs.getString("parent_schema"), rs.getString("parent_table"));
			PartitioningInfo.Partition partition = new PartitioningInfo.Partition(rs.getString("partition_schema"),
					rs.getString("partition_name"), rs.getString("bound"), rs.getString("range_from"),
					rs.getString("range_to"), rs.getBoolean("subpartitioned"));
			partitions.computeIfAbsent(parent, k -> new ArrayList<>()).add(partition);
			return partition;
		});
		Map<RelationKey, Boolean> defaultHasRows = new HashMap<>();
		query(connection, CatalogKind.DEFAULT_PARTITION_ROWS, rs -> {
			RelationKey parent = new RelationKey(rs.getString("parent_schema"), rs.getString("parent_table"));
			defaultHasRows.put(parent, nullableBoolean(rs, "has_rows"));
			return parent;
		});
		// no rows unless pg_partman is installed and its part_config readable
		Map<RelationKey, PartitioningInfo.Partman> partman = new HashMap<>();
		query(connection, CatalogKind.PARTMAN_CONFIG, rs -> {
			RelationKey parent = new RelationKey(rs.getString("schema_name"), rs.getString("table_name"));
			Integer premake = rs.getInt("premake");
			if (rs.wasNull()) {
				premake = null;
			}
			partman.put(parent, new PartitioningInfo.Partman(rs.getString("partition_interval"), premake,
					rs.getString("partition_type"), rs.getString("automatic_maintenance")));
			return parent;
		});
		return query(connection, CatalogKind.PARTITIONED_TABLES, rs -> {
			RelationKey key = new RelationKey(rs.getString("schema_name"), rs.getString("table_name"));
			String defaultSchema = rs.getString("default_partition_schema");
			String defaultPartition = defaultSchema == null ? null
					: CatalogObject.qualified(defaultSchema, rs.getString("default_partition_name"));
			return new PartitioningInfo(key.schema(), key.name(), rs.getString("strategy"),
					rs.getString("partition_key"), textList(rs, "key_columns"), rs.getString("key_type"),
					defaultPartition, defaultHasRows.get(key), List.copyOf(partitions.getOrDefault(key, List.of())),
					partman.get(key));
		});
	}

	private MigrationHistory readMigrations(Connection connection) {
		return readMigrations(connection, query(connection, CatalogKind.MIGRATION_TABLES, CatalogReader::located));
	}

	private static Located located(ResultSet rs) throws SQLException {
		// unreadable history tables are skipped: one missing grant must not cost the whole snapshot
		return rs.getBoolean("readable")
				? new Located(rs.getString("schema_name"), rs.getString("table_name"), rs.getString("tool")) : null;
	}

	private MigrationHistory readMigrations(Connection connection, List<Located> found) {
		List<Located> located = found.stream().filter(Objects::nonNull).toList();
		List<MigrationHistory.Liquibase> liquibase = new ArrayList<>();
		List<MigrationHistory.Flyway> flyway = new ArrayList<>();
		List<MigrationHistory.Prisma> prisma = new ArrayList<>();
		List<MigrationHistory.Alembic> alembic = new ArrayList<>();
		List<Located> lockTables = new ArrayList<>(
				located.stream().filter(l -> l.tool().equals("liquibase_lock")).toList());
		for (Located table : located) {
			switch (table.tool()) {
				case "prisma" -> prisma.add(readPrisma(connection, table.schema(), table.table()));
				case "alembic" -> alembic.add(new MigrationHistory.Alembic(table.schema(), table.table(),
						queryTable(connection, CatalogKind.MIGRATION_ALEMBIC, table.schema(), table.table(),
								rs -> rs.getString("version_num"))));
				case "flyway" -> flyway.add(readFlyway(connection, table.schema(), table.table()));
				case "liquibase" -> {
					// Liquibase names its lock table after the changelog table: <changelog>lock
					String lockName = table.table().toLowerCase(Locale.ROOT) + "lock";
					Optional<Located> lock = lockTables.stream()
						.filter(l -> l.schema().equals(table.schema())
								&& l.table().toLowerCase(Locale.ROOT).equals(lockName))
						.findFirst();
					lock.ifPresent(lockTables::remove);
					liquibase.add(readLiquibase(connection, table.schema(), table.table(), lock.orElse(null)));
				}
				default -> {
					// lock tables are read with their changelog table, or below when they stand alone
				}
			}
		}
		// a lock table without a changelog table: a first run that crashed can leave exactly that, locked
		for (Located lock : lockTables) {
			LockRow row = readLock(connection, lock.schema(), lock.table());
			liquibase.add(new MigrationHistory.Liquibase(lock.schema(), lock.table(), 0, null, null, null, null,
					row.locked(), row.granted(), row.lockedBy(), row.alive()));
		}
		liquibase.sort(Comparator.comparing(MigrationHistory.Liquibase::schema)
			.thenComparing(MigrationHistory.Liquibase::table));
		return new MigrationHistory(List.copyOf(liquibase), List.copyOf(flyway), List.copyOf(prisma),
				List.copyOf(alembic));
	}

	private MigrationHistory.Prisma readPrisma(Connection connection, String schema, String table) {
		// one row per migration, or a single row with a null name when the table is empty; lock_held on each
		record Row(boolean lockHeld, MigrationHistory.PrismaMigration migration) {
		}
		List<Row> rows = queryTable(connection, CatalogKind.MIGRATION_PRISMA, schema, table, rs -> {
			String name = rs.getString("migration_name");
			return new Row(rs.getBoolean("lock_held"), name == null ? null
					: new MigrationHistory.PrismaMigration(name, rs.getInt("attempts"), rs.getBoolean("applied"),
							rs.getBoolean("unresolved_failure"), instant(rs, "last_started_at"),
							instant(rs, "finished_at")));
		});
		return new MigrationHistory.Prisma(schema, table, rows.get(0).lockHeld(),
				rows.stream().map(Row::migration).filter(Objects::nonNull).toList());
	}

	private MigrationHistory.Flyway readFlyway(Connection connection, String schema, String table) {
		record Row(long total, String latestVersion, String latestDescription,
				MigrationHistory.FlywayFailure failure) {
		}
		List<Row> rows = queryTable(connection, CatalogKind.MIGRATION_FLYWAY, schema, table, rs -> {
			int rank = rs.getInt("failed_rank");
			MigrationHistory.FlywayFailure failure = rs.wasNull() ? null
					: new MigrationHistory.FlywayFailure(rank, rs.getString("failed_version"),
							rs.getString("failed_description"), rs.getString("failed_script"));
			return new Row(rs.getLong("total_rows"), rs.getString("latest_version"),
					rs.getString("latest_description"), failure);
		});
		Row first = rows.get(0);
		return new MigrationHistory.Flyway(schema, table, first.total(), first.latestVersion(),
				first.latestDescription(), rows.stream().map(Row::failure).filter(Objects::nonNull).toList());
	}

	private record LockRow(Boolean locked, LocalDateTime granted, String lockedBy, Boolean alive) {
		static final LockRow NONE = new LockRow(null, null, null, null);
	}

	private MigrationHistory.Liquibase readLiquibase(Connection connection, String schema, String table,
			Located lockTable) {
		record Row(long changesets, String id, String author, String filename, LocalDateTime executedAt) {
		}
		Row row = queryTable(connection, CatalogKind.MIGRATION_LIQUIBASE, schema, table,
				rs -> new Row(rs.getLong("changesets"), rs.getString("latest_id"), rs.getString("latest_author"),
						rs.getString("latest_filename"), rs.getObject("latest_executed_at", LocalDateTime.class)))
			.get(0);
		LockRow lock = lockTable == null ? LockRow.NONE
				: readLock(connection, lockTable.schema(), lockTable.table());
		return new MigrationHistory.Liquibase(schema, table, row.changesets(), row.id(), row.author(),
				row.filename(), row.executedAt(), lock.locked(), lock.granted(), lock.lockedBy(), lock.alive());
	}

	private LockRow readLock(Connection connection, String schema, String table) {
		List<LockRow> rows = queryTable(connection, CatalogKind.MIGRATION_LIQUIBASE_LOCK, schema, table,
				rs -> new LockRow(nullableBoolean(rs, "locked"), rs.getObject("lock_granted", LocalDateTime.class),
						rs.getString("locked_by"), nullableBoolean(rs, "lock_holder_alive")));
		// no row yet: Liquibase inserts it on first use
		return rows.isEmpty() ? LockRow.NONE : rows.get(0);
	}

	@FunctionalInterface
	private interface RowMapper<T> {

		T map(ResultSet rs) throws SQLException;

	}

	private <T> List<T> query(Connection connection, CatalogKind kind, RowMapper<T> mapper) {
		return run(connection, kind.label(), queries.sql(kind), queries.parameterCount(kind), mapper);
	}

	private <T> List<T> queryTable(Connection connection, CatalogKind kind, String schema, String table,
			RowMapper<T> mapper) {
		return run(connection, kind.label() + " " + CatalogObject.qualified(schema, table),
				queries.sql(kind, schema, table), 0, mapper);
	}

	/** Sets a statement's parameters. */
	private interface Binder {

		void bind(PreparedStatement statement) throws SQLException;

	}

	/** {@code sql} whose {@code parameters} placeholders are each the excluded-schema regex. */
	private <T> List<T> run(Connection connection, String what, String sql, int parameters, RowMapper<T> mapper) {
		return run(connection, what, sql, statement -> {
			for (int i = 1; i <= parameters; i++) {
				statement.setString(i, excludedSchemas);
			}
		}, mapper);
	}

	private <T> List<T> run(Connection connection, String what, String sql, Binder binder, RowMapper<T> mapper) {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setFetchSize(FETCH_SIZE);
			binder.bind(statement);
			List<T> rows = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					rows.add(mapper.map(rs));
				}
			}
			return rows;
		}
		catch (SQLException e) {
			throw failure(what, e);
		}
	}

	private static <T extends CatalogObject> List<T> sorted(List<T> objects) {
		return objects.stream().sorted(Comparator.comparing(CatalogObject::key)).toList();
	}

	private static List<String> textList(ResultSet rs, String column) throws SQLException {
		Array array = rs.getArray(column);
		if (array == null) {
			return List.of();
		}
		try {
			return List.of((String[]) array.getArray());
		}
		finally {
			array.free();
		}
	}

	/** A text array whose elements may be null (an unmodifiable list that keeps them). */
	private static List<String> nullableTextList(ResultSet rs, String column) throws SQLException {
		Array array = rs.getArray(column);
		if (array == null) {
			return List.of();
		}
		try {
			return Collections.unmodifiableList(Arrays.asList((String[]) array.getArray()));
		}
		finally {
			array.free();
		}
	}

	private static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
		boolean value = rs.getBoolean(column);
		return rs.wasNull() ? null : value;
	}

	private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	private static void restoreAutoCommitQuietly(Connection connection) {
		try {
			connection.setAutoCommit(true);
		}
		catch (SQLException ignored) {
			// the original failure is the one worth reporting
		}
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ignored) {
			// the original failure is the one worth reporting
		}
	}

	private static InspectionException failure(String what, SQLException e) {
		String detail = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
		// the server never echoes a password, but a driver message might quote a URL: scrub defensively
		detail = SECRET.matcher(detail).replaceAll("$1=***");
		return new InspectionException(what, e.getSQLState(),
				"Reading the catalog failed at " + what + " (SQLSTATE " + e.getSQLState() + "): " + detail, e);
	}

	private record RelationKey(String schema, String name) {
	}

	/** A history table found by migration_tables.sql. */
	private record Located(String schema, String table, String tool) {
	}
}
