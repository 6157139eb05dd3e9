-- covers: type enum, enum value added
-- tests: enum value appended, enum value inserted in the middle, enum missing together with the column using it
CREATE TYPE public.order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');
CREATE TYPE public.shipping_mode AS ENUM ('ground', 'air', 'express');
CREATE TYPE public.priority AS ENUM ('low', 'high');
CREATE TABLE public.orders (id integer PRIMARY KEY, status public.order_status NOT NULL, mode public.shipping_mode);
CREATE TABLE public.tasks (id integer PRIMARY KEY, title text, priority public.priority);
