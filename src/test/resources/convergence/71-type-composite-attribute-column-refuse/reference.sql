-- covers: composite type attribute type change, column storing the type, refuse
-- tests: PostgreSQL cannot alter an attribute's type of a composite type a table column stores (directly, in an
-- array or through another composite type), not even with CASCADE: refused; one no column stores is altered
CREATE TYPE public.address AS (street text, zip varchar(10));
CREATE TABLE public.orders (id int PRIMARY KEY, ship_to public.address);
CREATE TYPE public.point3 AS (x int, y int, label varchar(20));
CREATE TYPE public.segment AS (a public.point3, b public.point3);
CREATE TABLE public.drawings (id int PRIMARY KEY, segments public.segment[]);
CREATE TYPE public.tag AS (name varchar(40));
