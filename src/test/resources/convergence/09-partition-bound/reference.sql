-- covers: partitioned table, partition bound (range and list)
-- tests: a range bound and a list bound differ
CREATE TABLE public.sales (id integer NOT NULL, sold_on date NOT NULL, amount numeric) PARTITION BY RANGE (sold_on);
CREATE TABLE public.sales_h1 PARTITION OF public.sales FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
CREATE TABLE public.sales_h2 PARTITION OF public.sales FOR VALUES FROM ('2024-07-01') TO ('2025-01-01');
CREATE TABLE public.customers_by_region (id integer NOT NULL, country text NOT NULL) PARTITION BY LIST (country);
CREATE TABLE public.customers_eu PARTITION OF public.customers_by_region FOR VALUES IN ('de', 'fr', 'nl');
CREATE TABLE public.customers_us PARTITION OF public.customers_by_region FOR VALUES IN ('us');
