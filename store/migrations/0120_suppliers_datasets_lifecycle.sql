-- AI suppliers and customers (ISO/IEC 42001 A.10.2-A.10.4), data for AI systems (A.7.2-A.7.6,
-- A.4.3) and AI system life-cycle records (A.6.2.2-A.6.2.8).

CREATE TABLE suppliers (
    id VARCHAR PRIMARY KEY,          -- SUP-0001
    external_id VARCHAR UNIQUE,
    name VARCHAR NOT NULL,
    relationship VARCHAR NOT NULL,   -- supplier | customer
    kind VARCHAR,                    -- model provider | data provider | AI SaaS | other
    system_ids VARCHAR[],            -- ai_systems.id
    services VARCHAR,
    owner VARCHAR,
    questionnaire VARCHAR,
    assessment_score DOUBLE,
    assessed_on DATE,
    assessment_result VARCHAR,       -- approved | approved with conditions | rejected
    clause_data_use BOOLEAN,
    clause_incident_notification BOOLEAN,
    clause_audit_rights BOOLEAN,
    contract_reference VARCHAR,
    next_review_date DATE,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE datasets (
    id VARCHAR PRIMARY KEY,          -- DS-0001
    external_id VARCHAR UNIQUE,
    name VARCHAR NOT NULL,
    description VARCHAR,
    purpose VARCHAR,
    source VARCHAR,
    provenance VARCHAR,
    acquisition VARCHAR,
    quality_checks VARCHAR,
    preparation VARCHAR,
    personal_data BOOLEAN,
    special_category BOOLEAN,
    legal_basis VARCHAR,
    system_ids VARCHAR[],            -- ai_systems.id
    model_ids VARCHAR[],             -- monitored_models.id (reference data of a monitored model)
    owner VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE lifecycle_records (
    id VARCHAR PRIMARY KEY,          -- LCR-0001
    external_id VARCHAR UNIQUE,
    system_id VARCHAR NOT NULL,      -- ai_systems.id
    stage VARCHAR NOT NULL,          -- requirements | design and development | verification and validation | ...
    title VARCHAR NOT NULL,
    summary VARCHAR,
    test_results VARCHAR,
    monitor_run_ids VARCHAR[],       -- monitor_runs.run_id shown as evidence
    evidence_ids VARCHAR[],          -- evidence_items.id
    approved_by VARCHAR,
    recorded_on DATE,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX lifecycle_records_system ON lifecycle_records (system_id);
