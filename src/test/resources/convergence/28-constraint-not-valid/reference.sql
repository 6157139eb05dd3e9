-- covers: constraint NOT VALID
-- tests: FK and check are NOT VALID in the target, validated in the reference (rows satisfy them)
CREATE TABLE public.customers (id integer PRIMARY KEY);
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer NOT NULL, total numeric NOT NULL);
ALTER TABLE public.orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES public.customers (id);
ALTER TABLE public.orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);
