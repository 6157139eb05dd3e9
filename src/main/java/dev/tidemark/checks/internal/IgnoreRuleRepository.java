package dev.tidemark.checks.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface IgnoreRuleRepository extends ListCrudRepository<IgnoreRuleRow, UUID> {

	List<IgnoreRuleRow> findByTargetIdIsNullOrderByCreatedAtAscIdAsc();

	List<IgnoreRuleRow> findByTargetIdOrderByCreatedAtAscIdAsc(UUID targetId);

	/** What applies to a scan of the target: its own rules and the global ones, unexpired; its own first. */
	@Query("""
			SELECT * FROM ignore_rule
			WHERE (target_id = :targetId OR target_id IS NULL) AND (expires_at IS NULL OR expires_at > :now)
			ORDER BY target_id IS NULL, created_at, id""")
	List<IgnoreRuleRow> findInForce(UUID targetId, Instant now);
}
