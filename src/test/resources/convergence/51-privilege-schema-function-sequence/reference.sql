-- covers: privilege schema USAGE, function EXECUTE, sequence USAGE, default PUBLIC EXECUTE
-- tests: schema usage missing/extra, function execute missing, EXECUTE revoked from PUBLIC only in the reference, sequence grant differs
DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE conv_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA app;
CREATE SEQUENCE app.ref_seq;
CREATE FUNCTION app.next_ref() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('app.ref_seq') $$;
CREATE FUNCTION app.price_with_tax(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 1.2 $$;
CREATE TABLE app.refs (id bigint PRIMARY KEY);
GRANT USAGE ON SCHEMA app TO conv_reader;
GRANT EXECUTE ON FUNCTION app.next_ref() TO conv_app;
REVOKE EXECUTE ON FUNCTION app.price_with_tax(numeric) FROM PUBLIC;
GRANT USAGE ON SEQUENCE app.ref_seq TO conv_app;
