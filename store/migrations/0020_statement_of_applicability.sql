-- The Statement of Applicability (ISO/IEC 42001 6.1.3): the working version, one row per
-- Annex A control (a control with no row yet reads as applicable and not started), and the
-- approved versions, each a frozen JSON snapshot so that earlier versions stay readable.

CREATE TABLE statement_of_applicability (
    id VARCHAR PRIMARY KEY,          -- the Annex A control id, e.g. A.6.2.6
    applicable BOOLEAN NOT NULL DEFAULT TRUE,
    justification VARCHAR,           -- for including or excluding the control
    implementation_status VARCHAR NOT NULL DEFAULT 'not started',
    owner VARCHAR,
    responsible VARCHAR,             -- RACI, by role or person
    accountable VARCHAR,
    consulted VARCHAR,
    informed VARCHAR,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE soa_versions (
    version INTEGER PRIMARY KEY,
    title VARCHAR NOT NULL,
    organisation VARCHAR NOT NULL,
    approved_by VARCHAR NOT NULL,
    approved_on DATE NOT NULL,
    note VARCHAR,
    snapshot JSON NOT NULL,          -- every row of the SoA as approved (SOA_COLUMNS)
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL
);

-- The risks a control treats are not stored here: each risk lists its controls
-- (risks.control_ids), and store.soa.risks_by_control reads them from there.
