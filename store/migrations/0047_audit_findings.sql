-- Audit findings: a major or minor nonconformity, an observation or an opportunity for
-- improvement, each tied to a clause or control, a system when there is one, and its evidence.

CREATE TABLE audit_findings (
    id VARCHAR PRIMARY KEY,          -- AF-0001
    external_id VARCHAR UNIQUE,
    audit_id VARCHAR NOT NULL,       -- internal_audits.id
    finding_class VARCHAR NOT NULL,  -- major | minor | observation | opportunity
    title VARCHAR NOT NULL,
    reference VARCHAR NOT NULL,      -- clause or Annex A control
    system_id VARCHAR,               -- ai_systems.id
    evidence_ids VARCHAR[],          -- EV-0001 ... in the evidence library
    evidence VARCHAR,                -- what the auditor saw
    raised_by VARCHAR,
    raised_on DATE,
    status VARCHAR NOT NULL DEFAULT 'active',   -- active | retired
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_findings_audit ON audit_findings (audit_id);
