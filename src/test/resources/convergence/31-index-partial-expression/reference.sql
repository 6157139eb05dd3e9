-- covers: index partial predicate, expression index
-- tests: expression index missing, predicate differs, partial vs full
CREATE TABLE public.accounts (id integer PRIMARY KEY, email text, name text, active boolean, deleted boolean, created_at timestamptz);
CREATE INDEX accounts_email_lower_idx ON public.accounts (lower(email));
CREATE INDEX accounts_active_idx ON public.accounts (created_at) WHERE active;
CREATE INDEX accounts_name_idx ON public.accounts (name);
