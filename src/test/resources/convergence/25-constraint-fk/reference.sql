-- covers: constraint foreign key, FK action
-- tests: FK missing; FK ON DELETE action differs
CREATE TABLE public.customers (id integer PRIMARY KEY);
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer NOT NULL,
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES public.customers (id) ON DELETE CASCADE);
CREATE TABLE public.order_lines (id integer PRIMARY KEY, order_id integer NOT NULL,
    CONSTRAINT order_lines_order_fk FOREIGN KEY (order_id) REFERENCES public.orders (id) ON DELETE RESTRICT);
