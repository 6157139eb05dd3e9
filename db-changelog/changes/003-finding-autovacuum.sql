-- liquibase formatted sql

-- changeset tidemark:003-finding-autovacuum
-- Every scan rewrites all findings of its target (last_seen_at, last_scan_id), which clears the visibility map
-- of the pages they are on. Until VACUUM sets it again, the count(*) behind a findings page's totalItems reads
-- the heap instead of only the index: with 100,000 findings, a cross-target count of 8,291 rows went from
-- 2.4 ms to 14.7 ms (docs/benchmarks-findings.md). The defaults wait for 20 % of the table to change, i.e.
-- several targets' scans; vacuum after 2 % instead (and after 2 % of inserts, for a store that only grows).
ALTER TABLE finding SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
-- rollback ALTER TABLE finding RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor);
