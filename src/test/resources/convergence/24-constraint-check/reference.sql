-- covers: constraint check
-- tests: check differs, check missing, check extra
CREATE TABLE public.products (
    id integer PRIMARY KEY,
    name text,
    price numeric CONSTRAINT products_price_check CHECK (price >= 0),
    qty integer CONSTRAINT products_qty_check CHECK (qty >= 0),
    discount numeric CONSTRAINT products_discount_check CHECK (discount BETWEEN 0 AND 1)
);
