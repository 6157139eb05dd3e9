CREATE TABLE public.items (id integer PRIMARY KEY, name text, flags text, doc jsonb, "Mixed Case" text, qty integer);
ALTER TABLE public.items ALTER COLUMN doc SET STORAGE MAIN;
ALTER TABLE public.items ALTER COLUMN qty SET STATISTICS 10;
ALTER TABLE public.items ALTER COLUMN "Mixed Case" SET STORAGE EXTERNAL;
INSERT INTO public.items (id, name, flags, doc, "Mixed Case", qty) VALUES (1, 'a', 'b', '{}', 'c', 2);
