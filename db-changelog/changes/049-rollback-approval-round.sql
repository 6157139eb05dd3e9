-- liquibase formatted sql

-- changeset tidemark:049-rollback-approval-round
-- How many executions (runs, rollbacks) the remediation had when a rollback approval was given: it approves undoing
-- what the target held then, and counts only while that number stands. A count, not a time, so replicas whose
-- clocks differ agree on it. NULL for approvals given before: their time is compared with the last execution's.
ALTER TABLE remediation_decision ADD COLUMN executions_before integer;
-- rollback ALTER TABLE remediation_decision DROP COLUMN executions_before;
