-- Nonconformities (ISO/IEC 42001 10.2): where they came from, the 5 Whys and root cause, and
-- the verification of effectiveness that must be recorded before one can close.

CREATE TABLE nonconformities (
    id VARCHAR PRIMARY KEY,          -- NC-0001
    external_id VARCHAR UNIQUE,
    title VARCHAR NOT NULL,
    description VARCHAR,
    source VARCHAR NOT NULL,         -- internal audit | incident | monitor breach | surveillance audit | external audit
    source_ref VARCHAR,              -- the finding, incident or monitor run it came from
    grade VARCHAR NOT NULL,          -- major | minor
    reference VARCHAR,               -- clause or Annex A control
    system_id VARCHAR,
    owner VARCHAR,
    raised_by VARCHAR,
    raised_on DATE NOT NULL,
    whys VARCHAR[],                  -- the 5 Whys, in order (at most five)
    root_cause VARCHAR,
    verified_by VARCHAR,
    verified_on DATE,
    verification_result VARCHAR,     -- effective | not effective
    verification_notes VARCHAR,
    closed_on DATE,
    status VARCHAR NOT NULL DEFAULT 'open',  -- open | action planned | awaiting verification | closed | retired
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
