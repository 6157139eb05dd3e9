package dev.tidemark.checks.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * What the applications expect of a target, as release tooling writes it (YAML or JSON). Every section is
 * optional; an absent section expects nothing. Table names are schema-qualified ({@code public.orders}).
 */
public record Contract(@JsonInclude(JsonInclude.Include.NON_EMPTY) List<ExtensionExpectation> extensions,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<TableExpectation> tables,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<MaterializedViewExpectation> materializedViews,
		@Nullable MigrationExpectations migrations,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<ViewExpectation> views,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<FunctionExpectation> functions,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<TriggerExpectation> triggers,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<EnumExpectation> enums,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<PolicyExpectation> policies,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<GrantExpectation> grants,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<IgnoreEntry> ignore) {

	public Contract {
		extensions = extensions == null ? List.of() : List.copyOf(extensions);
		tables = tables == null ? List.of() : List.copyOf(tables);
		materializedViews = materializedViews == null ? List.of() : List.copyOf(materializedViews);
		views = views == null ? List.of() : List.copyOf(views);
		functions = functions == null ? List.of() : List.copyOf(functions);
		triggers = triggers == null ? List.of() : List.copyOf(triggers);
		enums = enums == null ? List.of() : List.copyOf(enums);
		policies = policies == null ? List.of() : List.copyOf(policies);
		grants = grants == null ? List.of() : List.copyOf(grants);
		ignore = ignore == null ? List.of() : List.copyOf(ignore);
	}

	/** A contract with every expectation section and no {@code ignore} section. */
	public Contract(List<ExtensionExpectation> extensions, List<TableExpectation> tables,
			List<MaterializedViewExpectation> materializedViews, @Nullable MigrationExpectations migrations,
			List<ViewExpectation> views, List<FunctionExpectation> functions, List<TriggerExpectation> triggers,
			List<EnumExpectation> enums, List<PolicyExpectation> policies, List<GrantExpectation> grants) {
		this(extensions, tables, materializedViews, migrations, views, functions, triggers, enums, policies, grants,
				List.of());
	}

	/** A contract about tables, materialized views, extensions and migrations only (the sections before views). */
	public Contract(List<ExtensionExpectation> extensions, List<TableExpectation> tables,
			List<MaterializedViewExpectation> materializedViews, @Nullable MigrationExpectations migrations) {
		this(extensions, tables, materializedViews, migrations, List.of(), List.of(), List.of(), List.of(), List.of(),
				List.of());
	}

	public static Contract empty() {
		return new Contract(List.of(), List.of(), List.of(), null);
	}


	/**
	 * Differences this target's scans do not open as findings, as stored ignore rules do: {@code rule} (a rule
	 * id), {@code kind} (the finding's object kind) and {@code object} (a glob on the finding's object, see
	 * {@link dev.tidemark.checks.ObjectPattern}); a rule or an object is required, every one given must match.
	 * {@code until}: a date ({@code 2026-12-31}, ignored through that day, UTC) or an ISO-8601 instant; absent
	 * means no expiry.
	 */
	public record IgnoreEntry(@Nullable String rule, @Nullable String kind, @Nullable String object, String reason,
			@Nullable String until) {

		/** When the entry stops applying, or null for never. */
		public java.time.@Nullable Instant expiresAt() {
			return until == null ? null : instant(until);
		}

		/** @throws IllegalArgumentException when {@code until} is neither a date nor an ISO-8601 instant */
		static java.time.Instant instant(String until) {
			String text = until.trim();
			try {
				if (text.length() == 10) {
					return java.time.LocalDate.parse(text).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
				}
				return java.time.OffsetDateTime.parse(text).toInstant();
			}
			catch (java.time.format.DateTimeParseException e) {
				throw new IllegalArgumentException("until must be a date (2026-12-31) or an ISO-8601 instant "
						+ "(2026-12-31T18:00:00Z), not '" + until + "'");
			}
		}
	}

	/** {@code version} null means any version. */
	public record ExtensionExpectation(String name, @Nullable String version) {
	}

	/**
	 * A table. {@code columns} lists the columns the applications use (others may exist); {@code primaryKey},
	 * {@code unique}, {@code foreignKeys}, {@code indexes} and {@code constraints} each list what must exist.
	 */
	public record TableExpectation(String name,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) List<ColumnExpectation> columns,
			@Nullable List<String> primaryKey, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<List<String>> unique,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) List<ForeignKeyExpectation> foreignKeys,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) List<IndexExpectation> indexes,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) List<ConstraintExpectation> constraints,
			@Nullable PartitioningExpectation partitioning, @Nullable TimescaleExpectation timescale) {

		public TableExpectation {
			columns = columns == null ? List.of() : List.copyOf(columns);
			unique = unique == null ? List.of() : unique.stream().map(List::copyOf).toList();
			foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
			indexes = indexes == null ? List.of() : List.copyOf(indexes);
			constraints = constraints == null ? List.of() : List.copyOf(constraints);
			primaryKey = primaryKey == null ? null : List.copyOf(primaryKey);
		}

		public String schema() {
			return name.substring(0, name.indexOf('.'));
		}

		public String table() {
			return name.substring(name.indexOf('.') + 1);
		}
	}

	/**
	 * {@code type} as PostgreSQL spells it in any common form ({@code int8}, {@code bigint},
	 * {@code varchar(10)}); null fields are not checked. {@code defaultValue} is the SQL default expression,
	 * spelled {@code default} in the document.
	 */
	public record ColumnExpectation(String name, @Nullable String type, @Nullable Boolean nullable,
			@JsonProperty("default") @Nullable String defaultValue) {
	}

	/** {@code onDelete}/{@code onUpdate}: NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT; null = any. */
	public record ForeignKeyExpectation(@Nullable String name, List<String> columns, Reference references,
			@Nullable String onDelete, @Nullable String onUpdate) {

		public ForeignKeyExpectation {
			// "set null" and "SET  NULL" mean what the catalog prints as SET NULL
			onDelete = action(onDelete);
			onUpdate = action(onUpdate);
		}

		private static @Nullable String action(@Nullable String action) {
			return action == null ? null : action.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
		}

		public record Reference(String table, List<String> columns) {
		}
	}

	/** An index on {@code columns} (expressions allowed), partial when {@code where} is set. */
	public record IndexExpectation(@Nullable String name, List<String> columns, @Nullable String where,
			@Nullable Boolean unique, @Nullable String method) {
	}

	/** A named constraint; {@code definition} as {@code pg_get_constraintdef} prints it, e.g. an EXCLUDE. */
	public record ConstraintExpectation(String name, @Nullable String definition) {
	}

	/**
	 * RANGE partitions on {@code column}, one per {@code interval} ({@code 1 day}, {@code 1 week},
	 * {@code 1 month}, {@code 1 year}), {@code premake} ahead of now, named by {@code namePattern}
	 * ({@code {yyyy}}, {@code {MM}}, {@code {dd}}, {@code {ww}} placeholders).
	 */
	public record PartitioningExpectation(String column, String interval, @Nullable Integer premake,
			@Nullable String namePattern) {

		public PartitioningExpectation {
			// monthly, 1 mon, P1M ... all become "1 month"; anything else is left for the validator to name
			interval = Intervals.partitionInterval(interval);
		}
	}

	/**
	 * TimescaleDB: the table must be a hypertable on {@code timeColumn}; {@code compression} is either
	 * {@code none} (no compression policy may exist) or {@code {after: 7 days}}; {@code retention}
	 * {@code {dropAfter: 90 days}}. Stored and validated here, evaluated by the TimescaleDB rules.
	 */
	public record TimescaleExpectation(@Nullable Hypertable hypertable, @Nullable Compression compression,
			@Nullable Retention retention) {

		public record Hypertable(String timeColumn, @Nullable String chunkInterval) {
		}

		/**
		 * {@code none} true: no compression policy may exist; else a policy must exist that compresses after
		 * {@code after} (null = any). Written as the scalar {@code none} or as {@code {after, segmentBy, orderBy}}.
		 */
		public record Compression(boolean none, @Nullable String after, @Nullable List<String> segmentBy,
				@Nullable List<String> orderBy) {

			public static final String NONE = "none";

			@JsonCreator
			public Compression(@JsonProperty("none") @Nullable Boolean none, @JsonProperty("after") @Nullable String after,
					@JsonProperty("segmentBy") @Nullable List<String> segmentBy,
					@JsonProperty("orderBy") @Nullable List<String> orderBy) {
				this(Boolean.TRUE.equals(none), after, segmentBy, orderBy);
			}

			public static Compression noCompression() {
				return new Compression(true, null, null, null);
			}

			/** The scalar form: only {@code none} is a valid word here. */
			@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
			static Compression fromScalar(String value) {
				if (NONE.equalsIgnoreCase(value.trim())) {
					return noCompression();
				}
				throw new IllegalArgumentException("compression must be 'none' or an object such as {after: 7 days}, not '"
						+ value + "'");
			}

			/** {@code none} alone is written as the scalar; anything else as an object (nulls left out). */
			@JsonValue
			Object json() {
				if (none && after == null && segmentBy == null && orderBy == null) {
					return NONE;
				}
				Map<String, Object> json = new LinkedHashMap<>();
				if (none) {
					json.put("none", true);
				}
				if (after != null) {
					json.put("after", after);
				}
				if (segmentBy != null) {
					json.put("segmentBy", segmentBy);
				}
				if (orderBy != null) {
					json.put("orderBy", orderBy);
				}
				return json;
			}
		}

		public record Retention(String dropAfter) {
		}
	}

	/** A materialized view that must support {@code REFRESH ... CONCURRENTLY} through a unique index on its key. */
	public record MaterializedViewExpectation(String name, @Nullable List<String> uniqueKey) {
	}

	/** What each migration tool's bookkeeping must say; absent tools are not checked. */
	public record MigrationExpectations(@Nullable Prisma prisma, @Nullable Alembic alembic, @Nullable Flyway flyway,
			@Nullable Liquibase liquibase) {

		/** {@code allFinished}: no failed or unfinished row; {@code applied}: migrations that must be applied. */
		public record Prisma(@Nullable Boolean allFinished, @Nullable List<String> applied) {
		}

		public record Alembic(String head) {
		}

		/** {@code version}: the newest version that must be applied. */
		public record Flyway(@Nullable String version) {
		}

		/** {@code changesets}: {@code id::author} (or {@code id::author::file}) entries that must be applied. */
		public record Liquibase(@Nullable List<String> changesets) {
		}
	}

	/** A view that must exist; {@code materialized} null accepts a plain or a materialized view. */
	public record ViewExpectation(String name, @Nullable Boolean materialized) {
	}

	/**
	 * A function or procedure that must exist. {@code arguments}: the identity arguments as
	 * {@code pg_get_function_identity_arguments} prints them ({@code x integer, y text}); null accepts any overload,
	 * {@code ""} only the one without arguments.
	 */
	public record FunctionExpectation(String name, @Nullable String arguments) {
	}

	/** A trigger on {@code table}; {@code enabled} true: it must fire (not DISABLED), false: it must be DISABLED. */
	public record TriggerExpectation(String table, String name, @Nullable Boolean enabled) {
	}

	/**
	 * An enum type whose values must be {@code values}, in this order. {@code allowExtra} true: the target may hold
	 * other values too (anywhere), as long as the listed ones appear in this relative order; absent or false: the
	 * values must be exactly these.
	 */
	public record EnumExpectation(String name, List<String> values, @Nullable Boolean allowExtra) {

		public EnumExpectation {
			values = values == null ? null : List.copyOf(values);
		}
	}

	/**
	 * A row-level security policy on {@code table}. {@code command} ({@code ALL}, {@code SELECT}, {@code INSERT},
	 * {@code UPDATE}, {@code DELETE}) and {@code roles} ({@code public} for PUBLIC; the set must be equal) are
	 * checked only when given.
	 */
	public record PolicyExpectation(String table, String name, @Nullable String command,
			@Nullable List<String> roles) {

		public PolicyExpectation {
			command = command == null ? null : command.trim().toUpperCase(Locale.ROOT);
			roles = roles == null ? null : List.copyOf(roles);
		}
	}

	/**
	 * Privileges the grantee {@code to} must hold directly on an object (at least these; more is fine).
	 * {@code kind}: TABLE, VIEW, SEQUENCE, FUNCTION, SCHEMA, TYPE or COLUMN; {@code on} names the object as
	 * findings do: {@code app} (a schema), {@code public.orders}, {@code public.orders.email} (a column),
	 * {@code public.f(x integer)} (a function with its identity arguments). {@code to} is a role or {@code PUBLIC}.
	 */
	public record GrantExpectation(String on, String kind, String to, List<String> privileges) {

		public GrantExpectation {
			kind = kind == null ? null : kind.trim().toUpperCase(Locale.ROOT);
			privileges = privileges == null ? null
					: privileges.stream().map(p -> p == null ? null : p.trim().toUpperCase(Locale.ROOT)).toList();
		}
	}
}
