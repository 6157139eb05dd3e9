package dev.tidemark.checks.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.FindingsReconciled.FindingChange;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.common.PageRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Findings. Hand-written SQL on purpose: reconciliation upserts a scan's findings and resolves the rest in two
 * set-based statements, and the list is a filtered keyset page; no repository method expresses either.
 */
@Repository
class FindingStore {

	static final String COLUMNS = "id, target_id, fingerprint, rule_id, severity, status, object::text AS object, object_text, "
			+ "evidence::text AS evidence, repair::text AS repair, message, first_seen_at, last_seen_at, resolved_at, "
			+ "suppression_reason, suppressed_by, suppressed_at, suppressed_until";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	// Readers made once: a page maps three JSON columns per row, and ObjectMapper.readValue would resolve the
	// type and look up its deserializer on every call.
	private final ObjectReader objectReader;

	private final ObjectReader repairReader;

	private final ObjectReader evidenceReader;

	FindingStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
		this.objectReader = json.readerFor(ObjectRef.class);
		this.repairReader = json.readerFor(Repair.class);
		this.evidenceReader = json.readerFor(new TypeReference<Map<String, Object>>() {
		});
	}

	/**
	 * What a scan changed: findings first seen now, seen again after being resolved (or after their suppression ran
	 * out), gone now, and open findings by severity after.
	 */
	record Reconciliation(List<FindingChange> openedFindings, List<FindingChange> reopenedFindings,
			List<FindingChange> resolvedFindings, Map<Severity, Integer> openBySeverity) {

		int opened() {
			return openedFindings.size();
		}

		int resolved() {
			return resolvedFindings.size();
		}
	}

	/**
	 * Makes the target's findings match what a scan saw, in two set-based statements: upsert every violation by
	 * fingerprint (a RESOLVED one reopens, an expired suppression reopens, first-seen is kept), then resolve what
	 * was not seen. Runs in the caller's transaction, together with the scan's snapshot and outcome.
	 */
	Reconciliation reconcile(UUID targetId, UUID scanId, Instant now, List<Violation> violations) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Violation v : violations) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("fingerprint", Fingerprints.of(v));
			row.put("rule_id", v.ruleId());
			row.put("severity", v.severity().name());
			row.put("severity_rank", v.severity().ordinal());
			row.put("object", v.object());
			row.put("object_text", v.object().text());
			row.put("message", v.message());
			row.put("evidence", v.evidence());
			row.put("repair", v.repair());
			rows.add(row);
		}
		Timestamp at = Timestamp.from(now);
		// "was" is read in the same statement, so it sees the rows as they were before the upsert
		List<Changed> upserted = jdbc.sql("""
				WITH was AS (
				    SELECT fingerprint, status, suppressed_until FROM finding WHERE target_id = ?
				), upserted AS (
				    INSERT INTO finding (id, target_id, fingerprint, rule_id, severity, severity_rank, status, object_kind,
				                         object, object_text, message, evidence, repair, first_seen_at, last_seen_at,
				                         first_scan_id, last_scan_id)
				    SELECT gen_random_uuid(), ?, v.fingerprint, v.rule_id, v.severity, v.severity_rank, 'OPEN',
				           v.object ->> 'kind', v.object, v.object_text, v.message, v.evidence, v.repair, ?, ?, ?, ?
				    FROM jsonb_to_recordset(?::jsonb) AS v(fingerprint text, rule_id text, severity text,
				         severity_rank smallint, object jsonb, object_text text, message text, evidence jsonb, repair jsonb)
				    ON CONFLICT (target_id, fingerprint) DO UPDATE SET
				        rule_id = EXCLUDED.rule_id, severity = EXCLUDED.severity, severity_rank = EXCLUDED.severity_rank,
				        object_kind = EXCLUDED.object_kind, object = EXCLUDED.object, object_text = EXCLUDED.object_text,
				        message = EXCLUDED.message, evidence = EXCLUDED.evidence, repair = EXCLUDED.repair,
				        last_seen_at = EXCLUDED.last_seen_at, last_scan_id = EXCLUDED.last_scan_id,
				        status = CASE WHEN finding.status = 'RESOLVED' THEN 'OPEN'
				                      WHEN finding.status = 'SUPPRESSED' AND finding.suppressed_until <= EXCLUDED.last_seen_at
				                          THEN 'OPEN'
				                      ELSE finding.status END,
				        resolved_at = NULL
				    RETURNING (xmax = 0) AS inserted, id, fingerprint, rule_id, severity, object_text, status
				)
				SELECT u.inserted, (NOT u.inserted AND u.status = 'OPEN' AND w.status <> 'OPEN') AS reopened,
				       u.id, u.rule_id, u.severity, u.object_text
				FROM upserted u LEFT JOIN was w ON w.fingerprint = u.fingerprint""")
			.params(targetId, targetId, at, at, scanId, scanId, json.writeValueAsString(rows))
			.query((rs, n) -> new Changed(rs.getBoolean("inserted"), rs.getBoolean("reopened"), change(rs)))
			.list();
		List<FindingChange> resolved = jdbc.sql("""
				UPDATE finding SET status = 'RESOLVED', resolved_at = ?
				WHERE target_id = ? AND status <> 'RESOLVED'
				  AND fingerprint <> ALL (SELECT jsonb_array_elements_text(?::jsonb))
				RETURNING id, rule_id, severity, object_text""")
			.params(at, targetId, json.writeValueAsString(rows.stream().map(r -> r.get("fingerprint")).toList()))
			.query((rs, n) -> change(rs))
			.list();
		List<FindingChange> opened = upserted.stream().filter(Changed::inserted).map(Changed::finding).toList();
		List<FindingChange> reopened = upserted.stream().filter(Changed::reopened).map(Changed::finding).toList();
		return new Reconciliation(opened, reopened, resolved, openBySeverity(targetId));
	}

	/**
	 * Reconciles a scan that found exactly what the target's previous scan found, content and all (the caller knows
	 * it from its own last result): as {@link #reconcile} would, it moves last seen and reopens expired
	 * suppressions, but sends and rewrites no content. Empty, changing nothing, when the target's unresolved
	 * findings are not exactly these fingerprints (something else changed them): then reconcile in full.
	 */
	Optional<Reconciliation> reconcileRepeated(UUID targetId, UUID scanId, Instant now, Set<String> fingerprints) {
		// locked, so no other reconciliation or suppression changes them before this transaction ends
		Set<String> unresolved = new HashSet<>(jdbc.sql(
				"SELECT fingerprint FROM finding WHERE target_id = ? AND status <> 'RESOLVED' ORDER BY id FOR UPDATE")
			.param(targetId)
			.query(String.class)
			.list());
		if (!unresolved.equals(fingerprints)) {
			return Optional.empty();
		}
		Timestamp at = Timestamp.from(now);
		// by fingerprint too: a finding another scan of the target committed since the check is not this scan's
		String seen = json.writeValueAsString(fingerprints);
		List<FindingChange> reopened = jdbc.sql("""
				WITH was AS (
				    SELECT id, status FROM finding WHERE target_id = ? AND status <> 'RESOLVED'
				), touched AS (
				    UPDATE finding SET last_seen_at = ?, last_scan_id = ?,
				           status = CASE WHEN status = 'SUPPRESSED' AND suppressed_until <= ? THEN 'OPEN' ELSE status END
				    WHERE target_id = ? AND status <> 'RESOLVED'
				      AND fingerprint IN (SELECT jsonb_array_elements_text(?::jsonb))
				    RETURNING id, rule_id, severity, object_text, status
				)
				SELECT t.id, t.rule_id, t.severity, t.object_text
				FROM touched t JOIN was w ON w.id = t.id
				WHERE t.status = 'OPEN' AND w.status <> 'OPEN'""")
			.params(targetId, at, scanId, at, targetId, seen)
			.query((rs, n) -> change(rs))
			.list();
		return Optional.of(new Reconciliation(List.of(), reopened, List.of(), openBySeverity(targetId)));
	}

	private record Changed(boolean inserted, boolean reopened, FindingChange finding) {
	}

	private static FindingChange change(ResultSet rs) throws SQLException {
		return new FindingChange(rs.getObject("id", UUID.class), rs.getString("rule_id"),
				Severity.valueOf(rs.getString("severity")), rs.getString("object_text"));
	}

	Map<Severity, Integer> openBySeverity(UUID targetId) {
		Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
		for (Severity s : Severity.values()) {
			counts.put(s, 0);
		}
		jdbc.sql("SELECT severity, count(*)::int AS n FROM finding WHERE target_id = ? AND status = 'OPEN' GROUP BY severity")
			.param(targetId)
			.query((rs, n) -> counts.put(Severity.valueOf(rs.getString("severity")), rs.getInt("n")))
			.list();
		return counts;
	}

	Optional<Finding> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM finding WHERE id = ?").param(id).query(this::finding).optional();
	}

	/** Filters: each null means "any". {@code objectText} matches case-insensitively anywhere in the object. */
	record Filter(@Nullable UUID targetId, @Nullable List<Severity> severities, @Nullable List<Finding.Status> statuses,
			@Nullable List<String> ruleIds, @Nullable String objectText) {
	}

	/** Sortable fields, mapped to columns; a stable tie-breaker is always added. */
	enum Sort {
		SEVERITY("severity_rank"), LAST_SEEN("last_seen_at"), FIRST_SEEN("first_seen_at"), RULE("rule_id"),
		OBJECT("object_text");

		final String column;

		Sort(String column) {
			this.column = column;
		}
	}

	List<Finding> page(Filter filter, Sort sort, boolean descending, PageRequest page) {
		Where where = where(filter);
		String order = sort.column + (descending ? " DESC" : " ASC")
				+ (sort == Sort.SEVERITY ? ", last_seen_at DESC" : ", severity_rank ASC") + ", id";
		List<Object> params = new ArrayList<>(where.params());
		params.add(page.size());
		params.add(page.offset());
		return jdbc.sql("SELECT " + COLUMNS + " FROM finding" + where.sql() + " ORDER BY " + order + " LIMIT ? OFFSET ?")
			.params(params)
			.query(this::finding)
			.list();
	}

	long count(Filter filter) {
		Where where = where(filter);
		return jdbc.sql("SELECT count(*) FROM finding" + where.sql()).params(where.params()).query(Long.class).single();
	}

	private record Where(String sql, List<Object> params) {
	}

	private static Where where(Filter filter) {
		List<String> clauses = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		if (filter.targetId() != null) {
			clauses.add("target_id = ?");
			params.add(filter.targetId());
		}
		if (filter.statuses() != null && !filter.statuses().isEmpty()) {
			List<String> statuses = filter.statuses().stream().map(Enum::name).distinct().toList();
			oneOf(clauses, params, "status", "text", statuses, textArray(statuses));
		}
		if (filter.severities() != null && !filter.severities().isEmpty()) {
			List<Integer> ranks = filter.severities().stream().map(Severity::ordinal).distinct().toList();
			oneOf(clauses, params, "severity_rank", "smallint", ranks,
					"{" + String.join(",", ranks.stream().map(String::valueOf).toList()) + "}");
		}
		if (filter.ruleIds() != null && !filter.ruleIds().isEmpty()) {
			List<String> ruleIds = filter.ruleIds().stream().distinct().toList();
			oneOf(clauses, params, "rule_id", "text", ruleIds, textArray(ruleIds));
		}
		if (filter.objectText() != null && !filter.objectText().isBlank()) {
			clauses.add("strpos(lower(object_text), lower(?)) > 0");
			params.add(filter.objectText());
		}
		return new Where(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), params);
	}

	/**
	 * {@code column = ?} for one value, {@code column = ANY (?::type[])} for several. Same rows either way, but only
	 * the plain equality tells PostgreSQL (before 17) that the column is constant, so an index on it followed by
	 * the sort columns returns the page already in order and the scan stops after LIMIT rows instead of reading
	 * and sorting every match (measured in bench/findings-load.sh, see docs/benchmarks-findings.md).
	 */
	private static void oneOf(List<String> clauses, List<Object> params, String column, String type, List<?> values,
			String arrayLiteral) {
		if (values.size() == 1) {
			clauses.add(column + " = ?::" + type);
			params.add(values.get(0));
		}
		else {
			clauses.add(column + " = ANY (?::" + type + "[])");
			params.add(arrayLiteral);
		}
	}

	/** A PostgreSQL text[] literal with every element quoted. */
	private static String textArray(List<String> values) {
		StringBuilder out = new StringBuilder("{");
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			out.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
		}
		return out.append('}').toString();
	}

	boolean suppress(UUID id, String reason, String by, Instant at, Instant until) {
		return jdbc.sql("""
				UPDATE finding SET status = 'SUPPRESSED', suppression_reason = ?, suppressed_by = ?, suppressed_at = ?,
				       suppressed_until = ?
				WHERE id = ? AND status <> 'RESOLVED'""")
			.params(reason, by, Timestamp.from(at), Timestamp.from(until), id)
			.update() == 1;
	}

	boolean unsuppress(UUID id) {
		return jdbc.sql("""
				UPDATE finding SET status = 'OPEN', suppression_reason = NULL, suppressed_by = NULL, suppressed_at = NULL,
				       suppressed_until = NULL
				WHERE id = ? AND status = 'SUPPRESSED'""")
			.param(id)
			.update() == 1;
	}

	/** Suppressions that ran out reopen their findings; returns how many. */
	int reopenExpiredSuppressions(Instant now) {
		return jdbc.sql("UPDATE finding SET status = 'OPEN' WHERE status = 'SUPPRESSED' AND suppressed_until <= ?")
			.param(Timestamp.from(now))
			.update();
	}

	/** Open findings at or above a severity, most severe first: what blocks a release. */
	List<Finding> openAtLeast(UUID targetId, Severity severity) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM finding WHERE target_id = ? AND status = 'OPEN' AND severity_rank <= ? "
				+ "ORDER BY severity_rank, rule_id, object_text, id")
			.params(targetId, severity.ordinal())
			.query(this::finding)
			.list();
	}

	/** Open findings per target and severity. */
	List<Map<String, Object>> openCounts() {
		return jdbc.sql("""
				SELECT t.id AS target_id, t.name AS target_name, f.severity, count(f.id)::int AS n
				FROM target t LEFT JOIN finding f ON f.target_id = t.id AND f.status = 'OPEN'
				GROUP BY t.id, t.name, f.severity ORDER BY t.name""")
			.query()
			.listOfRows();
	}

	/** Open findings per target name, severity and rule, for the metrics gauge. */
	List<Map<String, Object>> openCountsByRule() {
		return jdbc.sql("""
				SELECT t.name AS target, f.severity, f.rule_id, count(*)::int AS n
				FROM finding f JOIN target t ON t.id = f.target_id
				WHERE f.status = 'OPEN' GROUP BY t.name, f.severity, f.rule_id""")
			.query()
			.listOfRows();
	}

	/** One target's open findings per severity and rule. */
	List<Map<String, Object>> openCountsByRule(UUID targetId) {
		return jdbc.sql("""
				SELECT severity, rule_id, count(*)::int AS n FROM finding
				WHERE target_id = ? AND status = 'OPEN' GROUP BY severity, rule_id""")
			.param(targetId)
			.query()
			.listOfRows();
	}

	private Finding finding(ResultSet rs, int rowNum) throws SQLException {
		ObjectRef object = objectReader.readValue(rs.getString("object"));
		Repair repair = repairReader.readValue(rs.getString("repair"));
		Map<String, Object> evidence = evidenceReader.readValue(rs.getString("evidence"));
		Timestamp suppressedUntil = rs.getTimestamp("suppressed_until");
		Finding.Status status = Finding.Status.valueOf(rs.getString("status"));
		Finding.Suppression suppression = status == Finding.Status.SUPPRESSED && suppressedUntil != null
				? new Finding.Suppression(rs.getString("suppression_reason"), rs.getString("suppressed_by"),
						rs.getTimestamp("suppressed_at").toInstant(), suppressedUntil.toInstant())
				: null;
		Timestamp resolved = rs.getTimestamp("resolved_at");
		return new Finding(rs.getObject("id", UUID.class), rs.getObject("target_id", UUID.class), rs.getString("rule_id"),
				Severity.valueOf(rs.getString("severity")), status, object, rs.getString("object_text"),
				rs.getString("message"), evidence, repair, repair.automatic(), rs.getString("fingerprint"),
				rs.getTimestamp("first_seen_at").toInstant(), rs.getTimestamp("last_seen_at").toInstant(),
				resolved == null ? null : resolved.toInstant(), suppression);
	}
}
