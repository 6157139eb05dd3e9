-- liquibase formatted sql

-- changeset tidemark:001-target
CREATE TABLE target (
    id                          uuid        PRIMARY KEY,
    name                        text        NOT NULL,
    jdbc_url                    text        NOT NULL,
    username                    text        NOT NULL,
    password_secret             text,
    remediation_username        text,
    remediation_password_secret text,
    labels                      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    options                     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    version                     integer     NOT NULL DEFAULT 0,
    CONSTRAINT target_name_key UNIQUE (name)
);
-- rollback DROP TABLE target;

-- changeset tidemark:001-snapshot
CREATE TABLE snapshot (
    id             uuid        PRIMARY KEY,
    target_id      uuid        NOT NULL REFERENCES target (id) ON DELETE CASCADE,
    taken_at       timestamptz NOT NULL,
    content        jsonb       NOT NULL,
    content_sha256 text        NOT NULL
);
CREATE INDEX snapshot_target_taken_idx ON snapshot (target_id, taken_at DESC);
-- rollback DROP TABLE snapshot;

-- changeset tidemark:001-scan
CREATE TABLE scan (
    id           uuid        PRIMARY KEY,
    target_id    uuid        NOT NULL REFERENCES target (id) ON DELETE CASCADE,
    status       text        NOT NULL,
    requested_by text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    snapshot_id  uuid        REFERENCES snapshot (id) ON DELETE SET NULL,
    error_code   text,
    error        text,
    error_sqlstate text,
    CONSTRAINT scan_status_check CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED'))
);
CREATE INDEX scan_target_started_idx ON scan (target_id, started_at DESC);
CREATE INDEX scan_snapshot_idx ON scan (snapshot_id);
-- rollback DROP TABLE scan;

-- changeset tidemark:001-api-token
CREATE TABLE api_token (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL,
    token_sha256 text        NOT NULL,
    roles        text[]      NOT NULL,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz,
    CONSTRAINT api_token_sha256_key UNIQUE (token_sha256)
);
-- rollback DROP TABLE api_token;
