CREATE TABLE public.invoices (
    id integer PRIMARY KEY,
    amount numeric NOT NULL,
    amount_cents bigint GENERATED ALWAYS AS ((amount * 100)::bigint) STORED
);
INSERT INTO public.invoices (id, amount) VALUES (1, 12.34), (2, 0.5);
