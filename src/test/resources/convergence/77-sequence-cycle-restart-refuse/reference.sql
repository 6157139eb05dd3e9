-- covers: a cycling sequence whose MINVALUE is raised
-- tests: a sequence that cycles may have wrapped and handed out values on both sides of the new bound, so
-- restarting at it could hand them out again: refused; one that does not cycle restarts as ever
CREATE SEQUENCE public.ring MINVALUE 100 MAXVALUE 1000 START 100 CYCLE;
CREATE SEQUENCE public.line MINVALUE 100 MAXVALUE 1000 START 100;
