-- The evidence library (ISO/IEC 42001 7.5.2, 7.5.3): documented information under version
-- control. File bytes live outside the database in Store.files_dir, named by their SHA-256
-- (content-addressed), so the DuckDB file stays small, identical files are stored once, and
-- a backup of the database file plus that folder is complete (store.backup takes both).

CREATE TABLE evidence_items (
    id VARCHAR PRIMARY KEY,          -- EV-0001
    external_id VARCHAR UNIQUE,
    title VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,           -- policy, procedure, model card, test results, minutes, link ...
    description VARCHAR,
    labels VARCHAR[],
    owner VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE evidence_versions (
    item_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,        -- 1, 2, ...; the highest is the current version
    author VARCHAR NOT NULL,
    change_note VARCHAR,
    approved_by VARCHAR,
    approved_on DATE,
    review_due DATE,                 -- review or expiry date; past it the evidence is stale
    url VARCHAR,                     -- a registered link instead of a file
    sha256 VARCHAR,                  -- of the file's bytes (NULL for a link)
    size_bytes BIGINT,
    media_type VARCHAR,
    original_filename VARCHAR,       -- sanitised; the bytes are files_dir/<sha256[:2]>/<sha256>
    recorded_at TIMESTAMP NOT NULL,
    recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (item_id, version)
);

CREATE TABLE evidence_links (
    item_id VARCHAR NOT NULL,
    target_kind VARCHAR NOT NULL,    -- control | clause | ai_system
    target_id VARCHAR NOT NULL,      -- A.6.2.6 | 7.5.3 | AIS-0001
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (item_id, target_kind, target_id)
);
CREATE INDEX evidence_links_target ON evidence_links (target_kind, target_id);
