CREATE SEQUENCE public.invoice_no;
SELECT nextval('public.invoice_no');
CREATE SEQUENCE public.countdown INCREMENT BY -1 MAXVALUE 1000 START 1000;
SELECT nextval('public.countdown');
CREATE SEQUENCE public.unused START 20 MINVALUE 1;
