CREATE SCHEMA "Sales Dept";
CREATE TABLE "Sales Dept"."user" (
    id integer NOT NULL,
    "order" integer,
    email text,
    CONSTRAINT "select_chk" CHECK ("order" > 0)
);
CREATE INDEX "Order""Idx" ON "Sales Dept"."user" ("order");
INSERT INTO "Sales Dept"."user" VALUES (1, 10, 'ada@example.org'), (2, 20, 'grace@example.org');
