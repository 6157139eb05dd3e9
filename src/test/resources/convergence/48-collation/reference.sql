-- covers: collation (ICU, libc), column collation
-- tests: ICU and libc collations missing, a nondeterministic ICU collation extra, a column using a missing collation
CREATE COLLATION public.german_phonebook (provider = icu, locale = 'de-u-co-phonebk');
CREATE COLLATION public.c_bytes (provider = libc, locale = 'C');
CREATE TABLE public.names (id integer PRIMARY KEY, surname text COLLATE public.german_phonebook);
