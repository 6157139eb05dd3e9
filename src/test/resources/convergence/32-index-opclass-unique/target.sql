CREATE EXTENSION pg_trgm;
CREATE TABLE public.docs (id integer PRIMARY KEY, title text, body text, slug text, ext_ref text);
CREATE INDEX docs_title_pattern_idx ON public.docs (title);
CREATE INDEX docs_slug_idx ON public.docs (slug);
CREATE UNIQUE INDEX docs_ext_ref_idx ON public.docs (ext_ref);
INSERT INTO public.docs VALUES (1, 'Intro', 'hello world', 'intro', 'r1'), (2, 'Usage', 'more text', 'usage', 'r2');
