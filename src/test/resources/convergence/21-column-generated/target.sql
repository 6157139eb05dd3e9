CREATE TABLE public.line_items (
    id integer PRIMARY KEY,
    qty integer NOT NULL,
    unit_price numeric NOT NULL,
    total numeric GENERATED ALWAYS AS (qty * unit_price) STORED,
    total_with_tax numeric GENERATED ALWAYS AS (qty * unit_price * 1.19) STORED,
    net numeric
);
INSERT INTO public.line_items (id, qty, unit_price, net) VALUES (1, 2, 5.00, 9), (2, 1, 3.50, 2.5);
