-- Hostile names: a schema with a double quote, space and capital; a table named by a reserved word; a table with
-- a semicolon in its name; columns with spaces and unicode. Drift: no primary key, a nullable key column, a
-- CASCADE that should be SET NULL, a NOT NULL that should be nullable, a missing column and a missing index.
CREATE SCHEMA "Bad ""Schema""";
CREATE TABLE "Bad ""Schema"""."select" (
    "Order Id" bigint PRIMARY KEY,
    "from"     text NOT NULL
);
CREATE TABLE "Bad ""Schema"""."line;item" (
    "Ünïcode Id" bigint,
    "parent ref" bigint NOT NULL REFERENCES "Bad ""Schema"""."select" ("Order Id") ON DELETE CASCADE,
    "Note's"     text
);
CREATE FUNCTION "Bad ""Schema""".refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'line items are permanent';
END
$$;
CREATE TRIGGER items_are_permanent BEFORE DELETE ON "Bad ""Schema"""."line;item"
    FOR EACH ROW EXECUTE FUNCTION "Bad ""Schema""".refuse_delete();
INSERT INTO "Bad ""Schema"""."select" VALUES (1, 'a'), (2, 'b');
INSERT INTO "Bad ""Schema"""."line;item" VALUES (1, 1, 'it''s'), (2, 2, NULL), (3, 1, NULL);
