CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE public.color AS ENUM ('red', 'blue', 'green');
CREATE TABLE public.entries (id integer PRIMARY KEY, mood public.mood, color public.color);
INSERT INTO public.entries VALUES (1, 'sad', 'red'), (2, 'ok', 'green');
