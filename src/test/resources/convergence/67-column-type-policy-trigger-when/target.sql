CREATE TABLE public.docs (id integer PRIMARY KEY, tenant varchar(50), note varchar(10));
ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_iso ON public.docs USING (tenant = current_user);
INSERT INTO public.docs VALUES (1, 'a', 'n');
CREATE TABLE public.accounts (id integer PRIMARY KEY, bal integer, n integer);
CREATE FUNCTION public.accounts_tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER accounts_t BEFORE UPDATE ON public.accounts FOR EACH ROW WHEN (OLD.bal IS DISTINCT FROM NEW.bal) EXECUTE FUNCTION public.accounts_tf();
INSERT INTO public.accounts VALUES (1, 5, 1);
