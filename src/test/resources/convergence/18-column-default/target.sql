CREATE TABLE public.orders (id integer PRIMARY KEY, status text, priority integer DEFAULT 1, note text DEFAULT '', created_at timestamptz DEFAULT now());
INSERT INTO public.orders (id, status) VALUES (1, 'new'), (2, 'paid');
