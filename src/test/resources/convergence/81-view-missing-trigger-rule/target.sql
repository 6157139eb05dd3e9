CREATE TABLE public.notes (id integer PRIMARY KEY, body text);
INSERT INTO public.notes VALUES (1, 'n');
CREATE FUNCTION public.notes_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.notes VALUES (NEW.id, NEW.body); RETURN NEW; END $$;
