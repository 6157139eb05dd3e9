CREATE TABLE public.people (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO public.people VALUES (1, 'Ann');
