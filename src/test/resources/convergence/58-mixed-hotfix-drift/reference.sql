-- covers: mixed: extra index, missing FK, default changed, extra grant, disabled trigger, extra column, SECURITY DEFINER, narrowing refuse
-- tests: the target was hand-edited in production after the release; the reference is the release
DO $$ BEGIN CREATE ROLE conv_support NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE public.accounts (id integer PRIMARY KEY, owner text NOT NULL, balance numeric(12,2) NOT NULL DEFAULT 0);
CREATE TABLE public.transfers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id integer NOT NULL CONSTRAINT transfers_account_fk REFERENCES public.accounts (id),
    amount numeric(12,2) NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, transfer_id bigint, logged_at timestamptz DEFAULT now());
CREATE FUNCTION public.audit_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.audit_log (transfer_id) VALUES (NEW.id);
    RETURN NEW;
END
$$;
CREATE FUNCTION public.account_balance(p_account integer) RETURNS numeric LANGUAGE sql STABLE AS $$
    SELECT balance FROM public.accounts WHERE id = p_account
$$;
CREATE TRIGGER transfers_audit AFTER INSERT ON public.transfers FOR EACH ROW EXECUTE FUNCTION public.audit_transfer();
