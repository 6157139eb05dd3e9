CREATE TABLE public.sales (id integer PRIMARY KEY, region text);
INSERT INTO public.sales VALUES (1, 'north'), (2, 'south'), (3, 'north');
CREATE MATERIALIZED VIEW public.sales_by_region AS SELECT region, count(*) AS n FROM public.sales WHERE id > 0 GROUP BY region;
CREATE UNIQUE INDEX sales_by_region_idx ON public.sales_by_region (region);
CREATE TABLE public.visits (id bigint PRIMARY KEY, region varchar(20));
INSERT INTO public.visits VALUES (1, 'north');
CREATE MATERIALIZED VIEW public.visits_by_region AS SELECT region, count(*) AS n FROM public.visits GROUP BY region;
CREATE UNIQUE INDEX visits_by_region_idx ON public.visits_by_region (region);
CREATE INDEX visits_by_region_n_idx ON public.visits_by_region (n);
