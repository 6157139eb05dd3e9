-- covers: column collation
-- tests: COLLATE "C" only in the reference on one column and only in the target on another
CREATE TABLE public.words (id integer PRIMARY KEY, word text COLLATE "C", label text);
