-- sequence-exhaustion: orders.id was a serial widened to bigint by ALTER COLUMN TYPE, which leaves its sequence
-- AS integer: at 2,000,000,000 of 2,147,483,647 the sequence, not the column, runs out. tickets.id is a serial
-- still integer: the column is the limit, and widening it rewrites the table.
CREATE TABLE public.orders (id serial PRIMARY KEY, note text NOT NULL);
ALTER TABLE public.orders ALTER COLUMN id TYPE bigint;
SELECT setval('public.orders_id_seq', 2000000000);
INSERT INTO public.orders (note) VALUES ('a'), ('b');
CREATE TABLE public.tickets (id serial PRIMARY KEY, title text NOT NULL);
SELECT setval('public.tickets_id_seq', 2000000000);
INSERT INTO public.tickets (title) VALUES ('t');
