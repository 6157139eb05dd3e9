DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE public."données clients" ("Nom" text, montant numeric, owner text);
ALTER TABLE public."données clients" ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION public."Calc Tax"(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 0.19 $$;
CREATE POLICY "we""ird policy" ON public."données clients" USING (true);
INSERT INTO public."données clients" VALUES ('Zoé', 12.5, 'ada'), ('Chloë', 7, 'grace');
