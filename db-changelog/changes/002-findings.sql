-- liquibase formatted sql

-- changeset tidemark:002-scan-counts
ALTER TABLE scan ADD COLUMN finding_counts jsonb;
ALTER TABLE scan ADD COLUMN new_findings integer;
ALTER TABLE scan ADD COLUMN resolved_findings integer;
ALTER TABLE scan ADD COLUMN warnings jsonb;
-- rollback ALTER TABLE scan DROP COLUMN finding_counts, DROP COLUMN new_findings, DROP COLUMN resolved_findings, DROP COLUMN warnings;

-- changeset tidemark:002-finding
CREATE TABLE finding (
    id                 uuid        PRIMARY KEY,
    target_id          uuid        NOT NULL REFERENCES target (id) ON DELETE CASCADE,
    fingerprint        text        NOT NULL,
    rule_id            text        NOT NULL,
    severity           text        NOT NULL,
    severity_rank      smallint    NOT NULL,
    status             text        NOT NULL,
    object_kind        text        NOT NULL,
    object_text        text        NOT NULL,
    object             jsonb       NOT NULL,
    message            text        NOT NULL,
    evidence           jsonb       NOT NULL,
    repair             jsonb       NOT NULL,
    first_seen_at      timestamptz NOT NULL,
    last_seen_at       timestamptz NOT NULL,
    resolved_at        timestamptz,
    first_scan_id      uuid,
    last_scan_id       uuid,
    suppression_reason text,
    suppressed_by      text,
    suppressed_at      timestamptz,
    suppressed_until   timestamptz,
    CONSTRAINT finding_target_fingerprint_key UNIQUE (target_id, fingerprint),
    CONSTRAINT finding_status_check CHECK (status IN ('OPEN', 'RESOLVED', 'SUPPRESSED')),
    CONSTRAINT finding_severity_check CHECK (severity IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO')),
    CONSTRAINT finding_suppression_check CHECK (status <> 'SUPPRESSED'
        OR (suppression_reason IS NOT NULL AND suppressed_until IS NOT NULL))
);
-- Dashboards list open findings by severity, per target or across targets, newest first.
CREATE INDEX finding_status_severity_idx ON finding (status, severity_rank, last_seen_at DESC, id);
CREATE INDEX finding_target_status_idx ON finding (target_id, status, severity_rank, last_seen_at DESC, id);
CREATE INDEX finding_rule_idx ON finding (rule_id, status);
CREATE INDEX finding_suppressed_until_idx ON finding (suppressed_until) WHERE status = 'SUPPRESSED';
-- rollback DROP TABLE finding;

-- changeset tidemark:002-expectations
CREATE TABLE target_contract (
    target_id   uuid        PRIMARY KEY REFERENCES target (id) ON DELETE CASCADE,
    source      text        NOT NULL,
    media_type  text        NOT NULL,
    contract    jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text        NOT NULL,
    version     integer     NOT NULL
);
CREATE TABLE target_reference (
    target_id             uuid        PRIMARY KEY REFERENCES target (id) ON DELETE CASCADE,
    reference_target_id   uuid        REFERENCES target (id) ON DELETE CASCADE,
    reference_snapshot_id uuid        REFERENCES snapshot (id) ON DELETE CASCADE,
    updated_at            timestamptz NOT NULL,
    updated_by            text        NOT NULL,
    CONSTRAINT target_reference_one_source CHECK (num_nonnulls(reference_target_id, reference_snapshot_id) = 1),
    CONSTRAINT target_reference_not_self CHECK (reference_target_id IS DISTINCT FROM target_id)
);
CREATE INDEX target_reference_target_idx ON target_reference (reference_target_id);
CREATE INDEX target_reference_snapshot_idx ON target_reference (reference_snapshot_id);
CREATE TABLE target_baseline (
    target_id   uuid        PRIMARY KEY REFERENCES target (id) ON DELETE CASCADE,
    snapshot_id uuid        NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    accepted_at timestamptz NOT NULL,
    accepted_by text        NOT NULL
);
CREATE INDEX target_baseline_snapshot_idx ON target_baseline (snapshot_id);
-- rollback DROP TABLE target_baseline; DROP TABLE target_reference; DROP TABLE target_contract;

-- changeset tidemark:002-scan-schedule
-- Scheduled scans are claimed through this table (FOR UPDATE SKIP LOCKED), so replicas never scan a target twice.
CREATE TABLE scan_schedule (
    target_id     uuid        PRIMARY KEY REFERENCES target (id) ON DELETE CASCADE,
    next_run_at   timestamptz NOT NULL,
    claimed_by    text,
    claimed_until timestamptz
);
CREATE INDEX scan_schedule_next_run_idx ON scan_schedule (next_run_at);
-- rollback DROP TABLE scan_schedule;
