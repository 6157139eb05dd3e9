CREATE TABLE public.accounts (id integer PRIMARY KEY, email text, nickname text NOT NULL);
INSERT INTO public.accounts VALUES (1, 'ada@example.org', 'ada'), (2, 'grace@example.org', 'grace');
