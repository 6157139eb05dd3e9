-- covers: partitioned table, range partition
-- tests: a range partition with rows exists only in the target
CREATE TABLE public.measurements (id integer NOT NULL, taken_on date NOT NULL, value numeric) PARTITION BY RANGE (taken_on);
CREATE TABLE public.measurements_2024 PARTITION OF public.measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
