CREATE TABLE public.customers (id integer PRIMARY KEY);
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer NOT NULL, total numeric NOT NULL);
INSERT INTO public.customers VALUES (1), (2);
INSERT INTO public.orders VALUES (10, 1, 5), (11, 2, 7);
ALTER TABLE public.orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES public.customers (id) NOT VALID;
ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;
