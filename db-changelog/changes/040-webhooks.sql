-- liquibase formatted sql

-- changeset tidemark:040-webhooks
-- Webhook subscriptions and their transactional outbox: a delivery row is written in the same transaction as the
-- change it announces; dispatchers claim due rows with SKIP LOCKED and push next_attempt_at ahead (a lease) while
-- the request is in flight, so two replicas never send one delivery at the same time.
CREATE TABLE webhook_subscription (
    id                    uuid PRIMARY KEY,
    url                   text        NOT NULL,
    events                text[]      NOT NULL,
    target_id             uuid,
    label_selector        jsonb,
    secret                text        NOT NULL, -- AES-GCM under TIDEMARK_SECRET_KEY, never returned
    format                text        NOT NULL CHECK (format IN ('generic', 'slack')),
    enabled               boolean     NOT NULL,
    consecutive_failures  integer     NOT NULL DEFAULT 0,
    disabled_reason       text,
    created_by            text        NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);

CREATE TABLE webhook_delivery (
    id               uuid PRIMARY KEY,
    event_id         uuid        NOT NULL, -- the id receivers deduplicate on (same for every subscription)
    subscription_id  uuid        NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    event_type       text        NOT NULL,
    payload          jsonb       NOT NULL,
    status           text        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    delivered_at     timestamptz
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_subscription_idx ON webhook_delivery (subscription_id);

CREATE TABLE webhook_attempt (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id      uuid        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    subscription_id  uuid        NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    attempt          integer     NOT NULL,
    attempted_at     timestamptz NOT NULL,
    status_code      integer,
    duration_ms      integer     NOT NULL,
    succeeded        boolean     NOT NULL,
    error            text
);
CREATE INDEX webhook_attempt_subscription_idx ON webhook_attempt (subscription_id, id DESC);
-- rollback DROP TABLE webhook_attempt;
-- rollback DROP TABLE webhook_delivery;
-- rollback DROP TABLE webhook_subscription;
