-- Monitoring (ISO/IEC 42001 9.1, A.6.2.6, A.7.4) and the AI incident log (A.8.4).

-- One monitored model per registration; an AI system may have several.
CREATE TABLE monitored_models (
    id VARCHAR PRIMARY KEY,              -- MM-0001
    external_id VARCHAR UNIQUE,
    name VARCHAR NOT NULL,
    system_id VARCHAR NOT NULL,          -- ai_systems.id
    owner VARCHAR,
    reference_source VARCHAR NOT NULL,   -- file.csv | file.parquet | table:NAME | query:SELECT ...
    current_source VARCHAR NOT NULL,     -- same forms; '{date}' is replaced by the run's date
    source_note VARCHAR,                 -- where the data comes from, in words
    target_column VARCHAR NOT NULL,
    prediction_column VARCHAR NOT NULL,
    probability_column VARCHAR,
    positive_label VARCHAR NOT NULL DEFAULT '1',
    features JSON NOT NULL,              -- {"column": "numerical" | "categorical"}
    sensitive_attributes VARCHAR[],
    intersections BOOLEAN NOT NULL DEFAULT false,
    thresholds JSON NOT NULL,            -- {"fairness": {...}, "drift": {...}, "performance": {...}}
    stale_after_days INTEGER NOT NULL DEFAULT 7,
    keep_snapshots INTEGER NOT NULL DEFAULT 5,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- One row per run. A 'running' row is written at start for progress; the final outcome
-- replaces it in the same transaction as the run's metrics, snapshot and incidents.
CREATE TABLE monitor_runs (
    id VARCHAR PRIMARY KEY,              -- MR-000001
    model_id VARCHAR NOT NULL,
    system_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,             -- running | succeeded | breached | failed | abandoned
    started_at TIMESTAMP NOT NULL,       -- the run's as-of time (the batch date in a backfill)
    finished_at TIMESTAMP,
    duration_s DOUBLE,
    rows_seen BIGINT,
    rows_used BIGINT,                    -- rows with a known outcome (used for performance/fairness)
    current_source VARCHAR,              -- the source as resolved for this run
    failure_reason VARCHAR,
    breaches JSON,                       -- list of breach messages
    metric_count INTEGER,                -- rows written to monitor_metrics for this run
    progress DOUBLE NOT NULL DEFAULT 0,  -- 0..1
    progress_message VARCHAR,
    heartbeat_at TIMESTAMP,              -- wall-clock time of the last progress write
    pid INTEGER,
    host VARCHAR,
    requested_by VARCHAR
);
CREATE INDEX monitor_runs_model ON monitor_runs (model_id, started_at);

-- Every value a run computed, in long format.
CREATE TABLE monitor_metrics (
    run_id VARCHAR NOT NULL,
    family VARCHAR NOT NULL,             -- drift | performance | fairness
    metric VARCHAR NOT NULL,             -- e.g. drift_score, drifted_share, accuracy, tpr
    attribute VARCHAR,                   -- sensitive attribute (fairness, per-group performance)
    group_name VARCHAR,
    column_name VARCHAR,                 -- feature (drift)
    method VARCHAR,                      -- drift test (ks, wasserstein, ...)
    value DOUBLE,
    threshold DOUBLE,
    breached BOOLEAN
);
CREATE INDEX monitor_metrics_run ON monitor_metrics (run_id);

-- Evidently's compact snapshot JSON, kept for the latest few runs per model only.
CREATE TABLE monitor_snapshots (
    run_id VARCHAR PRIMARY KEY,
    model_id VARCHAR NOT NULL,
    snapshot_json VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE ai_incidents (
    id VARCHAR PRIMARY KEY,              -- INC-0001
    external_id VARCHAR UNIQUE,
    title VARCHAR NOT NULL,
    system_id VARCHAR NOT NULL,
    incident_type VARCHAR NOT NULL,
    severity VARCHAR NOT NULL DEFAULT 'medium',
    status VARCHAR NOT NULL DEFAULT 'open',
    detected_on DATE NOT NULL,
    occurred_on DATE,
    description VARCHAR,
    affected_groups VARCHAR[],
    actions VARCHAR,
    owner VARCHAR,
    serious BOOLEAN NOT NULL DEFAULT false,
    serious_consequences VARCHAR[],
    reported_on DATE,
    closed_on DATE,
    breach_key VARCHAR,                  -- e.g. fairness:colour; NULL for incidents logged by hand
    breach_count INTEGER NOT NULL DEFAULT 0,
    last_breach_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX ai_incidents_system ON ai_incidents (system_id, status);

CREATE TABLE incident_runs (
    incident_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    linked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (incident_id, run_id)
);
