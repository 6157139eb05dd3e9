-- covers: function replacement blocked by a SQL-standard body, an argument default and a partition key
-- tests: a function whose result or parameters change must be dropped; other functions' SQL-standard bodies and
-- argument defaults, and partition keys, that call it block the drop: refused before anything is dropped
CREATE FUNCTION public.lim() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 100::bigint $$;
CREATE FUNCTION public.cap(x int) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN x < public.lim();
CREATE TABLE public.t (id int PRIMARY KEY, q int NOT NULL DEFAULT public.lim());
CREATE FUNCTION public.base() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 7::bigint $$;
CREATE FUNCTION public.scaled(x int DEFAULT public.base()) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT x * 2 $$;
CREATE FUNCTION public.shard(x int, m int DEFAULT 3) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT x % m $$;
CREATE TABLE public.ev (id int NOT NULL, v int) PARTITION BY LIST (public.shard(id));
CREATE TABLE public.ev_0 PARTITION OF public.ev FOR VALUES IN (0);
CREATE TABLE public.ev_1 PARTITION OF public.ev FOR VALUES IN (1);
