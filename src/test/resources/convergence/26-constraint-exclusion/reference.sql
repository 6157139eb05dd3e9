-- covers: constraint exclusion, extension btree_gist
-- tests: an exclusion constraint missing in the target, another extra in the target
CREATE EXTENSION btree_gist;
CREATE TABLE public.reservations (id integer PRIMARY KEY, room_id integer NOT NULL, during tstzrange NOT NULL,
    CONSTRAINT reservations_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&));
CREATE TABLE public.shifts (id integer PRIMARY KEY, desk_id integer NOT NULL, during tstzrange NOT NULL);
