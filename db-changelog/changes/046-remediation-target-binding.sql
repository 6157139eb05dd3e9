-- liquibase formatted sql

-- changeset tidemark:046-remediation-target-binding
-- What the remediation was proposed for: a hash of the target's JDBC URL, users and labels at that time. Approving,
-- executing and rolling back compare it with the target as it is now, so a target pointed at another database (or
-- relabelled out of a stricter approval rule) after the proposal cannot carry the plan's approvals there. NULL for
-- remediations proposed before: they count as changed (STALE), since what they were approved for is unknown.
ALTER TABLE remediation ADD COLUMN target_binding text;
-- rollback ALTER TABLE remediation DROP COLUMN target_binding;
