-- covers: partitioned table, default partition, list partition
-- tests: a default partition missing in the target, another extra in the target
CREATE TABLE public.tickets (id integer NOT NULL, status text NOT NULL) PARTITION BY LIST (status);
CREATE TABLE public.tickets_open PARTITION OF public.tickets FOR VALUES IN ('open');
CREATE TABLE public.tickets_closed PARTITION OF public.tickets FOR VALUES IN ('closed');
CREATE TABLE public.tickets_other PARTITION OF public.tickets DEFAULT;
CREATE TABLE public.jobs (id integer NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);
CREATE TABLE public.jobs_email PARTITION OF public.jobs FOR VALUES IN ('email');
