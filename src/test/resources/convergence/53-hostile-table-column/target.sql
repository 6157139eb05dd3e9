CREATE TABLE public."order items" (id integer PRIMARY KEY, "Qty" integer NOT NULL, "select" text, "we""ird" text);
INSERT INTO public."order items" VALUES (1, 2, 'a', 'x'), (2, 5, 'b', NULL);
