-- liquibase formatted sql

-- changeset tidemark:041-ignore-rule
-- Differences an operator chose not to see: for one target, or for every target (target_id NULL). A rule id, an
-- object pattern, or both select what is ignored; the object kind narrows it further.
CREATE TABLE ignore_rule (
    id             uuid        PRIMARY KEY,
    target_id      uuid        REFERENCES target (id) ON DELETE CASCADE,
    rule_id        text,
    object_kind    text,
    object_pattern text,
    reason         text        NOT NULL,
    expires_at     timestamptz,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL,
    version        integer     NOT NULL DEFAULT 0,
    CONSTRAINT ignore_rule_selector_check CHECK (rule_id IS NOT NULL OR object_pattern IS NOT NULL)
);
CREATE INDEX ignore_rule_target_idx ON ignore_rule (target_id);
-- rollback DROP TABLE ignore_rule;

-- changeset tidemark:041-scan-ignored
-- What each scan left out because of ignore rules, per rule: counts and a few object names, so nothing vanishes unseen.
ALTER TABLE scan ADD COLUMN ignored jsonb;
-- rollback ALTER TABLE scan DROP COLUMN ignored;
