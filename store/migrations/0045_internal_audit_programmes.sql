-- The internal audit programme (ISO/IEC 42001 9.2.2): one programme per year, with its
-- objectives and approval; the audits of a year belong to its programme by year.

CREATE TABLE internal_audit_programmes (
    id VARCHAR PRIMARY KEY,          -- AP-0001
    external_id VARCHAR UNIQUE,
    year INTEGER NOT NULL UNIQUE,
    objectives VARCHAR,
    owner VARCHAR,                   -- who manages the programme
    approved_by VARCHAR,
    approved_on DATE,
    status VARCHAR NOT NULL DEFAULT 'active',   -- active | retired
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
