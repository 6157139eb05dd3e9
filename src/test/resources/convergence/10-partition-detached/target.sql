CREATE TABLE public.logs (id integer NOT NULL, logged_at date NOT NULL, line text) PARTITION BY RANGE (logged_at);
CREATE TABLE public.logs_2022 PARTITION OF public.logs FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE TABLE public.logs_2023 (id integer NOT NULL, logged_at date NOT NULL, line text);
CREATE TABLE public.logs_2024 PARTITION OF public.logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO public.logs VALUES (1, '2022-06-01', 'old'), (2, '2024-06-01', 'new');
INSERT INTO public.logs_2023 VALUES (3, '2023-06-01', 'mid');
