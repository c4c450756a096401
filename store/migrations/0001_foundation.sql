-- The AI system inventory, the AIMS scope and context, and the audit trail.

CREATE TABLE ai_systems (
    id VARCHAR PRIMARY KEY,
    external_id VARCHAR UNIQUE,
    name VARCHAR NOT NULL,
    description VARCHAR,
    provider VARCHAR,
    sourcing VARCHAR,
    business_function VARCHAR,
    business_unit VARCHAR,
    data_inputs VARCHAR[],
    personal_data BOOLEAN,
    makes_decisions_about_people BOOLEAN,
    eu_ai_act_tier VARCHAR NOT NULL DEFAULT 'unclassified',
    eu_ai_act_basis VARCHAR,
    owner VARCHAR,
    integration_points VARCHAR[],
    lifecycle_stage VARCHAR,
    ai_roles VARCHAR[],
    last_review_date DATE,
    next_review_date DATE,
    status VARCHAR NOT NULL DEFAULT 'active',
    in_scope BOOLEAN,
    scope_justification VARCHAR,
    source_values JSON,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE aims_scope (
    id INTEGER PRIMARY KEY,
    statement VARCHAR NOT NULL,
    business_activities VARCHAR,
    locations VARCHAR,
    departments VARCHAR,
    exclusions VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    updated_by VARCHAR NOT NULL
);

CREATE TABLE context_issues (
    id VARCHAR PRIMARY KEY,
    external_id VARCHAR UNIQUE,
    kind VARCHAR NOT NULL,          -- internal | external
    pestle VARCHAR,                 -- political, economic, social, technological, legal, environmental
    title VARCHAR NOT NULL,
    description VARCHAR,
    effect_on_aims VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE interested_parties (
    id VARCHAR PRIMARY KEY,
    external_id VARCHAR UNIQUE,
    name VARCHAR NOT NULL,
    category VARCHAR,               -- e.g. regulator, customer, employee
    requirements VARCHAR,
    addressed_by VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE app_settings (
    key VARCHAR PRIMARY KEY,
    value JSON NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Append-only, hash-chained record of every change (ISO/IEC 42001 7.5.3).
CREATE TABLE audit_trail (
    seq BIGINT PRIMARY KEY,
    recorded_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    actor_role VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL,        -- create | update | retire | restore | delete | purge
    field VARCHAR,
    old_value VARCHAR,
    new_value VARCHAR,
    prev_hash VARCHAR NOT NULL,
    hash VARCHAR NOT NULL
);
CREATE INDEX audit_trail_record ON audit_trail (entity, record_id);
CREATE INDEX ai_systems_status ON ai_systems (status);
