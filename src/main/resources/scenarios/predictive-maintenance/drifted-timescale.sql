-- Scenario 3 (predictive-maintenance SaaS), its TimescaleDB part: see docs/scenarios.md. Runs after drifted.sql
-- (the PostgreSQL part) on a database with the timescaledb extension.

-- sensor_readings as intended: primary key (timestamp, sensor_id), compressed after 7 days, kept 180 days.
-- The policy is written as 168 hours: the contract's 7 days is the same interval by value.
-- Every policy is paused (alter_job(..., scheduled => false)) in the statement that adds it: on a server whose job
-- scheduler runs, the policies would otherwise compress or drop the chunks the drift lives in within seconds, so the
-- drift would change under the scan. The paused policies are still the policies the contract compares.
CREATE TABLE sensor_readings (
    "timestamp" timestamptz      NOT NULL,
    sensor_id   bigint           NOT NULL,
    value       double precision NOT NULL,
    PRIMARY KEY ("timestamp", sensor_id)
);
SELECT create_hypertable('sensor_readings', by_range('timestamp', INTERVAL '1 day'));
ALTER TABLE sensor_readings SET (timescaledb.compress, timescaledb.compress_segmentby = 'sensor_id',
    timescaledb.compress_orderby = '"timestamp" DESC');
SELECT alter_job(add_compression_policy('sensor_readings', INTERVAL '168 hours'), scheduled => false);
SELECT alter_job(add_retention_policy('sensor_readings', INTERVAL '180 days'), scheduled => false);
INSERT INTO sensor_readings ("timestamp", sensor_id, value) VALUES
    ('2026-11-19 08:00:00+00', 1, 21.5), ('2026-11-20 08:00:00+00', 1, 21.7), ('2026-11-20 08:00:00+00', 2, 3.2);
