-- covers: column default
-- tests: default added, changed and dropped
CREATE TABLE public.orders (id integer PRIMARY KEY, status text DEFAULT 'new', priority integer DEFAULT 5, note text, created_at timestamptz DEFAULT now());
