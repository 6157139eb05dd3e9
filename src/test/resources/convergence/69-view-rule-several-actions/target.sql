CREATE TABLE public.notes (id integer PRIMARY KEY, body varchar(100));
INSERT INTO public.notes VALUES (1, 'a');
CREATE TABLE public.notes_log (id integer, body text);
CREATE VIEW public.notes_v AS SELECT id, body FROM public.notes;
CREATE RULE notes_v_ins AS ON INSERT TO public.notes_v DO INSTEAD (INSERT INTO public.notes VALUES (NEW.id, NEW.body); INSERT INTO public.notes_log VALUES (NEW.id, NEW.body));
CREATE TABLE public.tags (id integer PRIMARY KEY, tag text);
CREATE VIEW public.tags_v AS SELECT id, tag FROM public.tags;
