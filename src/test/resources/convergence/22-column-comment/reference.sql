-- covers: column comment
-- tests: column comment differs, missing, extra
CREATE TABLE public.contacts (id integer PRIMARY KEY, name text, email text, phone text);
COMMENT ON COLUMN public.contacts.email IS 'Primary contact email';
COMMENT ON COLUMN public.contacts.phone IS 'E.164 format';
COMMENT ON COLUMN public.contacts.id IS 'Surrogate key';
