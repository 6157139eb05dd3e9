DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA "Zone Ä";
CREATE TYPE "Zone Ä"."Status Kind" AS ENUM ('draft', 'Final');
CREATE TABLE "Zone Ä"."order" (id integer PRIMARY KEY, kind "Zone Ä"."Status Kind", "user" text, touched timestamptz);
CREATE FUNCTION "Zone Ä"."touch!"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.touched := now(); RETURN NEW; END $$;
CREATE SEQUENCE "Zone Ä"."old""seq";
INSERT INTO "Zone Ä"."order" VALUES (1, 'draft', 'ada', NULL), (2, 'Final', 'grace', NULL);
