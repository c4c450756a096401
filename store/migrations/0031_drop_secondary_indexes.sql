-- Rebuild every secondary index, step 1 of 2: drop them (0032 creates them again).
--
-- Before Store.connect checkpointed a replayed write-ahead log itself, a process killed after
-- a commit left a WAL that the next open replayed, and DuckDB 1.4's checkpoint on close then
-- wrote these ART indexes without the replayed rows (duckdb/duckdb#23788). A lookup through
-- such an index, e.g. a monitor run's metrics by run_id or a record's audit-trail history,
-- then missed rows that a full scan still finds. Building each index again from its table
-- repairs a store damaged that way; on a healthy store it changes nothing.
--
-- Two migrations, not one: DuckDB 1.4.4 aborts the process when one transaction drops and
-- creates an index on a table that already holds checkpointed rows.

DROP INDEX IF EXISTS audit_trail_record;
DROP INDEX IF EXISTS ai_systems_status;
DROP INDEX IF EXISTS risk_versions_period;
DROP INDEX IF EXISTS system_classifications_system;
DROP INDEX IF EXISTS impact_assessments_system;
DROP INDEX IF EXISTS evidence_links_target;
DROP INDEX IF EXISTS monitor_runs_model;
DROP INDEX IF EXISTS monitor_metrics_run;
DROP INDEX IF EXISTS ai_incidents_system;
