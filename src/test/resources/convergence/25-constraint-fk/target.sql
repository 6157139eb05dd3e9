CREATE TABLE public.customers (id integer PRIMARY KEY);
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer NOT NULL);
CREATE TABLE public.order_lines (id integer PRIMARY KEY, order_id integer NOT NULL,
    CONSTRAINT order_lines_order_fk FOREIGN KEY (order_id) REFERENCES public.orders (id) ON DELETE CASCADE);
INSERT INTO public.customers VALUES (1), (2);
INSERT INTO public.orders VALUES (10, 1), (11, 2);
INSERT INTO public.order_lines VALUES (100, 10), (101, 11);
