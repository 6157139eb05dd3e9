-- covers: index opclass (text_pattern_ops, gin_trgm_ops), unique vs non-unique, extension pg_trgm
-- tests: opclass differs, trigram GIN index missing, unique vs non-unique both ways
CREATE EXTENSION pg_trgm;
CREATE TABLE public.docs (id integer PRIMARY KEY, title text, body text, slug text, ext_ref text);
CREATE INDEX docs_title_pattern_idx ON public.docs (title text_pattern_ops);
CREATE INDEX docs_body_trgm_idx ON public.docs USING gin (body gin_trgm_ops);
CREATE UNIQUE INDEX docs_slug_idx ON public.docs (slug);
CREATE INDEX docs_ext_ref_idx ON public.docs (ext_ref);
