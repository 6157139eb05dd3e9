-- covers: sequence, sequence options, OWNED BY, serial
-- tests: sequence missing, extra; increment, start, cache, cycle, OWNED BY differ; serial sequences equal
CREATE TABLE public.tickets (id serial PRIMARY KEY, ref_no bigint);
CREATE SEQUENCE public.invoice_no_seq START WITH 1000;
CREATE SEQUENCE public.seq_increment INCREMENT BY 10;
CREATE SEQUENCE public.seq_start START WITH 1000;
CREATE SEQUENCE public.seq_cache CACHE 20;
CREATE SEQUENCE public.seq_cycle MAXVALUE 9999 CYCLE;
CREATE SEQUENCE public.seq_owned OWNED BY public.tickets.ref_no;
