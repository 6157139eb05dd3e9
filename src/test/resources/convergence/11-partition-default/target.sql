CREATE TABLE public.tickets (id integer NOT NULL, status text NOT NULL) PARTITION BY LIST (status);
CREATE TABLE public.tickets_open PARTITION OF public.tickets FOR VALUES IN ('open');
CREATE TABLE public.tickets_closed PARTITION OF public.tickets FOR VALUES IN ('closed');
CREATE TABLE public.jobs (id integer NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);
CREATE TABLE public.jobs_email PARTITION OF public.jobs FOR VALUES IN ('email');
CREATE TABLE public.jobs_default PARTITION OF public.jobs DEFAULT;
INSERT INTO public.tickets VALUES (1, 'open'), (2, 'closed');
INSERT INTO public.jobs VALUES (1, 'email');
