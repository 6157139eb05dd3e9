-- covers: sequence MAXVALUE lowered below the values it handed out, refuse
-- tests: an ascending sequence past the reference's MAXVALUE cannot take it: every value below was handed out
CREATE SEQUENCE public.ticket_no MAXVALUE 100;
