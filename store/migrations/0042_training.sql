-- Competence and awareness (ISO/IEC 42001 7.2, 7.3): people, their AIMS roles, and training
-- completions with an effectiveness evaluation. Required courses per role are declared in code.

CREATE TABLE people (
    id VARCHAR PRIMARY KEY,          -- PER-0001
    external_id VARCHAR UNIQUE,      -- e.g. the employee number
    name VARCHAR NOT NULL,
    email VARCHAR,
    unit VARCHAR,
    job_title VARCHAR,
    aims_roles VARCHAR[],
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE training_completions (
    id VARCHAR PRIMARY KEY,          -- TRN-0001
    external_id VARCHAR UNIQUE,
    person_id VARCHAR NOT NULL,
    course VARCHAR NOT NULL,
    completed_on DATE NOT NULL,
    score DOUBLE,                    -- effectiveness score 0-100
    assessment VARCHAR,              -- effective | partly effective | not effective
    evaluated_by VARCHAR,
    reference VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
