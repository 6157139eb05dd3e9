-- covers: column type change under a policy of another table, a partition's trigger, an inheritance child's policy; a view whose rule reads the column
-- tests: memberships.org_id widened while a policy on docs reads it through a subquery (refused); events.kind
-- widened while a trigger of one partition reads it in its WHEN (refused); animals.tag widened while a policy of
-- an inheritance child reads it (refused); labels.label widened while a rule of a view reads it (the view counts as
-- a reader: dropped, created again with its rule, repaired); docs.title widened, no policy reads it (repaired)
CREATE TABLE public.memberships (user_name text, org_id bigint);
CREATE TABLE public.docs (id integer PRIMARY KEY, org_id bigint, title varchar(50));
ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_org ON public.docs USING (org_id IN (SELECT m.org_id FROM public.memberships m WHERE m.user_name = current_user));
CREATE TABLE public.events (id integer, kind varchar(40)) PARTITION BY RANGE (id);
CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES FROM (0) TO (100);
CREATE FUNCTION public.events_tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER events_1_t BEFORE UPDATE ON public.events_1 FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION public.events_tf();
CREATE TABLE public.animals (id integer, tag varchar(40));
CREATE TABLE public.dogs () INHERITS (public.animals);
ALTER TABLE public.dogs ENABLE ROW LEVEL SECURITY;
CREATE POLICY dogs_tag ON public.dogs USING (tag <> 'x');
CREATE TABLE public.labels (id integer, label varchar(40));
CREATE VIEW public.label_feed AS SELECT 1 AS id;
CREATE RULE label_feed_del AS ON DELETE TO public.label_feed DO INSTEAD DELETE FROM public.labels WHERE labels.label = 'x';
