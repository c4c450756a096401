-- Schedules for monitored models (ISO/IEC 42001 9.1): a cron expression per model, and one
-- claim per scheduled slot so that `python -m monitors run --due` started on two machines at
-- once runs each due model once (the primary key decides who wins).
ALTER TABLE monitored_models ADD COLUMN schedule VARCHAR;  -- cron, e.g. '0 6 * * *'; NULL: none

CREATE TABLE monitor_schedule_claims (
    model_id VARCHAR NOT NULL,           -- monitored_models.id
    due_at TIMESTAMP NOT NULL,           -- the scheduled slot this claim covers
    claimed_by VARCHAR NOT NULL,         -- host and process that runs it
    claimed_at TIMESTAMP NOT NULL,
    run_id VARCHAR,                      -- monitor_runs.id once started
    PRIMARY KEY (model_id, due_at)
);
