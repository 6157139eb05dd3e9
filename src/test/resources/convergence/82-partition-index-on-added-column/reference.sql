-- covers: an index local to a partition on a column added to its partitioned parent
-- tests: the column's addition provides it for the partition, so the partition's index is planned, not refused
CREATE TABLE public.events (id integer NOT NULL, region text) PARTITION BY RANGE (id);
CREATE TABLE public.events_1 PARTITION OF public.events FOR VALUES FROM (0) TO (100);
CREATE INDEX events_1_region_idx ON public.events_1 USING btree (region);
