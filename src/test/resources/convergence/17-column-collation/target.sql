CREATE TABLE public.words (id integer PRIMARY KEY, word text, label text COLLATE "C");
INSERT INTO public.words VALUES (1, 'apple', 'A'), (2, 'Banana', 'b');
