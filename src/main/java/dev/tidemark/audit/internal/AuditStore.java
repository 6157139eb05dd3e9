package dev.tidemark.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.audit.ActorKind;
import dev.tidemark.audit.AuditEvent;
import dev.tidemark.common.PageRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Inserts and reads; there is deliberately no update, and the only delete is the retention pruner's (the table's
 * trigger refuses every other UPDATE and DELETE). Hand-written SQL: an append-only log read in filtered keyset pages
 * and pruned in batches is no aggregate.
 */
@Repository
class AuditStore {

	private static final String COLUMNS = "id, occurred_at, actor, actor_kind, on_behalf_of, action, target_id, object_type, "
			+ "object_id, outcome, remote_address, detail::text AS detail";

	private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AuditStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(AuditEvent event) {
		jdbc.sql("""
				INSERT INTO audit_event (id, occurred_at, actor, actor_kind, on_behalf_of, action, target_id, object_type,
				                         object_id, outcome, remote_address, detail)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
			.params(event.id(), Timestamp.from(event.occurredAt()), event.actor(), event.actorKind().name(),
					event.onBehalfOf(), event.action(), event.targetId(), event.objectType(), event.objectId(), event.outcome(),
					event.remoteAddress(), json.writeValueAsString(event.detail()))
			.update();
	}

	/**
	 * Deletes up to {@code limit} of the oldest events that occurred before {@code cutoff}; must run in a transaction,
	 * which it marks (SET LOCAL, gone at commit) as the pruner's with that cutoff: the append-only trigger lets a
	 * DELETE through only then, and only for rows older than the cutoff. Rows another pruner holds are skipped.
	 */
	int deleteOldest(Instant cutoff, int limit) {
		jdbc.sql("SELECT set_config('tidemark.audit_pruning', 'on', true), "
				+ "set_config('tidemark.audit_prune_before', ?, true)")
			.param(cutoff.toString())
			.query((rs, n) -> 1)
			.list();
		return jdbc.sql("""
				DELETE FROM audit_event
				 WHERE id IN (SELECT id FROM audit_event WHERE occurred_at < ?
				               ORDER BY occurred_at LIMIT ? FOR UPDATE SKIP LOCKED)""")
			.params(Timestamp.from(cutoff), limit)
			.update();
	}

	/** Each null means "any"; {@code from} is inclusive, {@code to} exclusive. */
	record Filter(@Nullable String actor, @Nullable String onBehalfOf, @Nullable String action, @Nullable UUID targetId, @Nullable String outcome,
			@Nullable Instant from, @Nullable Instant to) {
	}

	List<AuditEvent> page(Filter filter, PageRequest page) {
		Where where = where(filter);
		List<Object> params = new ArrayList<>(where.params());
		params.add(page.size());
		params.add(page.offset());
		return jdbc.sql("SELECT " + COLUMNS + " FROM audit_event" + where.sql()
				+ " ORDER BY occurred_at DESC, seq DESC LIMIT ? OFFSET ?")
			.params(params)
			.query(this::row)
			.list();
	}

	long count(Filter filter) {
		Where where = where(filter);
		return jdbc.sql("SELECT count(*) FROM audit_event" + where.sql()).params(where.params()).query(Long.class)
			.single();
	}

	private record Where(String sql, List<Object> params) {
	}

	private static Where where(Filter filter) {
		List<String> clauses = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		if (filter.actor() != null) {
			clauses.add("actor = ?");
			params.add(filter.actor());
		}
		if (filter.onBehalfOf() != null) {
			clauses.add("on_behalf_of = ?");
			params.add(filter.onBehalfOf());
		}
		if (filter.action() != null) {
			clauses.add("action = ?");
			params.add(filter.action());
		}
		if (filter.targetId() != null) {
			clauses.add("target_id = ?");
			params.add(filter.targetId());
		}
		if (filter.outcome() != null) {
			clauses.add("outcome = ?");
			params.add(filter.outcome());
		}
		if (filter.from() != null) {
			clauses.add("occurred_at >= ?");
			params.add(Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			clauses.add("occurred_at < ?");
			params.add(Timestamp.from(filter.to()));
		}
		return new Where(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), params);
	}

	private AuditEvent row(ResultSet rs, int rowNum) throws SQLException {
		return new AuditEvent(rs.getObject("id", UUID.class), rs.getTimestamp("occurred_at").toInstant(),
				rs.getString("actor"), ActorKind.valueOf(rs.getString("actor_kind")), rs.getString("on_behalf_of"),
				rs.getString("action"),
				rs.getObject("target_id", UUID.class), rs.getString("object_type"), rs.getString("object_id"),
				rs.getString("outcome"), rs.getString("remote_address"), json.readValue(rs.getString("detail"), DETAIL));
	}
}
