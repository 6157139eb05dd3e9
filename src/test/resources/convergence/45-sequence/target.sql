CREATE TABLE public.tickets (id serial PRIMARY KEY, ref_no bigint);
CREATE SEQUENCE public.seq_increment INCREMENT BY 1;
CREATE SEQUENCE public.seq_start START WITH 1;
CREATE SEQUENCE public.seq_cache CACHE 1;
CREATE SEQUENCE public.seq_cycle MAXVALUE 9999 NO CYCLE;
CREATE SEQUENCE public.seq_owned;
CREATE SEQUENCE public.old_seq;
INSERT INTO public.tickets (ref_no) VALUES (100), (101);
