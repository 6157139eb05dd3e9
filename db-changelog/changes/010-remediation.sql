-- liquibase formatted sql

-- changeset tidemark:010-remediation
CREATE TABLE remediation (
    id                 uuid        PRIMARY KEY,
    target_id          uuid        NOT NULL REFERENCES target (id) ON DELETE CASCADE,
    status             text        NOT NULL,
    risk               text        NOT NULL,
    required_approvals integer     NOT NULL,
    proposed_by        text        NOT NULL,
    proposed_at        timestamptz NOT NULL,
    finding_ids        uuid[]      NOT NULL,
    plan               jsonb       NOT NULL,
    changelog          text        NOT NULL,
    catalog_state      text        NOT NULL,
    updated_at         timestamptz NOT NULL,
    status_reason      text,
    remaining_findings jsonb,
    CONSTRAINT remediation_status_check CHECK (status IN ('PROPOSED', 'APPROVED', 'EXECUTING', 'APPLIED', 'VERIFIED',
        'REJECTED', 'STALE', 'FAILED', 'ROLLED_BACK'))
);
CREATE INDEX remediation_target_idx ON remediation (target_id, proposed_at DESC);
CREATE INDEX remediation_status_idx ON remediation (status, proposed_at DESC);
-- One execution at a time per target, enforced by the store whatever the number of replicas.
CREATE UNIQUE INDEX remediation_one_executing_per_target ON remediation (target_id) WHERE status = 'EXECUTING';
-- rollback DROP TABLE remediation;

-- changeset tidemark:010-remediation-decision
CREATE TABLE remediation_decision (
    id             uuid        PRIMARY KEY,
    remediation_id uuid        NOT NULL REFERENCES remediation (id) ON DELETE CASCADE,
    kind           text        NOT NULL,
    actor          text        NOT NULL,
    comment        text        NOT NULL,
    external_ref   text,
    decided_at     timestamptz NOT NULL,
    expires_at     timestamptz,
    CONSTRAINT remediation_decision_kind_check CHECK (kind IN ('APPROVAL', 'REJECTION')),
    CONSTRAINT remediation_decision_once_per_actor UNIQUE (remediation_id, actor, kind)
);
-- rollback DROP TABLE remediation_decision;

-- changeset tidemark:010-remediation-execution
CREATE TABLE remediation_execution (
    id             uuid        PRIMARY KEY,
    remediation_id uuid        NOT NULL REFERENCES remediation (id) ON DELETE CASCADE,
    kind           text        NOT NULL,
    started_by     text        NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    status         text        NOT NULL,
    attempts       integer     NOT NULL DEFAULT 1,
    changesets     jsonb,
    error          text,
    error_sqlstate text,
    CONSTRAINT remediation_execution_kind_check CHECK (kind IN ('EXECUTE', 'ROLLBACK', 'RECONCILE')),
    CONSTRAINT remediation_execution_status_check CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED'))
);
CREATE INDEX remediation_execution_remediation_idx ON remediation_execution (remediation_id, started_at);
-- rollback DROP TABLE remediation_execution;

-- changeset tidemark:010-idempotency-key
-- A retried POST with the same Idempotency-Key (per caller) returns the first result; kept in the store so any
-- replica answers the retry.
CREATE TABLE idempotency_key (
    actor        text        NOT NULL,
    key          text        NOT NULL,
    request      text        NOT NULL,
    status       integer     NOT NULL,
    response     text        NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (actor, key)
);
-- rollback DROP TABLE idempotency_key;
