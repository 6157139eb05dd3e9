-- covers: type domain, domain check constraint, composite type, range type
-- tests: domain check differs, domain missing, composite attribute added, range type missing
CREATE DOMAIN public.email_address AS text CHECK (VALUE ~ '@');
CREATE DOMAIN public.positive_amount AS numeric CHECK (VALUE > 0);
CREATE DOMAIN public.sku_code AS text NOT NULL CHECK (VALUE ~ '^[A-Z]{3}-[0-9]+$');
CREATE TYPE public.address AS (street text, city text, zip text);
CREATE TYPE public.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE public.payments (id integer PRIMARY KEY, payer public.email_address, amount public.positive_amount);
