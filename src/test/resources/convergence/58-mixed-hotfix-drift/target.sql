DO $$ BEGIN CREATE ROLE conv_support NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE public.accounts (id integer PRIMARY KEY, owner text NOT NULL, balance numeric(18,4) NOT NULL DEFAULT 0, tmp_fix text);
CREATE TABLE public.transfers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id integer NOT NULL,
    amount numeric(12,2) NOT NULL,
    status text NOT NULL DEFAULT 'queued',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transfers_created_idx ON public.transfers (created_at);
CREATE TABLE public.audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, transfer_id bigint, logged_at timestamptz DEFAULT now());
CREATE FUNCTION public.audit_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.audit_log (transfer_id) VALUES (NEW.id);
    RETURN NEW;
END
$$;
CREATE FUNCTION public.account_balance(p_account integer) RETURNS numeric LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT balance FROM public.accounts WHERE id = p_account
$$;
CREATE TRIGGER transfers_audit AFTER INSERT ON public.transfers FOR EACH ROW EXECUTE FUNCTION public.audit_transfer();
GRANT SELECT ON public.accounts TO conv_support;
INSERT INTO public.accounts VALUES (1, 'ada', 100.5, NULL), (2, 'grace', 20, 'fixed by hand');
INSERT INTO public.transfers (account_id, amount) VALUES (1, 10), (2, 5);
ALTER TABLE public.transfers DISABLE TRIGGER transfers_audit;
