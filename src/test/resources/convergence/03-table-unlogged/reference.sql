-- covers: table, unlogged
-- tests: UNLOGGED in the target but logged in the reference, and the reverse
CREATE TABLE public.events (id integer PRIMARY KEY, payload text);
CREATE UNLOGGED TABLE public.cache_entries (key text PRIMARY KEY, value text);
