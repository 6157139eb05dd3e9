CREATE TABLE public.contacts (id integer PRIMARY KEY, name text, email text, phone text);
COMMENT ON COLUMN public.contacts.email IS 'Email';
COMMENT ON COLUMN public.contacts.name IS 'Full name';
COMMENT ON COLUMN public.contacts.id IS 'Surrogate key';
INSERT INTO public.contacts VALUES (1, 'Ada', 'ada@example.org', '+441');
