CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL, legacy_code text, fax varchar(30));
INSERT INTO public.customers VALUES (1, 'Ada', 'A-1', '+44 1'), (2, 'Grace', NULL, NULL);
