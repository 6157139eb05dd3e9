-- covers: comments and names holding what Liquibase reads in a changelog
-- tests: a comment whose lines look like --rollback and --changeset directives, ${property} references and changesetId, on a table and a column with such a name
CREATE TABLE public.users (id integer PRIMARY KEY);
CREATE TABLE public.notes (id integer PRIMARY KEY, "cost$ ${user.home}" integer);
COMMENT ON TABLE public.notes IS E'Notes.\n-- rollback DROP TABLE public.users; --\n--changeset evil:1\n${user.home} ${PATH} changesetId\n\\'' quoted';
COMMENT ON COLUMN public.notes."cost$ ${user.home}" IS 'price in ${currency}';
