-- covers: table, storage parameters
-- tests: fillfactor only in the reference, an autovacuum setting only in the target
CREATE TABLE public.items (id integer PRIMARY KEY, name text) WITH (fillfactor = 70);
CREATE TABLE public.queue (id integer PRIMARY KEY, job text);
CREATE TABLE public.hot (id integer PRIMARY KEY) WITH (autovacuum_enabled = false);
