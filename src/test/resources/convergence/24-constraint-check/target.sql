CREATE TABLE public.products (
    id integer PRIMARY KEY,
    name text,
    price numeric CONSTRAINT products_price_check CHECK (price > 0),
    qty integer CONSTRAINT products_qty_check CHECK (qty >= 0),
    discount numeric,
    CONSTRAINT products_name_check CHECK (length(name) > 0)
);
INSERT INTO public.products VALUES (1, 'Bolt', 1.5, 3, 0.1), (2, 'Nut', 0.2, 0, 0);
