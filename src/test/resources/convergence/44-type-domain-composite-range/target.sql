CREATE DOMAIN public.email_address AS text CHECK (VALUE ~ '@');
CREATE DOMAIN public.positive_amount AS numeric CHECK (VALUE >= 0);
CREATE TYPE public.address AS (street text, city text);
CREATE TABLE public.payments (id integer PRIMARY KEY, payer public.email_address, amount public.positive_amount);
INSERT INTO public.payments VALUES (1, 'ada@example.org', 10), (2, 'grace@example.org', 2.5);
