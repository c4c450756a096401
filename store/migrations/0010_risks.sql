-- The AI risk register (ISO/IEC 42001 6.1.2, 6.1.3, 8.2, 8.3) with its full version history.
-- Risk levels are never stored: they are derived at read time from the risk matrix kept in
-- app_settings, so a changed matrix re-scores every risk.

CREATE TABLE risks (
    id VARCHAR PRIMARY KEY,
    external_id VARCHAR UNIQUE,
    title VARCHAR NOT NULL,
    description VARCHAR,
    system_ids VARCHAR[],           -- the AI systems the risk belongs to (ai_systems.id)
    stakeholders VARCHAR[],         -- the affected stakeholders
    lifecycle_stage VARCHAR,
    mit_subdomain VARCHAR,          -- MIT AI Risk Repository subdomain id, e.g. '7.3'
    causal_entity VARCHAR,          -- human | ai | other
    causal_intent VARCHAR,          -- intentional | unintentional | other
    causal_timing VARCHAR,          -- pre-deployment | post-deployment | other
    annex_c_source VARCHAR,         -- ISO/IEC 42001 Annex C.3 risk source id
    annex_c_objective VARCHAR,      -- ISO/IEC 42001 Annex C.2 objective id
    inherent_likelihood INTEGER NOT NULL,
    inherent_severity INTEGER NOT NULL,
    residual_likelihood INTEGER,
    residual_severity INTEGER,
    treatment VARCHAR,              -- mitigate | accept | transfer | avoid
    treatment_plan VARCHAR,
    owner VARCHAR,
    treatment_due DATE,
    treatment_status VARCHAR,       -- planned | in_progress | done
    control_ids VARCHAR[],          -- ISO/IEC 42001 Annex A controls treating it, e.g. 'A.6.2.6'
    accepted_by VARCHAR,
    accepted_on DATE,
    acceptance_expires DATE,
    status VARCHAR NOT NULL DEFAULT 'open',  -- open | in_treatment | accepted | closed | retired
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- One row per state of a risk: the whole record as JSON, valid from valid_from until
-- valid_to (NULL while current). Written in the same transaction as each change.
CREATE TABLE risk_versions (
    risk_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    valid_from TIMESTAMP NOT NULL,
    valid_to TIMESTAMP,
    record JSON NOT NULL,
    changed_by VARCHAR NOT NULL,
    PRIMARY KEY (risk_id, version)
);
CREATE INDEX risk_versions_period ON risk_versions (valid_from, valid_to);

-- EU AI Act classification questionnaire answers per system; the latest row is current,
-- earlier rows are the previous classifications.
CREATE TABLE system_classifications (
    id VARCHAR PRIMARY KEY,
    system_id VARCHAR NOT NULL,
    answers JSON NOT NULL,
    tier VARCHAR NOT NULL,
    basis VARCHAR,
    label VARCHAR NOT NULL,
    rationale VARCHAR,
    notes VARCHAR,
    classified_at TIMESTAMP NOT NULL,
    classified_by VARCHAR NOT NULL
);
CREATE INDEX system_classifications_system ON system_classifications (system_id, classified_at);

-- AI system impact assessments (ISO/IEC 42001 6.1.4, 8.4, Annex A.5).
CREATE TABLE impact_assessments (
    id VARCHAR PRIMARY KEY,
    external_id VARCHAR UNIQUE,
    system_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    purpose VARCHAR,
    intended_use VARCHAR,
    affected_individuals VARCHAR,
    affected_groups VARCHAR,
    affected_society VARCHAR,
    fairness_impact VARCHAR,
    fairness_likelihood INTEGER,
    fairness_severity INTEGER,
    privacy_impact VARCHAR,
    privacy_likelihood INTEGER,
    privacy_severity INTEGER,
    safety_impact VARCHAR,
    safety_likelihood INTEGER,
    safety_severity INTEGER,
    human_rights_impact VARCHAR,
    human_rights_likelihood INTEGER,
    human_rights_severity INTEGER,
    environment_impact VARCHAR,
    environment_likelihood INTEGER,
    environment_severity INTEGER,
    mitigations VARCHAR,
    human_oversight VARCHAR,
    reviewers VARCHAR[],
    assessed_on DATE,
    review_due DATE,
    status VARCHAR NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX impact_assessments_system ON impact_assessments (system_id);
