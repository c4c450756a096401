-- EU AI Act deliverables generated from the records (Annex IV technical documentation, the
-- Art. 72 monitoring plan, the Art. 27 FRIA, the Art. 49 registration data): one row per
-- version of a system's document, with its content, who generated it and who approved it.

CREATE TABLE regulatory_documents (
    id VARCHAR PRIMARY KEY,              -- DOC-000001
    system_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,               -- technical-documentation | monitoring-plan | fria | registration
    version INTEGER NOT NULL,
    content JSON NOT NULL,               -- the sections as generated
    to_complete INTEGER NOT NULL,        -- parts the records could not fill
    generated_at TIMESTAMP NOT NULL,
    generated_by VARCHAR NOT NULL,
    approved_at TIMESTAMP,
    approved_by VARCHAR,
    UNIQUE (system_id, kind, version)
);
