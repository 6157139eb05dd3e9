-- covers: a missing view created with its INSTEAD OF trigger and its rule
-- tests: the view, its trigger and its rule come in one changeset (the trigger's own finding then has nothing left
-- to do)
CREATE TABLE public.notes (id integer PRIMARY KEY, body text);
CREATE FUNCTION public.notes_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.notes VALUES (NEW.id, NEW.body); RETURN NEW; END $$;
CREATE VIEW public.notes_v AS SELECT id, body FROM public.notes;
CREATE TRIGGER notes_v_ins INSTEAD OF INSERT ON public.notes_v FOR EACH ROW EXECUTE FUNCTION public.notes_v_ins();
CREATE RULE notes_v_no_delete AS ON DELETE TO public.notes_v DO INSTEAD NOTHING;
