-- liquibase formatted sql

-- changeset tidemark:047-rollback-approvals
-- A rollback undoes what a remediation created, often by dropping it with whatever data it holds since: it needs
-- approvals of its own, by people other than the one who runs it (four eyes, as for the remediation itself).
ALTER TABLE remediation_decision DROP CONSTRAINT remediation_decision_kind_check;
ALTER TABLE remediation_decision ADD CONSTRAINT remediation_decision_kind_check
    CHECK (kind IN ('APPROVAL', 'REJECTION', 'ROLLBACK_APPROVAL'));
-- rollback ALTER TABLE remediation_decision DROP CONSTRAINT remediation_decision_kind_check;
-- rollback DELETE FROM remediation_decision WHERE kind = 'ROLLBACK_APPROVAL';
-- rollback ALTER TABLE remediation_decision ADD CONSTRAINT remediation_decision_kind_check CHECK (kind IN ('APPROVAL', 'REJECTION'));
