CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.legacy_audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    note text
);
CREATE INDEX legacy_audit_note_idx ON public.legacy_audit (note);
INSERT INTO public.customers VALUES (1, 'Ada'), (2, 'Grace');
INSERT INTO public.legacy_audit (note) VALUES ('imported'), ('checked');
