DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE conv_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA app;
CREATE SEQUENCE app.ref_seq;
CREATE FUNCTION app.next_ref() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('app.ref_seq') $$;
CREATE FUNCTION app.price_with_tax(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 1.2 $$;
CREATE TABLE app.refs (id bigint PRIMARY KEY);
GRANT USAGE, CREATE ON SCHEMA app TO conv_app;
GRANT USAGE, SELECT ON SEQUENCE app.ref_seq TO conv_app;
INSERT INTO app.refs VALUES (1), (2);
