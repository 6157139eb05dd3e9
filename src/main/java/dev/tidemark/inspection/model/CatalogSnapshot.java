package dev.tidemark.inspection.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/**
 * The normalized catalog of one database at one instant. Deterministic: equal schemas give equal snapshots (no
 * OIDs, every list sorted by key, {@code search_path} and {@code TimeZone} pinned when read). {@code timescale}
 * is null unless the TimescaleDB extension is installed.
 * <p>
 * Format 2 adds types, collations, row-level security policies, privileges and default privileges, and the full
 * definitions of views and functions (format 1 kept hashes). A format-1 snapshot reads with those lists empty;
 * compare snapshots of different formats through {@link #asFormat(int)} so the older one's silence about a kind is
 * not taken for its absence. Owners of sequences, functions and types and the server's {@code roles} were added
 * to format 2 later, without a new format: a snapshot without them reads them as null and empty, which means
 * unknown (an unknown owner is not compared, unknown roles are taken to exist).
 */
public record CatalogSnapshot(int formatVersion, ServerInfo server, List<SchemaInfo> schemas,
		List<ExtensionInfo> extensions, List<TableInfo> tables, List<ConstraintInfo> constraints,
		List<IndexInfo> indexes, List<ViewInfo> views, List<SequenceInfo> sequences, List<FunctionInfo> functions,
		List<TriggerInfo> triggers, List<PartitioningInfo> partitioning, MigrationHistory migrations,
		@Nullable TimescaleInfo timescale, List<TypeInfo> types, List<CollationInfo> collations,
		List<PolicyInfo> policies, List<PrivilegeInfo> privileges, List<DefaultPrivilegeInfo> defaultPrivileges,
		List<RoleInfo> roles) {

	public static final int FORMAT_VERSION = 2;

	public CatalogSnapshot {
		types = types == null ? List.of() : types;
		collations = collations == null ? List.of() : collations;
		policies = policies == null ? List.of() : policies;
		privileges = privileges == null ? List.of() : privileges;
		defaultPrivileges = defaultPrivileges == null ? List.of() : defaultPrivileges;
		roles = roles == null ? List.of() : roles;
	}

	/** Without the server's roles (snapshots built by hand, or read before roles were). */
	public CatalogSnapshot(int formatVersion, ServerInfo server, List<SchemaInfo> schemas,
			List<ExtensionInfo> extensions, List<TableInfo> tables, List<ConstraintInfo> constraints,
			List<IndexInfo> indexes, List<ViewInfo> views, List<SequenceInfo> sequences, List<FunctionInfo> functions,
			List<TriggerInfo> triggers, List<PartitioningInfo> partitioning, MigrationHistory migrations,
			@Nullable TimescaleInfo timescale, List<TypeInfo> types, List<CollationInfo> collations,
			List<PolicyInfo> policies, List<PrivilegeInfo> privileges, List<DefaultPrivilegeInfo> defaultPrivileges) {
		this(formatVersion, server, schemas, extensions, tables, constraints, indexes, views, sequences, functions,
				triggers, partitioning, migrations, timescale, types, collations, policies, privileges,
				defaultPrivileges, List.of());
	}

	/**
	 * Whether the snapshot lists the server's roles: one read before they were lists none (a server always has at
	 * least the role that read it), and then which roles exist is unknown.
	 */
	@JsonIgnore
	public boolean knowsRoles() {
		return !roles.isEmpty();
	}

	/** Whether {@code role} exists on the server: PUBLIC always, any role when the roles are unknown. */
	public boolean hasRole(String role) {
		return "PUBLIC".equals(role) || !knowsRoles() || roles.stream().anyMatch(r -> r.name().equals(role));
	}

	/** The format-1 shape, for snapshots built by hand (tests) that know nothing of the format-2 kinds. */
	public CatalogSnapshot(int formatVersion, ServerInfo server, List<SchemaInfo> schemas,
			List<ExtensionInfo> extensions, List<TableInfo> tables, List<ConstraintInfo> constraints,
			List<IndexInfo> indexes, List<ViewInfo> views, List<SequenceInfo> sequences, List<FunctionInfo> functions,
			List<TriggerInfo> triggers, List<PartitioningInfo> partitioning, MigrationHistory migrations,
			@Nullable TimescaleInfo timescale) {
		this(formatVersion, server, schemas, extensions, tables, constraints, indexes, views, sequences, functions,
				triggers, partitioning, migrations, timescale, List.of(), List.of(), List.of(), List.of(), List.of());
	}

	/**
	 * This snapshot as a reader of {@code version} would have written it: what that format did not read is left
	 * out, so a diff against a snapshot of that format compares only what both saw. Newer or equal: unchanged.
	 */
	public CatalogSnapshot asFormat(int version) {
		if (version >= formatVersion || version >= 2) {
			return this;
		}
		return new CatalogSnapshot(version, server, schemas, extensions,
				tables.stream().map(t -> new TableInfo(t.schema(), t.name(), t.kind(), t.persistence(), t.owner(),
						t.partitionOf(), t.columns().stream().map(CatalogSnapshot::format1).toList())).toList(),
				constraints, indexes,
				views.stream().map(v -> new ViewInfo(v.schema(), v.name(), v.materialized(), v.owner(), v.populated(),
						v.hasUniqueIndex(), v.definitionHash(), v.columns().stream().map(CatalogSnapshot::format1).toList()))
					.toList(),
				sequences.stream().map(s -> new SequenceInfo(s.schema(), s.name(), s.dataType(), s.increment(),
						s.minValue(), s.maxValue(), s.cycle(), s.lastValue(), s.ownedByTable(), s.ownedByColumn(),
						s.columnType(), s.effectiveMax(), s.percentUsed())).toList(),
				functions.stream().map(f -> new FunctionInfo(f.schema(), f.name(), f.arguments(), f.kind(), f.returns(),
						f.language(), f.volatility(), f.securityDefiner(), f.bodyHash())).toList(),
				triggers, partitioning, migrations, timescale);
	}

	private static ColumnInfo format1(ColumnInfo c) {
		return new ColumnInfo(c.position(), c.name(), c.type(), c.nullable(), c.defaultExpression(), c.identity(),
				c.generatedExpression(), c.collation());
	}
}
