CREATE EXTENSION btree_gist;
CREATE TABLE public.reservations (id integer PRIMARY KEY, room_id integer NOT NULL, during tstzrange NOT NULL);
CREATE TABLE public.shifts (id integer PRIMARY KEY, desk_id integer NOT NULL, during tstzrange NOT NULL,
    CONSTRAINT shifts_no_overlap EXCLUDE USING gist (desk_id WITH =, during WITH &&));
INSERT INTO public.reservations VALUES (1, 1, '[2024-01-01 10:00+00,2024-01-01 11:00+00)'), (2, 1, '[2024-01-01 11:00+00,2024-01-01 12:00+00)');
INSERT INTO public.shifts VALUES (1, 7, '[2024-01-01 08:00+00,2024-01-01 16:00+00)');
