-- covers: column generated expression
-- tests: generated expression differs; generated in the reference vs plain in the target
CREATE TABLE public.line_items (
    id integer PRIMARY KEY,
    qty integer NOT NULL,
    unit_price numeric NOT NULL,
    total numeric GENERATED ALWAYS AS (qty * unit_price) STORED,
    total_with_tax numeric GENERATED ALWAYS AS (qty * unit_price * 1.2) STORED,
    net numeric GENERATED ALWAYS AS (qty * unit_price - 1) STORED
);
