-- The fields of a risk snapshot that its level, flags and register filters need, as typed
-- columns beside the JSON record, so that the register "as of" a past day (the heatmap, the
-- management review's comparison) reads a few columns instead of parsing every snapshot's
-- JSON. `record` stays the whole snapshot; these columns repeat part of it, and
-- `store.risks` writes both in one statement. The scale sizes are the snapshot's `_scale`.

ALTER TABLE risk_versions ADD COLUMN status VARCHAR;
ALTER TABLE risk_versions ADD COLUMN owner VARCHAR;
ALTER TABLE risk_versions ADD COLUMN mit_subdomain VARCHAR;
ALTER TABLE risk_versions ADD COLUMN system_ids VARCHAR[];
ALTER TABLE risk_versions ADD COLUMN inherent_likelihood INTEGER;
ALTER TABLE risk_versions ADD COLUMN inherent_severity INTEGER;
ALTER TABLE risk_versions ADD COLUMN residual_likelihood INTEGER;
ALTER TABLE risk_versions ADD COLUMN residual_severity INTEGER;
ALTER TABLE risk_versions ADD COLUMN treatment_due DATE;
ALTER TABLE risk_versions ADD COLUMN treatment_status VARCHAR;
ALTER TABLE risk_versions ADD COLUMN accepted_by VARCHAR;
ALTER TABLE risk_versions ADD COLUMN accepted_on DATE;
ALTER TABLE risk_versions ADD COLUMN acceptance_expires DATE;
ALTER TABLE risk_versions ADD COLUMN likelihood_size INTEGER;
ALTER TABLE risk_versions ADD COLUMN severity_size INTEGER;

-- A snapshot holds a date as str(value); its first ten characters are the day.
UPDATE risk_versions AS v SET
    status = s.status,
    owner = s.owner,
    mit_subdomain = s.mit_subdomain,
    system_ids = s.system_ids,
    inherent_likelihood = s.inherent_likelihood,
    inherent_severity = s.inherent_severity,
    residual_likelihood = s.residual_likelihood,
    residual_severity = s.residual_severity,
    treatment_due = CAST(left(s.treatment_due, 10) AS DATE),
    treatment_status = s.treatment_status,
    accepted_by = s.accepted_by,
    accepted_on = CAST(left(s.accepted_on, 10) AS DATE),
    acceptance_expires = CAST(left(s.acceptance_expires, 10) AS DATE),
    likelihood_size = s._scale[1],
    severity_size = s._scale[2]
FROM (
    SELECT risk_id, version, unnest(json_transform(record, '{
        "status": "VARCHAR", "owner": "VARCHAR", "mit_subdomain": "VARCHAR",
        "system_ids": "VARCHAR[]", "inherent_likelihood": "INTEGER",
        "inherent_severity": "INTEGER", "residual_likelihood": "INTEGER",
        "residual_severity": "INTEGER", "treatment_due": "VARCHAR",
        "treatment_status": "VARCHAR", "accepted_by": "VARCHAR", "accepted_on": "VARCHAR",
        "acceptance_expires": "VARCHAR", "_scale": "INTEGER[]"}'))
    FROM risk_versions
) AS s
WHERE v.risk_id = s.risk_id AND v.version = s.version;
