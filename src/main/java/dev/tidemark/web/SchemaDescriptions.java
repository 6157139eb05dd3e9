package dev.tidemark.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One sentence for each schema of the API document, by schema name, for the records that have no
 * {@code @Schema(description)} of their own. OpenApiContractTests fails when a schema has none.
 */
final class SchemaDescriptions {

	private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
			Map.entry("Alembic", "Alembic's version table on the target: where it is and the heads it records"),
			Map.entry("ApiToken", "An API token as listed: who created it, for whom it acts, its roles; never its secret"),
			Map.entry("AuditEvent", "One entry of the append-only audit trail: who did what to which object, and how it ended"),
			Map.entry("BaselineRequest", "Which snapshot to accept as the target's baseline; the latest when snapshotId is omitted"),
			Map.entry("BaselineSetting", "The snapshot accepted as the target's baseline, and who accepted it when"),
			Map.entry("CatalogSnapshot", "Everything Tidemark read from the target's catalog at one time"),
			Map.entry("Change", "One object that differs between two snapshots: its key, the fields that differ, before and after"),
			Map.entry("Changeset", "One changeset of an execution: its SQL and how it ended"),
			Map.entry("ChunkIndexGap", "An index of a hypertable that some of its chunks lack"),
			Map.entry("ColumnInfo", "A column of a table or view"),
			Map.entry("ConnectionTestResult", "What answered when Tidemark opened a read-only session to the target"),
			Map.entry("ConstraintInfo", "A table constraint: primary key, unique, foreign key, check or exclusion"),
			Map.entry("ContinuousAggregate", "A TimescaleDB continuous aggregate"),
			Map.entry("CreateTokenRequest", "A new API token: a unique name, its roles and optionally when it expires (default 90 days)"),
			Map.entry("CreatedToken", "A newly created API token with its secret, which is shown in this response only"),
			Map.entry("Decision", "An approval or rejection of a remediation, by whom (credential and human) and until when it counts"),
			Map.entry("CreateWebhookRequest", "A new webhook subscription: URL, events, optional target or label filter, signing secret and payload format"),
			Map.entry("DecisionRequest", "An approval or rejection: a comment, and optionally a reference to a ticket or change request"),
			Map.entry("Dimension", "A partitioning dimension of a hypertable"),
			Map.entry("Entry", "One object of a kind present in only one of two snapshots"),
			Map.entry("Execution", "One run of a remediation's changelog (or its rollback) on the target, with per-changeset results"),
			Map.entry("ExtensionInfo", "An extension: installed version and the default version available"),
			Map.entry("Finding", "One rule violation on one object of a target, tracked across scans by its fingerprint"),
			Map.entry("Flyway", "Flyway's schema history table on the target: the latest version and failed migrations"),
			Map.entry("FlywayFailure", "A failed Flyway migration"),
			Map.entry("FunctionInfo", "A function or procedure"),
			Map.entry("GateResult", "The release gate's verdict for a target: passed, or the findings that block it"),
			Map.entry("Hypertable", "A TimescaleDB hypertable with its dimensions, chunks and compression"),
			Map.entry("IgnoreRule", "Differences a target's scans (or every target's) do not open as findings: selectors, reason, expiry"),
			Map.entry("IgnoreRuleRequest", "An ignore rule to create or to replace one with: a rule id and/or an object pattern, optionally a kind, a reason, and an expiry"),
			Map.entry("Ignored", "How many violations one ignore rule kept from becoming findings in a scan, with a few of their objects"),
			Map.entry("IndexInfo", "An index"),
			Map.entry("Job", "A TimescaleDB background job and how it last ran"),
			Map.entry("KindDiff", "The objects of one kind added, removed and changed between two snapshots"),
			Map.entry("Liquibase", "Liquibase's changelog and lock tables on the target"),
			Map.entry("MediaType", "A media type, as the Content-Type header carries it"),
			Map.entry("MigrationHistory", "The migration tools' history tables found on the target"),
			Map.entry("ObjectRef", "A reference to a catalog object: kind, schema, name and part (a column, an index)"),
			Map.entry("OrphanedStatement", "A statement of an interrupted execution still running on the target"),
			Map.entry("Partition", "A partition of a partitioned table and its bound"),
			Map.entry("PartitioningInfo", "A partitioned table: strategy, key, partitions and pg_partman settings"),
			Map.entry("Partman", "pg_partman's settings for a partitioned table"),
			Map.entry("Prisma", "Prisma's migrations table on the target"),
			Map.entry("PrismaMigration", "A Prisma migration and whether it applied"),
			Map.entry("ProposeRequest", "The open findings of one target to plan a repair for"),
			Map.entry("ReferenceRequest", "What the target must match: another target (its latest snapshot) or a stored snapshot; exactly one"),
			Map.entry("ReferenceSetting", "What the target must match, and who set it when"),
			Map.entry("ReferencingForeignKey", "A foreign key that references a hypertable"),
			Map.entry("Remediation", "An approval-gated repair of findings of one target: its plan's risk, decisions and status"),
			Map.entry("Repair", "How a finding can be repaired: automatically, or what to do instead"),
			Map.entry("RuleDescription", "A rule of the catalog: what it checks, why, and how severe a violation is"),
			Map.entry("RuleInfo", "A rewrite rule on a view: its name and CREATE RULE definition"),
			Map.entry("Scan", "One scan of a target: the snapshot taken, findings opened and resolved, and how it ended"),
			Map.entry("ScanError", "Why a scan failed"),
			Map.entry("SchemaInfo", "A schema (namespace) of the database"),
			Map.entry("SequenceInfo", "A sequence and how much of its range is used"),
			Map.entry("ServerInfo", "The server: version, database and settings that matter to the rules"),
			Map.entry("Snapshot", "A snapshot of a target's catalog with its content hash"),
			Map.entry("SnapshotDiff", "The structured difference between two snapshots of a target"),
			Map.entry("SnapshotSummary", "A snapshot without its content"),
			Map.entry("StepSummary", "One step of a remediation's plan: which finding it repairs, its risk and rollback"),
			Map.entry("Suppression", "Why and until when a finding is suppressed, and by whom"),
			Map.entry("SuppressionRequest", "Suppress a finding until a time, with a reason"),
			Map.entry("TableInfo", "A table with its columns"),
			Map.entry("Target", "A registered database: how to connect (never the passwords) and its labels and options"),
			Map.entry("TargetDefinition", "A target's definition as written: connection, credentials, labels and options"),
			Map.entry("TargetFindingSummary", "A target's findings by severity: open and total"),
			Map.entry("TargetOptions", "A target's scan settings: schemas to include or exclude, timeouts, pool size, scan "
					+ "interval, what comparisons leave out. A request may leave out any of them, which then takes its default; responses carry all"),
			Map.entry("TimescaleInfo", "TimescaleDB on the target: version, license, hypertables, continuous aggregates and jobs"),
			Map.entry("TriggerInfo", "A trigger"),
			Map.entry("ViewInfo", "A view or materialized view"),
			Map.entry("TypeInfo", "A user-defined type: enum, domain, composite or range"),
			Map.entry("UpdateWebhookRequest", "Changes to a webhook subscription; fields left out keep their value"),
			Map.entry("WebhookAttempt", "One delivery attempt of an event to a subscription: status code, duration, error"),
			Map.entry("WebhookSubscription", "A webhook subscription: where events go, which ones, for which targets (never the secret)"),
			Map.entry("Attribute", "An attribute of a composite type"),
			Map.entry("CollationInfo", "A user-defined collation"),
			Map.entry("PolicyInfo", "A row-level security policy"),
			Map.entry("PrivilegeInfo", "What one grantee may do with one object"),
			Map.entry("DefaultPrivilegeInfo", "Privileges that objects a role creates get by default"),
			Map.entry("RoleInfo", "A role of the server (never its password), and whether it can log in"));

	/** Examples of what a client writes: the request bodies. */
	private static final Map<String, Map<String, Object>> EXAMPLES = Map.of(
			"TargetDefinition", Map.of("name", "orders-prod", "jdbcUrl", "jdbc:postgresql://db.internal:5432/orders",
					"username", "tidemark_ro", "password", "s3cret", "labels", Map.of("env", "prod", "team", "orders"),
					"options", Map.of("includeSchemas", java.util.List.of("public"), "scanIntervalMinutes", 60)),
			"CreateTokenRequest", Map.of("name", "release-pipeline", "roles", java.util.List.of("VIEWER"),
					"expiresAt", "2027-03-01T00:00:00Z"),
			"ProposeRequest", Map.of("findingIds", java.util.List.of("6a0b4c0e-8d1f-4a36-9f0e-2b7d1c3e5f70")),
			"DecisionRequest", Map.of("comment", "Reviewed the preview; index build is concurrent", "externalRef",
					"CHG-1234"),
			"SuppressionRequest", Map.of("reason", "Table is dropped in the next release", "until",
					"2027-01-31T00:00:00Z"),
			"ReferenceRequest", Map.of("targetId", "0b9f1c8e-2f43-4c55-9a57-6f1f0c6b2d11"),
			"BaselineRequest", Map.of("snapshotId", "5d2c7f3a-1b9e-4e8a-b0d4-7c6f2a9e1b35"));

	private SchemaDescriptions() {
	}

	static @Nullable Map<String, Object> example(String schema) {
		return EXAMPLES.get(schema);
	}

	static @Nullable String of(String schema) {
		if (schema.startsWith("PageOf")) {
			return "One page of " + schema.substring("PageOf".length()) + " items with the totals (page is 0-based)";
		}
		return DESCRIPTIONS.get(schema);
	}
}
