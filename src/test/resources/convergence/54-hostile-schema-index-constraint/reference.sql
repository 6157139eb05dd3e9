-- covers: hostile names, schema with space/capitals, keyword table and columns, constraint, index
-- tests: constraints and indexes with quoted, unicode and keyword names in a schema with a space
CREATE SCHEMA "Sales Dept";
CREATE TABLE "Sales Dept"."user" (
    id integer NOT NULL,
    "order" integer,
    email text,
    CONSTRAINT "user pk" PRIMARY KEY (id),
    CONSTRAINT "select_chk" CHECK ("order" >= 0)
);
CREATE INDEX "café_idx" ON "Sales Dept"."user" (email);
CREATE UNIQUE INDEX "Order""Idx" ON "Sales Dept"."user" ("order");
