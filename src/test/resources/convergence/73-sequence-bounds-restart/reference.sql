-- covers: sequence MINVALUE raised, MAXVALUE lowered, current value outside the new bounds
-- tests: an ascending sequence whose new MINVALUE is above its current value restarts at it (the values it
-- handed out are all lower); a descending one whose new MAXVALUE is below its current value restarts at that
CREATE SEQUENCE public.invoice_no MINVALUE 1000 START 1000;
CREATE SEQUENCE public.countdown INCREMENT BY -1 MAXVALUE 500 START 500;
CREATE SEQUENCE public.unused MINVALUE 10 START 10;
