-- covers: extra tables whose foreign keys form a cycle; an extra partition of a kept table referencing an extra table
-- tests: tables referencing each other lose those keys first and are then dropped in any order; a partition of a
-- kept table is dropped before the extra table its own foreign key references
CREATE TABLE public.events (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
