-- covers: type enum, enum value removed, enum order differs, refuse
-- tests: an enum value the reference lacks and an enum whose value order differs are refused
CREATE TYPE public.mood AS ENUM ('sad', 'ok');
CREATE TYPE public.color AS ENUM ('red', 'green', 'blue');
CREATE TABLE public.entries (id integer PRIMARY KEY, mood public.mood, color public.color);
