-- The certification cycle: one row (id 1) with the target date, the audit dates and the
-- certificate; surveillance and recertification are derived from the certificate date.

CREATE TABLE certification_cycle (
    id INTEGER PRIMARY KEY,
    certification_body VARCHAR,
    scope VARCHAR,
    target_date DATE,
    readiness_start DATE,
    stage1_date DATE,
    stage2_date DATE,
    certificate_date DATE,
    certificate_number VARCHAR,
    stage_lead_weeks INTEGER NOT NULL DEFAULT 8,
    updated_at TIMESTAMP NOT NULL,
    updated_by VARCHAR NOT NULL
);
