-- covers: materialized view with an index, dropped and created again
-- tests: matview definition differs (its unique index comes back after it is created and populated); a column
-- the matview reads changes type (the matview is dropped around the change and gets back its index)
CREATE TABLE public.sales (id integer PRIMARY KEY, region text);
CREATE MATERIALIZED VIEW public.sales_by_region AS SELECT region, count(*) AS n FROM public.sales GROUP BY region;
CREATE UNIQUE INDEX sales_by_region_idx ON public.sales_by_region (region);
CREATE TABLE public.visits (id bigint PRIMARY KEY, region text);
CREATE MATERIALIZED VIEW public.visits_by_region AS SELECT region, count(*) AS n FROM public.visits GROUP BY region;
CREATE UNIQUE INDEX visits_by_region_idx ON public.visits_by_region (region);
CREATE INDEX visits_by_region_n_idx ON public.visits_by_region (n);
