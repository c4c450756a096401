-- Management review (ISO/IEC 42001 9.3): the meetings, the actions they decide, and the
-- inputs compiled for each meeting, kept as JSON so a later review can compare with them.

CREATE TABLE management_reviews (
    id VARCHAR PRIMARY KEY,            -- MR-0001
    external_id VARCHAR UNIQUE,
    title VARCHAR NOT NULL,
    review_date DATE NOT NULL,
    chair VARCHAR,
    attendees VARCHAR[],
    period_start DATE,                 -- the period the review covers
    period_end DATE,
    status VARCHAR NOT NULL DEFAULT 'planned',   -- planned | held | retired
    minutes VARCHAR,
    decisions VARCHAR,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE review_actions (
    id VARCHAR PRIMARY KEY,            -- MRA-0001
    external_id VARCHAR UNIQUE,
    review_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    owner VARCHAR,
    deadline DATE,
    status VARCHAR NOT NULL DEFAULT 'open',      -- open | in progress | done | retired
    done_on DATE,
    notes VARCHAR,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX review_actions_review ON review_actions (review_id);

-- The inputs as compiled for a review (counts, register keys, heatmap cells), frozen when
-- the meeting is recorded as held.
CREATE TABLE review_snapshots (
    review_id VARCHAR PRIMARY KEY,
    taken_on DATE NOT NULL,
    inputs JSON NOT NULL,
    created_at TIMESTAMP NOT NULL
);
