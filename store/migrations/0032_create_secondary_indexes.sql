-- Rebuild every secondary index, step 2 of 2: create them again from their tables (see 0031).

CREATE INDEX audit_trail_record ON audit_trail (entity, record_id);
CREATE INDEX ai_systems_status ON ai_systems (status);
CREATE INDEX risk_versions_period ON risk_versions (valid_from, valid_to);
CREATE INDEX system_classifications_system ON system_classifications (system_id, classified_at);
CREATE INDEX impact_assessments_system ON impact_assessments (system_id);
CREATE INDEX evidence_links_target ON evidence_links (target_kind, target_id);
CREATE INDEX monitor_runs_model ON monitor_runs (model_id, started_at);
CREATE INDEX monitor_metrics_run ON monitor_metrics (run_id);
CREATE INDEX ai_incidents_system ON ai_incidents (system_id, status);
