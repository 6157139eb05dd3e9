-- liquibase formatted sql

-- changeset tidemark:031-remediation-human
-- Four eyes count people, not credentials: the human behind the proposer and behind each decision (an API token
-- acts for the person who created it).
ALTER TABLE remediation ADD COLUMN proposed_by_human text;
UPDATE remediation SET proposed_by_human = proposed_by;
ALTER TABLE remediation ALTER COLUMN proposed_by_human SET NOT NULL;
ALTER TABLE remediation_decision ADD COLUMN human text;
UPDATE remediation_decision SET human = actor;
ALTER TABLE remediation_decision ALTER COLUMN human SET NOT NULL;
ALTER TABLE remediation_decision DROP CONSTRAINT remediation_decision_once_per_actor;
ALTER TABLE remediation_decision ADD CONSTRAINT remediation_decision_once_per_human UNIQUE (remediation_id, human, kind);
-- rollback ALTER TABLE remediation_decision DROP CONSTRAINT remediation_decision_once_per_human;
-- rollback ALTER TABLE remediation_decision ADD CONSTRAINT remediation_decision_once_per_actor UNIQUE (remediation_id, actor, kind);
-- rollback ALTER TABLE remediation_decision DROP COLUMN human;
-- rollback ALTER TABLE remediation DROP COLUMN proposed_by_human;

-- changeset tidemark:031-remediation-lease
-- An EXECUTING remediation is held by a live executor: its replica's id and a lease the executor extends while it
-- runs. A lease that has run out means the executor died; any replica's reconciler may then claim it (SKIP LOCKED).
-- reconcile_after/reconcile_attempts back off while the target cannot be reached; orphaned_statement is what still
-- runs on the target for a dead executor (pid, statement, since).
ALTER TABLE remediation ADD COLUMN executor_id text;
ALTER TABLE remediation ADD COLUMN lease_expires_at timestamptz;
ALTER TABLE remediation ADD COLUMN reconcile_after timestamptz;
ALTER TABLE remediation ADD COLUMN reconcile_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE remediation ADD COLUMN orphaned_statement jsonb;
-- Per-object fingerprints of what the plan touches (the single hash in catalog_state cannot tell whose change it was).
ALTER TABLE remediation ADD COLUMN catalog_objects jsonb;
CREATE INDEX remediation_executing_lease_idx ON remediation (lease_expires_at) WHERE status = 'EXECUTING';
-- rollback DROP INDEX remediation_executing_lease_idx;
-- rollback ALTER TABLE remediation DROP COLUMN catalog_objects, DROP COLUMN orphaned_statement, DROP COLUMN reconcile_attempts, DROP COLUMN reconcile_after, DROP COLUMN lease_expires_at, DROP COLUMN executor_id;
