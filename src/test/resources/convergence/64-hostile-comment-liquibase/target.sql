CREATE TABLE public.users (id integer PRIMARY KEY);
CREATE TABLE public.notes (id integer PRIMARY KEY);
INSERT INTO public.users VALUES (1), (2);
INSERT INTO public.notes VALUES (1);
