CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());
INSERT INTO public.customers (id, name) VALUES (1, 'Ada'), (2, 'Grace');
