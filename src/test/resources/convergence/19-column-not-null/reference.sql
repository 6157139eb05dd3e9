-- covers: column nullability
-- tests: NOT NULL added (no NULLs in the rows) and dropped
CREATE TABLE public.accounts (id integer PRIMARY KEY, email text NOT NULL, nickname text);
