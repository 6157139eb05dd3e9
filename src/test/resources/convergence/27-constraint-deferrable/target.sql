CREATE TABLE public.lists (id integer PRIMARY KEY);
CREATE TABLE public.positions (id integer PRIMARY KEY, list_id integer NOT NULL, pos integer NOT NULL,
    CONSTRAINT positions_list_fk FOREIGN KEY (list_id) REFERENCES public.lists (id),
    CONSTRAINT positions_list_pos_key UNIQUE (list_id, pos));
INSERT INTO public.lists VALUES (1);
INSERT INTO public.positions VALUES (1, 1, 1), (2, 1, 2);
