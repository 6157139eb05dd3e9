-- covers: column type change under a policy or a trigger WHEN clause
-- tests: a varchar widened while a policy's USING reads it (refused); integer to bigint while a trigger's WHEN reads
-- it (refused); another column of the policy's table widened (repaired)
CREATE TABLE public.docs (id integer PRIMARY KEY, tenant varchar(100), note varchar(20));
ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_iso ON public.docs USING (tenant = current_user);
CREATE TABLE public.accounts (id integer PRIMARY KEY, bal bigint, n integer);
CREATE FUNCTION public.accounts_tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER accounts_t BEFORE UPDATE ON public.accounts FOR EACH ROW WHEN (OLD.bal IS DISTINCT FROM NEW.bal) EXECUTE FUNCTION public.accounts_tf();
