-- covers: schema, objects in a schema
-- tests: a schema with tables and a view exists only in the reference; another schema with a table only in the target
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id integer PRIMARY KEY, customer_id integer NOT NULL, paid boolean NOT NULL DEFAULT false);
CREATE TABLE billing.invoice_lines (id integer PRIMARY KEY, invoice_id integer NOT NULL REFERENCES billing.invoices (id), amount numeric NOT NULL);
CREATE VIEW billing.open_invoices AS SELECT id, customer_id FROM billing.invoices WHERE NOT paid;
CREATE TABLE public.customers (id integer PRIMARY KEY, name text);
