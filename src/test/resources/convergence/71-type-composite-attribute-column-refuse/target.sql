CREATE TYPE public.address AS (street text, zip varchar(5));
CREATE TABLE public.orders (id int PRIMARY KEY, ship_to public.address);
INSERT INTO public.orders VALUES (1, ROW('Main 1', '12345'));
CREATE TYPE public.point3 AS (x int, y int, label varchar(10));
CREATE TYPE public.segment AS (a public.point3, b public.point3);
CREATE TABLE public.drawings (id int PRIMARY KEY, segments public.segment[]);
CREATE TYPE public.tag AS (name varchar(20));
