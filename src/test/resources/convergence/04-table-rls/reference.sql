-- covers: table, row level security enabled/forced
-- tests: RLS enabled+forced, enabled only, and off, differing per table
CREATE TABLE public.accounts (id integer PRIMARY KEY, owner text);
CREATE TABLE public.notes (id integer PRIMARY KEY, body text);
CREATE TABLE public.ledger (id integer PRIMARY KEY, amount numeric);
CREATE TABLE public.stable (id integer PRIMARY KEY);
ALTER TABLE public.accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.accounts FORCE ROW LEVEL SECURITY;
ALTER TABLE public.ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.stable ENABLE ROW LEVEL SECURITY;
