-- Indexes on a partitioned table: "Order Lines" (LIST by region, in a schema whose name has a quote and a
-- space) has four partitions, one of them with quotes, spaces and capitals in its name, and a DEFAULT one. Its
-- foreign key to customers has no index (unindexed-foreign-key), and the contract expects an index on sku that
-- is missing (missing-index). Neither can be built CONCURRENTLY on the parent.
CREATE SCHEMA "Shop ""EU""";
CREATE TABLE "Shop ""EU""".customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE "Shop ""EU"""."Order Lines" (
	id bigint NOT NULL,
	region text NOT NULL,
	"Customer Id" bigint REFERENCES "Shop ""EU""".customers (id),
	sku text NOT NULL,
	PRIMARY KEY (id, region)
) PARTITION BY LIST (region);
CREATE TABLE "Shop ""EU"""."order_lines_eu" PARTITION OF "Shop ""EU"""."Order Lines" FOR VALUES IN ('eu');
CREATE TABLE "Shop ""EU"""."order_lines_us" PARTITION OF "Shop ""EU"""."Order Lines" FOR VALUES IN ('us');
CREATE TABLE "Shop ""EU"""."Lines ""APAC"" Zone" PARTITION OF "Shop ""EU"""."Order Lines" FOR VALUES IN ('apac');
CREATE TABLE "Shop ""EU"""."order_lines_other" PARTITION OF "Shop ""EU"""."Order Lines" DEFAULT;
INSERT INTO "Shop ""EU""".customers VALUES (1, 'ann'), (2, 'bo');
INSERT INTO "Shop ""EU"""."Order Lines" VALUES (1, 'eu', 1, 'A-1'), (2, 'us', 2, 'B-2'), (3, 'apac', 1, 'C-3'),
	(4, 'mars', NULL, 'D-4'), (5, 'eu', 2, 'A-1');
