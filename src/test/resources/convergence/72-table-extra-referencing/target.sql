CREATE TABLE public.keep (id int PRIMARY KEY);
CREATE TABLE public.a_parent (id int PRIMARY KEY);
CREATE TABLE public.b_child (id int PRIMARY KEY, p int REFERENCES public.a_parent (id));
CREATE TABLE public.c_grandchild (id int PRIMARY KEY, c int REFERENCES public.b_child (id));
CREATE TABLE public.old_parent (id int PRIMARY KEY);
CREATE TABLE public.old_child (id int PRIMARY KEY, p int REFERENCES public.old_parent (id));
INSERT INTO public.a_parent VALUES (1);
INSERT INTO public.b_child VALUES (1, 1);
