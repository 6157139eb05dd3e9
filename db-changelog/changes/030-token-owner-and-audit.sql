-- liquibase formatted sql

-- changeset tidemark:030-api-token-owner
-- Every API token acts for the human who created it (or whose token created it): four-eyes counts humans, not
-- credentials. Existing rows get their creator; a creator that was itself a token (token:<name>) is kept as it is:
-- names were not unique then, so which human stood behind it cannot be known now.
ALTER TABLE api_token ADD COLUMN owner text;
UPDATE api_token SET owner = created_by;
ALTER TABLE api_token ALTER COLUMN owner SET NOT NULL;
CREATE INDEX api_token_name_idx ON api_token (name);
-- rollback DROP INDEX api_token_name_idx; ALTER TABLE api_token DROP COLUMN owner;

-- changeset tidemark:030-audit-event-on-behalf-of
-- The human behind the credential in actor: the token's owner for token:<name>, else the actor itself.
ALTER TABLE audit_event ADD COLUMN on_behalf_of text;
-- rollback ALTER TABLE audit_event DROP COLUMN on_behalf_of;

-- changeset tidemark:030-audit-event-on-behalf-of-backfill
-- Filling the new column is an UPDATE, which the append-only trigger refuses: it is disabled for this statement
-- only, inside the changeset's transaction. Old rows did not know the human, so it is the actor.
ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;
UPDATE audit_event SET on_behalf_of = actor;
ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;
ALTER TABLE audit_event ALTER COLUMN on_behalf_of SET NOT NULL;
CREATE INDEX audit_event_on_behalf_of_idx ON audit_event (on_behalf_of, occurred_at DESC);
-- rollback DROP INDEX audit_event_on_behalf_of_idx; ALTER TABLE audit_event ALTER COLUMN on_behalf_of DROP NOT NULL;

-- changeset tidemark:030-audit-event-prunable splitStatements:false
-- Still append-only: UPDATE always raises, and so does DELETE, except when the deleting transaction says it is the
-- retention pruner and names its cutoff (both with SET LOCAL / set_config(..., true), so they end with it), and the
-- row is older than that cutoff:
--   SELECT set_config('tidemark.audit_pruning', 'on', true), set_config('tidemark.audit_prune_before', '<ts>', true);
-- current_setting(..., true) is NULL when never set and '' once a finished transaction's SET LOCAL is gone.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    pruning text := current_setting('tidemark.audit_pruning', true);
    cutoff  text := current_setting('tidemark.audit_prune_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND pruning = 'on' AND coalesce(cutoff, '') <> ''
            AND OLD.occurred_at < cutoff::timestamptz THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- rollback CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege'; END; $$;
