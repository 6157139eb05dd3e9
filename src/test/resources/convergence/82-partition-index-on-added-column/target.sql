CREATE TABLE public.events (id integer NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES FROM (0) TO (100);
INSERT INTO public.events VALUES (1);
