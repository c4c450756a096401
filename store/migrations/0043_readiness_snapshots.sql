-- The readiness score as it stood each day, for its trend on the executive overview.
-- One row per day at most: the first computation of the day records it (the SYSTEM actor).
CREATE TABLE readiness_snapshots (
    day DATE PRIMARY KEY,
    score DOUBLE NOT NULL,           -- 0-100, risk_model.readiness_score
    maturity DOUBLE,                 -- 0-100 mean maturity of the self-assessment; NULL before it
    checks_major INTEGER NOT NULL,   -- open major findings of the pre-audit checks
    checks_minor INTEGER NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL
);
