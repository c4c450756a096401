-- Readiness assessment (the certification guide's first step): a maturity rating of every
-- ISO/IEC 42001 clause 4-10 item and Annex A control, and the remediation actions for its gaps.

CREATE TABLE readiness_items (
    id VARCHAR PRIMARY KEY,          -- the clause or control id: 4.1, A.6.2.6
    external_id VARCHAR UNIQUE,
    item_kind VARCHAR NOT NULL,      -- clause | control
    maturity INTEGER CHECK (maturity BETWEEN 0 AND 5),   -- NULL: not assessed yet
    target INTEGER CHECK (target BETWEEN 0 AND 5),       -- NULL: the default target (3)
    notes VARCHAR,
    evidence_ids VARCHAR[],          -- EV-0001 ... in the evidence library
    assessed_by VARCHAR,
    assessed_on DATE,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE remediation_actions (
    id VARCHAR PRIMARY KEY,          -- RA-0001
    external_id VARCHAR UNIQUE,
    title VARCHAR NOT NULL,
    item_id VARCHAR,                 -- the clause or control whose gap it closes
    owner VARCHAR,
    priority VARCHAR,                -- high | medium | low
    start_date DATE,
    due_date DATE,
    completed_on DATE,
    notes VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'planned',  -- planned | in progress | done | cancelled | retired
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
