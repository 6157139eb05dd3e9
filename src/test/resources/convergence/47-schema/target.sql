CREATE SCHEMA scratch;
CREATE TABLE scratch.tmp_import (id integer PRIMARY KEY, raw text);
CREATE TABLE public.customers (id integer PRIMARY KEY, name text);
INSERT INTO scratch.tmp_import VALUES (1, 'x');
INSERT INTO public.customers VALUES (1, 'Ada'), (2, 'Grace');
