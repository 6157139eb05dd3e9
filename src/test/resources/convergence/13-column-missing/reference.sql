-- covers: column
-- tests: a nullable column and a NOT NULL column with a default exist only in the reference
CREATE TABLE public.customers (
    id integer PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz DEFAULT now(),
    phone text,
    status text NOT NULL DEFAULT 'active'
);
