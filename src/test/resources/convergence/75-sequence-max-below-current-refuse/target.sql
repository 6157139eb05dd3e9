CREATE SEQUENCE public.ticket_no;
SELECT setval('public.ticket_no', 500);
