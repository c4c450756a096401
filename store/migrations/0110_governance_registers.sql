-- The documented AIMS (issue #18, items 1-4): policies with their acknowledgements (5.2, 7.3,
-- A.2.2-A.2.4), AI objectives and their measurements over time (6.2), the RACI of AIMS
-- responsibilities (5.3, A.3.2), and documented information under control (7.5).

CREATE TABLE policies (
    id VARCHAR PRIMARY KEY,              -- POL-0001
    external_id VARCHAR UNIQUE,
    name VARCHAR NOT NULL,
    kind VARCHAR,                        -- ai_policy | policy
    version VARCHAR,
    text VARCHAR,
    file_ref VARCHAR,                    -- where the signed file lives
    owner VARCHAR,
    approver VARCHAR,                    -- a member of top management
    approved_on DATE,
    review_interval_months INTEGER,
    next_review DATE,
    aligned_with VARCHAR[],              -- policies it must align with (A.2.3)
    reference VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE policy_acknowledgements (
    id VARCHAR PRIMARY KEY,              -- ACK-0001
    external_id VARCHAR UNIQUE,
    policy_id VARCHAR NOT NULL,
    version VARCHAR NOT NULL,            -- the version that was read
    person_id VARCHAR NOT NULL,
    acknowledged_on DATE NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE objectives (
    id VARCHAR PRIMARY KEY,              -- OBJ-0001
    external_id VARCHAR UNIQUE,
    name VARCHAR NOT NULL,
    measure VARCHAR,                     -- a measure computed from the store (risk_model.objectives)
    target DOUBLE,
    owner VARCHAR,
    due_date DATE,
    plan_what VARCHAR,
    plan_resources VARCHAR,
    plan_when VARCHAR,
    plan_evaluation VARCHAR,
    reference VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE objective_measurements (
    id VARCHAR PRIMARY KEY,              -- OBM-0001
    external_id VARCHAR UNIQUE,
    objective_id VARCHAR NOT NULL,
    measured_on DATE NOT NULL,
    value DOUBLE,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE responsibilities (
    id VARCHAR PRIMARY KEY,              -- RES-0001
    external_id VARCHAR UNIQUE,
    name VARCHAR NOT NULL,
    reference VARCHAR,                   -- clause or control
    responsible VARCHAR[],               -- roles or named people
    accountable VARCHAR,
    consulted VARCHAR[],
    informed VARCHAR[],
    assigned_by VARCHAR,                 -- top management
    assigned_on DATE,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE documents (
    id VARCHAR PRIMARY KEY,              -- DI-0001
    external_id VARCHAR UNIQUE,
    name VARCHAR NOT NULL,
    kind VARCHAR,                        -- procedure | record | plan | form
    version VARCHAR,
    owner VARCHAR,
    approver VARCHAR,
    approved_on DATE,
    next_review DATE,
    distribution VARCHAR[],
    retention VARCHAR,
    location VARCHAR,
    clauses VARCHAR[],
    controls VARCHAR[],
    evidence_ids VARCHAR[],              -- evidence library items that show it in use
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
