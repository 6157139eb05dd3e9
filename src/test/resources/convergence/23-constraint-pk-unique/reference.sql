-- covers: constraint primary key, unique
-- tests: primary key, single and composite unique constraints exist only in the reference
CREATE TABLE public.products (
    id integer NOT NULL,
    sku text,
    vendor integer,
    vendor_ref text,
    name text,
    CONSTRAINT products_pkey PRIMARY KEY (id),
    CONSTRAINT products_sku_key UNIQUE (sku),
    CONSTRAINT products_vendor_ref_key UNIQUE (vendor, vendor_ref)
);
