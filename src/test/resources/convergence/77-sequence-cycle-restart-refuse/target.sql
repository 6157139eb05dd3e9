CREATE SEQUENCE public.ring MINVALUE 1 MAXVALUE 1000 START 1 CYCLE;
SELECT setval('public.ring', 1000);
SELECT nextval('public.ring');
CREATE SEQUENCE public.line MINVALUE 1 MAXVALUE 1000 START 1;
SELECT nextval('public.line');
