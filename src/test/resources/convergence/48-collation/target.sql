CREATE COLLATION public.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE public.names (id integer PRIMARY KEY, surname text);
INSERT INTO public.names VALUES (1, 'Müller'), (2, 'Mueller');
