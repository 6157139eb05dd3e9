CREATE TABLE public.people (id integer NOT NULL, name text);
CREATE TABLE public.staff (id integer NOT NULL, name text, salary numeric);
CREATE TABLE public.contractors (rate numeric) INHERITS (public.people);
INSERT INTO public.people VALUES (1, 'Ada');
INSERT INTO public.staff VALUES (2, 'Grace', 1000);
INSERT INTO public.contractors VALUES (3, 'Linus', 90);
