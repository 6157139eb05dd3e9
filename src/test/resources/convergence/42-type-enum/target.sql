CREATE TYPE public.order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TYPE public.shipping_mode AS ENUM ('ground', 'express');
CREATE TABLE public.orders (id integer PRIMARY KEY, status public.order_status NOT NULL, mode public.shipping_mode);
CREATE TABLE public.tasks (id integer PRIMARY KEY, title text);
INSERT INTO public.orders VALUES (1, 'new', 'ground'), (2, 'shipped', 'express');
INSERT INTO public.tasks VALUES (1, 'pack');
