-- liquibase formatted sql

-- changeset tidemark:020-audit-event
-- Who did what, when, with what outcome. No foreign key to target: the trail outlives the targets it names.
-- detail never holds a secret (no password, no token); listeners build it from events that carry none.
CREATE TABLE audit_event (
    id             uuid        PRIMARY KEY,
    -- Insertion order breaks ties between events of the same instant, so "newest first" is stable.
    seq            bigint      GENERATED ALWAYS AS IDENTITY,
    occurred_at    timestamptz NOT NULL,
    actor          text        NOT NULL,
    actor_kind     text        NOT NULL,
    action         text        NOT NULL,
    target_id      uuid,
    object_type    text,
    object_id      text,
    outcome        text        NOT NULL,
    remote_address text,
    detail         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT audit_event_actor_kind_check CHECK (actor_kind IN ('USER', 'TOKEN', 'SYSTEM'))
);
CREATE INDEX audit_event_occurred_idx ON audit_event (occurred_at DESC, seq DESC);
CREATE INDEX audit_event_actor_idx ON audit_event (actor, occurred_at DESC);
CREATE INDEX audit_event_action_idx ON audit_event (action, occurred_at DESC);
CREATE INDEX audit_event_target_idx ON audit_event (target_id, occurred_at DESC) WHERE target_id IS NOT NULL;
CREATE INDEX audit_event_outcome_idx ON audit_event (outcome, occurred_at DESC);
-- rollback DROP TABLE audit_event;

-- changeset tidemark:020-audit-event-append-only splitStatements:false
-- Append-only in the store too, not just by convention in the code: any UPDATE or DELETE raises, whoever runs it.
-- Row triggers do not fire on TRUNCATE, so a DBA can still empty the table (or prune it with the trigger disabled
-- in a maintenance window) on purpose; the application never does either.
CREATE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- rollback DROP FUNCTION audit_event_append_only();

-- changeset tidemark:020-audit-event-append-only-trigger
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
-- rollback DROP TRIGGER audit_event_append_only ON audit_event;
