-- covers: column generated to plain
-- tests: a column generated in the target and plain (with a default) in the reference becomes plain in place, keeping its values
CREATE TABLE public.invoices (
    id integer PRIMARY KEY,
    amount numeric NOT NULL,
    amount_cents bigint DEFAULT 0
);
