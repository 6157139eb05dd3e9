-- timescale_jobs: every policy job (compression, retention, continuous-aggregate refresh, reorder,
-- recompression) and user-defined job, with its config, schedule and last run.
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.13).
-- Parameters: every ? is the excluded-schema regex (the hypertable's schema; a user job's procedure schema).
-- Output columns: job_id, proc_schema, proc_name, hypertable_schema, hypertable_name (the user view for a
--   continuous-aggregate refresh; null for jobs without one), config_keys, config_values (text[] sorted by
--   key, values as jsonb text with strings unquoted; the internal hypertable_id / mat_hypertable_id are left
--   out so equal schemas give equal snapshots), schedule_interval (text), scheduled, last_run_status
--   (Success/Failed, null before the first run), last_error (the newest job_errors message when the last run
--   failed)
-- TimescaleDB's own jobs (telemetry, job-history retention) are left out. job_errors only shows jobs owned by
-- roles the reader belongs to: without that, last_error stays null while last_run_status says Failed.
SELECT j.job_id,
       j.proc_schema::text AS proc_schema,
       j.proc_name::text AS proc_name,
       n.nspname AS hypertable_schema,
       j.hypertable_name::text AS hypertable_name,
       ARRAY(SELECT c.key FROM jsonb_each_text(j.config) c WHERE c.key NOT IN ('hypertable_id', 'mat_hypertable_id')
             ORDER BY c.key) AS config_keys,
       ARRAY(SELECT c.value FROM jsonb_each_text(j.config) c WHERE c.key NOT IN ('hypertable_id', 'mat_hypertable_id')
             ORDER BY c.key) AS config_values,
       j.schedule_interval::text AS schedule_interval,
       j.scheduled,
       s.last_run_status::text AS last_run_status,
       CASE WHEN s.last_run_status = 'Failed' THEN
           (SELECT e.err_message FROM timescaledb_information.job_errors e
            WHERE e.job_id = j.job_id ORDER BY e.finish_time DESC NULLS LAST LIMIT 1) END AS last_error
FROM timescaledb_information.jobs j
LEFT JOIN pg_namespace n ON n.nspname = j.hypertable_schema
LEFT JOIN timescaledb_information.job_stats s ON s.job_id = j.job_id
WHERE (n.nspname IS NULL OR n.nspname !~ ?)
  AND (j.proc_name IN ('policy_compression', 'policy_retention', 'policy_refresh_continuous_aggregate',
                       'policy_reorder', 'policy_recompression')
       OR j.proc_schema !~ ?)
ORDER BY j.job_id;
