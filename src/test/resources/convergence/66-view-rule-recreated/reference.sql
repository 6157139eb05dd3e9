-- covers: rules on views
-- tests: a view read by a column whose type changes is dropped and created again with its comment, grant,
-- INSTEAD OF trigger and rule; a rule missing on a view, a rule defined otherwise, a rule in the target only
DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE public.people (id integer PRIMARY KEY, name varchar(200));
CREATE VIEW public.people_v AS SELECT id, name FROM public.people;
COMMENT ON VIEW public.people_v IS 'the view';
GRANT SELECT ON public.people_v TO conv_reader;
CREATE FUNCTION public.people_v_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.people VALUES (NEW.id, NEW.name); RETURN NEW; END $$;
CREATE TRIGGER people_v_ins INSTEAD OF INSERT ON public.people_v FOR EACH ROW EXECUTE FUNCTION public.people_v_ins();
CREATE RULE people_v_no_delete AS ON DELETE TO public.people_v DO INSTEAD NOTHING;
CREATE TABLE public.items (id integer PRIMARY KEY, label text);
CREATE VIEW public.items_v AS SELECT id, label FROM public.items;
CREATE RULE items_v_no_delete AS ON DELETE TO public.items_v DO INSTEAD NOTHING;
CREATE RULE items_v_upd AS ON UPDATE TO public.items_v DO INSTEAD UPDATE public.items SET label = NEW.label WHERE items.id = OLD.id;
