-- covers: hostile names, type enum, sequence, trigger, schema privilege, sequence privilege
-- tests: enum, sequence, trigger and grants whose names need quoting (capitals, spaces, quotes, keywords, unicode)
DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA "Zone Ä";
CREATE TYPE "Zone Ä"."Status Kind" AS ENUM ('draft', 'in review', 'Final');
CREATE TABLE "Zone Ä"."order" (id integer PRIMARY KEY, kind "Zone Ä"."Status Kind", "user" text, touched timestamptz);
CREATE FUNCTION "Zone Ä"."touch!"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := now(); RETURN NEW; END $$;
CREATE SEQUENCE "Zone Ä"."select" START WITH 100;
CREATE TRIGGER "Before Update" BEFORE UPDATE ON "Zone Ä"."order" FOR EACH ROW EXECUTE FUNCTION "Zone Ä"."touch!"();
GRANT USAGE ON SCHEMA "Zone Ä" TO conv_reader;
GRANT SELECT ("user") ON "Zone Ä"."order" TO conv_reader;
GRANT EXECUTE ON FUNCTION "Zone Ä"."touch!"() TO conv_reader;
