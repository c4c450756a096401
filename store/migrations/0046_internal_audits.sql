-- Internal audits (ISO/IEC 42001 9.2.1): scope, criteria, dates, auditors, status and report.

CREATE TABLE internal_audits (
    id VARCHAR PRIMARY KEY,          -- IA-0001
    external_id VARCHAR UNIQUE,
    title VARCHAR NOT NULL,
    programme_year INTEGER NOT NULL,
    scope_clauses VARCHAR[],         -- ISO/IEC 42001 clauses, e.g. 6.1.2
    scope_controls VARCHAR[],        -- Annex A controls, e.g. A.6.2.6
    scope_systems VARCHAR[],         -- ai_systems.id
    scope_units VARCHAR[],           -- business units
    criteria VARCHAR,
    planned_start DATE,
    planned_end DATE,
    start_date DATE,
    end_date DATE,
    lead_auditor VARCHAR,
    auditors VARCHAR[],
    report VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'planned',  -- planned | in progress | completed | cancelled | retired
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
