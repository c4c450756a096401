-- Corrective actions of a nonconformity, each with an owner and a deadline.

CREATE TABLE corrective_actions (
    id VARCHAR PRIMARY KEY,          -- CA-0001
    external_id VARCHAR UNIQUE,
    nonconformity_id VARCHAR NOT NULL,   -- nonconformities.id
    action VARCHAR NOT NULL,
    owner VARCHAR,
    deadline DATE,
    done_on DATE,
    notes VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'planned',  -- planned | in progress | done | cancelled | retired
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX corrective_actions_nc ON corrective_actions (nonconformity_id);
