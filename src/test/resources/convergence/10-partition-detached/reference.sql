-- covers: partitioned table, partition attach state
-- tests: a table attached as partition in one and standalone in the other, both ways
CREATE TABLE public.logs (id integer NOT NULL, logged_at date NOT NULL, line text) PARTITION BY RANGE (logged_at);
CREATE TABLE public.logs_2022 (id integer NOT NULL, logged_at date NOT NULL, line text);
CREATE TABLE public.logs_2023 PARTITION OF public.logs FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE public.logs_2024 PARTITION OF public.logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
