-- covers: per-column statistics targets and storage (SET STATISTICS, SET STORAGE) set on either side, on existing, added and created columns
-- tests: each differing column is one mismatch repaired in place; the type's storage stands for the default
CREATE TABLE public.items (id integer PRIMARY KEY, name text, flags text, doc jsonb, "Mixed Case" text, qty integer,
	note text);
ALTER TABLE public.items ALTER COLUMN name SET STATISTICS 500;
ALTER TABLE public.items ALTER COLUMN flags SET STORAGE EXTERNAL;
ALTER TABLE public.items ALTER COLUMN "Mixed Case" SET STATISTICS 50;
ALTER TABLE public.items ALTER COLUMN "Mixed Case" SET STORAGE MAIN;
ALTER TABLE public.items ALTER COLUMN note SET STORAGE EXTERNAL;
ALTER TABLE public.items ALTER COLUMN note SET STATISTICS 1000;
CREATE TABLE public.labels (id integer PRIMARY KEY, body text);
ALTER TABLE public.labels ALTER COLUMN body SET STORAGE PLAIN;
ALTER TABLE public.labels ALTER COLUMN body SET STATISTICS 200;
