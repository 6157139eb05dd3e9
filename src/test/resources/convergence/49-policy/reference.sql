-- covers: policy (USING, WITH CHECK, permissive/restrictive, roles)
-- tests: policy missing, extra; USING, WITH CHECK, permissive vs restrictive, and roles differ
DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE conv_writer NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE conv_auditor NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE public.documents (id integer PRIMARY KEY, owner text NOT NULL, archived boolean NOT NULL DEFAULT false, body text);
ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_owner_select ON public.documents FOR SELECT USING (owner = current_user);
CREATE POLICY docs_insert ON public.documents FOR INSERT WITH CHECK (owner = current_user);
CREATE POLICY docs_update ON public.documents FOR UPDATE USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY docs_restrict ON public.documents AS RESTRICTIVE FOR ALL USING (NOT archived);
CREATE POLICY docs_auditor ON public.documents FOR SELECT TO conv_auditor USING (true);
CREATE POLICY docs_read_own ON public.documents FOR SELECT USING (owner = current_user);
