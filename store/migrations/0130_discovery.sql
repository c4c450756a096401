-- Discovery (ISO/IEC 42001 4.1, A.4.2): AI found in code, model registries and spend exports,
-- before anyone catalogued it. A scan records findings (evidence); findings of one source,
-- place and provider form a candidate, which is triaged: linked, created, or dismissed.

CREATE TABLE discovery_scans (
    id VARCHAR PRIMARY KEY,              -- SCN-0001
    source VARCHAR NOT NULL,             -- code | mlflow | spend
    target VARCHAR NOT NULL,             -- the repository, tracking URI or export scanned
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    files_scanned INTEGER,
    skipped_binary INTEGER,
    skipped_huge INTEGER,
    skipped_symlinks INTEGER,
    findings INTEGER NOT NULL,
    new_findings INTEGER NOT NULL,
    changed_findings INTEGER NOT NULL,
    problems VARCHAR[],
    actor VARCHAR NOT NULL
);

CREATE TABLE discovery_candidates (
    id VARCHAR PRIMARY KEY,              -- DSC-0001
    candidate_key VARCHAR NOT NULL UNIQUE,
    source VARCHAR NOT NULL,
    location VARCHAR NOT NULL,           -- the likely system: repository, model, vendor
    provider VARCHAR NOT NULL,
    products VARCHAR[],
    prefill VARCHAR,                     -- JSON: the inventory record it would become
    status VARCHAR NOT NULL DEFAULT 'open',  -- open | linked | created | dismissed
    system_id VARCHAR,                   -- the inventory record linked or created
    dismissed_reason VARCHAR,
    triaged_by VARCHAR,
    triaged_at TIMESTAMP,
    reopened_at TIMESTAMP,               -- a dismissed candidate with new evidence
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    open_since TIMESTAMP NOT NULL
);

CREATE TABLE discovery_findings (
    fingerprint VARCHAR PRIMARY KEY,
    candidate_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    location VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    line INTEGER,
    signature VARCHAR NOT NULL,
    product VARCHAR,
    kind VARCHAR,
    evidence VARCHAR,
    first_scan VARCHAR NOT NULL,
    changed_scan VARCHAR,                -- the scan that last saw it move to another line
    last_scan VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    times_seen INTEGER NOT NULL DEFAULT 1
);
