CREATE TABLE public.measurements (id integer NOT NULL, taken_on date NOT NULL, value numeric) PARTITION BY RANGE (taken_on);
CREATE TABLE public.measurements_2023 PARTITION OF public.measurements FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE public.measurements_2024 PARTITION OF public.measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO public.measurements VALUES (1, '2023-05-01', 0.5), (2, '2024-03-01', 1.5);
