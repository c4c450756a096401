"""Counts behind the getting-started path (``risk_model.getting_started``), in one read."""

from __future__ import annotations

from store.connection import Store

MILESTONE_SQL = {
    "readiness_rated": "SELECT count(*) FROM readiness_items WHERE maturity IS NOT NULL",
    "scope_statement": "SELECT count(*) FROM aims_scope WHERE coalesce(statement, '') <> ''",
    "context_issues": "SELECT count(*) FROM context_issues",
    "interested_parties": "SELECT count(*) FROM interested_parties",
    "ai_systems": "SELECT count(*) FROM ai_systems WHERE status = 'active'",
    "scope_decisions": "SELECT count(*) FROM ai_systems WHERE in_scope IS NOT NULL",
    "risks": "SELECT count(*) FROM risks WHERE status <> 'retired'",
    "impact_assessments": "SELECT count(*) FROM impact_assessments",
    "soa_justified": "SELECT count(*) FROM statement_of_applicability"
    " WHERE coalesce(justification, '') <> ''",
    "soa_versions": "SELECT count(*) FROM soa_versions",
    "evidence_items": "SELECT count(*) FROM evidence_items",
    "monitored_models": "SELECT count(*) FROM monitored_models",
    "monitor_runs": "SELECT count(*) FROM monitor_runs",
    "people": "SELECT count(*) FROM people",
    "training_completions": "SELECT count(*) FROM training_completions",
    "internal_audits": "SELECT count(*) FROM internal_audits",
    "audits_completed": "SELECT count(*) FROM internal_audits WHERE status = 'completed'",
    "management_reviews": "SELECT count(*) FROM management_reviews",
    "reviews_held": "SELECT count(*) FROM management_reviews WHERE status = 'held'",
    "target_date": "SELECT count(*) FROM certification_cycle WHERE target_date IS NOT NULL",
    "stage1_date": "SELECT count(*) FROM certification_cycle WHERE stage1_date IS NOT NULL",
}


def milestone_counts(db: Store) -> dict[str, int]:
    """How many records each milestone of the getting-started path has."""
    with db.connect() as connection:
        return {
            name: int(connection.execute(sql).fetchone()[0]) for name, sql in MILESTONE_SQL.items()
        }
