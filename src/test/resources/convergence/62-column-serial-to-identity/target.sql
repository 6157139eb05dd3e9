CREATE TABLE public.widgets (id serial PRIMARY KEY, name text);
INSERT INTO public.widgets (name) VALUES ('a'), ('b'), ('c');
