-- covers: hostile names (spaces, capitals, quotes, unicode, keywords), table, column
-- tests: table and column names needing quotes: missing table, missing/extra/changed columns
CREATE TABLE public."order items" (id integer PRIMARY KEY, "Qty" bigint NOT NULL, "select" text, "données" text);
CREATE TABLE public."CamelCase" ("Id" integer PRIMARY KEY, "Label" text);
