-- covers: constraint deferrability
-- tests: FK DEFERRABLE INITIALLY DEFERRED and unique DEFERRABLE INITIALLY IMMEDIATE only in the reference
CREATE TABLE public.lists (id integer PRIMARY KEY);
CREATE TABLE public.positions (id integer PRIMARY KEY, list_id integer NOT NULL, pos integer NOT NULL,
    CONSTRAINT positions_list_fk FOREIGN KEY (list_id) REFERENCES public.lists (id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT positions_list_pos_key UNIQUE (list_id, pos) DEFERRABLE INITIALLY IMMEDIATE);
