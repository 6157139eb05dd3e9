package dev.tidemark.remediation.internal;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.tidemark.remediation.RemediationException;
import dev.tidemark.remediation.RemediationException.Reason;
import dev.tidemark.targets.TargetRemovalGuard;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A target is not removed while one of its remediations executes under a live executor: the cascade would delete
 * the record of what is being applied to the database while Liquibase still runs. One whose executor stopped (its
 * lease ran out) does not block: its database may be gone for good, and removing the target is then the way out.
 */
@Component
class ExecutingRemediationGuard implements TargetRemovalGuard {

	private final JdbcClient jdbc;

	ExecutingRemediationGuard(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void checkRemovable(UUID targetId) {
		// hand-written: a row lock on every remediation of the target, held until the removal commits, so none can be
		// claimed for execution between this check and the delete
		List<UUID> executing = jdbc.sql("SELECT id, status = 'EXECUTING' AND lease_expires_at > clock_timestamp() "
				+ "FROM remediation WHERE target_id = ? ORDER BY id FOR UPDATE")
			.param(targetId)
			.query((rs, n) -> rs.getBoolean(2) ? rs.getObject(1, UUID.class) : null)
			.list().stream().filter(Objects::nonNull).toList();
		if (!executing.isEmpty()) {
			throw new RemediationException(Reason.TARGET_BUSY, "Remediation " + executing.get(0) + " is executing on "
					+ "this target; removing the target would delete its record while it runs. Remove it once the "
					+ "execution has finished (or its executor has stopped and its lease has run out)");
		}
	}
}
