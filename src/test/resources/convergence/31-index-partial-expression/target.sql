CREATE TABLE public.accounts (id integer PRIMARY KEY, email text, name text, active boolean, deleted boolean, created_at timestamptz);
CREATE INDEX accounts_active_idx ON public.accounts (created_at) WHERE active AND NOT deleted;
CREATE INDEX accounts_name_idx ON public.accounts (name) WHERE name IS NOT NULL;
INSERT INTO public.accounts VALUES (1, 'Ada@example.org', 'Ada', true, false, '2024-01-01'), (2, 'grace@example.org', NULL, false, false, '2024-01-02');
