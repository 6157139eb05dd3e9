-- covers: hostile names, function, view, policy, privilege, RLS
-- tests: function, view, policy and grant on objects with spaces, capitals, quotes and unicode
DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE public."données clients" ("Nom" text, montant numeric, owner text);
ALTER TABLE public."données clients" ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION public."Calc Tax"(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 0.2 $$;
CREATE POLICY "we""ird policy" ON public."données clients" USING (owner = current_user);
CREATE VIEW public."café view" AS SELECT "Nom", public."Calc Tax"(montant) AS "Tax" FROM public."données clients";
GRANT SELECT ON public."données clients" TO conv_reader;
