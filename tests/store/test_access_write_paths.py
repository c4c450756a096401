"""R5: every store write path, called as every role, is refused unless the role may write.

``WRITE_PATHS`` is the table of how to call each write function of the store (every public
function in ``store/*.py`` that takes an ``actor``). A new write function without an entry
here fails ``test_every_write_function_has_an_entry``: add a ``WritePath`` for it (usually
one line), or an ``EXEMPT`` entry saying why it needs none.

A refused call must leave the store exactly as it was: every table's row count and a hash
of its content, the audit trail and the evidence files are compared before and after.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

import store
from reports.tabular import to_csv_bytes
from risk_model.access import SYSTEM, AccessDenied, Actor
from risk_model.context import CONTEXT_ISSUE
from risk_model.discovery import Finding, ScanResult
from risk_model.eu_ai_act import ClassificationAnswers
from risk_model.incidents import Breach
from risk_model.inventory import AI_SYSTEM
from risk_model.lifecycle import LIFECYCLE_RECORD
from risk_model.policies import current_ai_policy
from risk_model.readiness_score import ReadinessScore
from store import (
    admin,
    audits,
    certification,
    classification,
    context,
    discovery,
    evidence,
    impact_assessments,
    importer,
    incidents,
    inventory,
    management_review,
    monitored_models,
    monitoring,
    nonconformities,
    objectives,
    policies,
    readiness,
    readiness_score,
    records,
    regulatory_documents,
    risk_files,
    risks,
    soa,
    training,
)
from store.connection import Store
from store.evidence import VersionDetails

SYSTEM_ID = "SYS-0001"
OWNER = "Priya Raman"
"""The demo owner of SYS-0001 (and of the records below that belong to it)."""

COMPLIANCE = Actor("Compliance Officer", ("compliance_manager",))
ADMIN = Actor("IT Administrator", ("admin",))
AUDITOR = Actor("Internal Auditor", ("auditor",))
DENIED_ACTORS = {
    "viewer": Actor("Executive Viewer", ("viewer",)),
    "ml_owner": Actor("Not The Owner", ("ml_owner",)),
    "auditor": AUDITOR,
    "admin": ADMIN,
    "compliance_manager": COMPLIANCE,
}
PERMITTED_ACTORS = {"compliance_manager": COMPLIANCE, "admin": ADMIN, "auditor": AUDITOR}


@dataclass(frozen=True)
class WritePath:
    """How to call one write function on the demo store, and who may."""

    call: Callable[[Store, Actor, object], object]
    """(db, actor, prepared) -> anything; ``prepared`` is what ``prepare`` returned."""
    entities: tuple[str, ...]
    """Audit-trail entities (tables) the permitted call records."""
    allowed: tuple[str, ...] = ("compliance_manager",)
    owner: str | None = None
    """An ML owner of this name may also make the call (their own system or risk)."""
    prepare: Callable[[Store], object] = lambda db: None
    """Runs as the system before the calls (e.g. start a run to finish, retire to restore)."""


def _in_transaction(fn: Callable) -> Callable:
    def call(db, actor, prepared):
        with db.transaction() as connection:
            return fn(connection, actor, prepared)

    return call


def _risk_values(db: Store) -> dict:
    current = risks.get_risk(db, _risk_of_owner(db))
    drop = {"id", "external_id", "created_at", "updated_at"}
    return {**{k: v for k, v in current.items() if k not in drop}, "title": "Write-path probe risk"}


def _risk_of_owner(db: Store) -> str:
    frame = risks.list_risks(db)
    return str(frame[frame["owner"] == OWNER]["id"].iloc[0])


def _retired_system(db: Store) -> str:
    frame = inventory.list_systems(db, inventory.SystemFilter(statuses=("retired",)))
    return str(frame["id"].iloc[0])


def _risk_file(db: Store) -> bytes:
    frame = risk_files.export_frame(db)
    frame.loc[0, "title"] = "Write-path probe: renamed by import"
    return to_csv_bytes(frame)


def _retire_context_issue(db: Store) -> str:
    records.retire_record(db, CONTEXT_ISSUE, "CTX-0002", COMPLIANCE)
    return "CTX-0002"


def _started_run(db: Store) -> str:
    return monitoring.start_run(db, monitored_models.get_model(db, "MM-0001"), COMPLIANCE)


def _new_model(db: Store) -> dict:
    model = monitored_models.get_model(db, "MM-0001")
    drop = {"id", "external_id", "created_at", "updated_at"}
    return {**{k: v for k, v in model.items() if k not in drop}, "name": "Write-path probe model"}


def _model_owner(db: Store) -> str:
    return inventory.get_system(db, monitored_models.get_model(db, "MM-0001")["system_id"])["owner"]


BREACH = Breach("drift:dataset", "data drift", "Write-path probe: dataset drift")
ISSUE = {"kind": "internal", "title": "Write-path probe issue"}
DOC = {"title": "Write-path probe document", "kind": "policy", "owner": OWNER}
TODAY = date.today()

WRITE_PATHS: dict[str, WritePath] = {
    # --- generic records (inside the caller's transaction) -----------------------------------
    "store.records.insert": WritePath(
        _in_transaction(lambda c, a, p: records.insert(c, CONTEXT_ISSUE, ISSUE, a)),
        ("context_issues",),
    ),
    "store.records.update": WritePath(
        _in_transaction(
            lambda c, a, p: records.update(c, AI_SYSTEM, SYSTEM_ID, {"description": "probe"}, a)
        ),
        ("ai_systems",),
        owner=OWNER,
    ),
    "store.records.change": WritePath(
        lambda db, a, p: records.change(db, AI_SYSTEM, SYSTEM_ID, {"description": "probe"}, a),
        ("ai_systems",),
        owner=OWNER,
    ),
    "store.records.retire": WritePath(
        _in_transaction(lambda c, a, p: records.retire(c, CONTEXT_ISSUE, "CTX-0001", a)),
        ("context_issues",),
    ),
    "store.records.restore": WritePath(
        _in_transaction(lambda c, a, p: records.restore(c, CONTEXT_ISSUE, p, a)),
        ("context_issues",),
        prepare=_retire_context_issue,
    ),
    # --- admin ----------------------------------------------------------------------------------
    "store.admin.purge": WritePath(
        lambda db, a, p: admin.purge(db, CONTEXT_ISSUE, p, a, "Duplicate entered in error"),
        ("context_issues",),
        allowed=("admin",),
        prepare=_retire_context_issue,
    ),
    # --- inventory, scope, classification --------------------------------------------------------
    "store.inventory.add_system": WritePath(
        lambda db, a, p: inventory.add_system(db, {"name": "Write-path probe", "owner": OWNER}, a),
        ("ai_systems",),
        owner=OWNER,
    ),
    "store.inventory.update_system": WritePath(
        lambda db, a, p: inventory.update_system(db, SYSTEM_ID, {"description": "probe"}, a),
        ("ai_systems",),
        owner=OWNER,
    ),
    "store.inventory.retire_system": WritePath(
        lambda db, a, p: inventory.retire_system(db, SYSTEM_ID, a), ("ai_systems",), owner=OWNER
    ),
    "store.inventory.restore_system": WritePath(
        lambda db, a, p: inventory.restore_system(db, _retired_system(db), a), ("ai_systems",)
    ),
    "store.inventory.set_scope_decision": WritePath(
        lambda db, a, p: inventory.set_scope_decision(db, SYSTEM_ID, False, "probe", a),
        ("ai_systems",),
        owner=OWNER,
    ),
    "store.classification.save_classification": WritePath(
        lambda db, a, p: classification.save_classification(
            db, SYSTEM_ID, ClassificationAnswers(transparency_50=frozenset()), a
        ),
        ("system_classifications",),
        owner=OWNER,
    ),
    "store.context.save_scope": WritePath(
        lambda db, a, p: context.save_scope(db, {"statement": "Write-path probe scope"}, a),
        ("aims_scope",),
    ),
    "store.regulatory_documents.record_version": WritePath(
        lambda db, a, p: regulatory_documents.record_version(
            db, "SYS-0001", "fria", {"probe": 1}, 0, a
        ),
        ("regulatory_documents",),
    ),
    "store.regulatory_documents.approve": WritePath(
        lambda db, a, p: regulatory_documents.approve(db, p, a),
        ("regulatory_documents",),
        prepare=lambda db: regulatory_documents.record_version(
            db, "SYS-0001", "fria", {"probe": 2}, 0, SYSTEM
        )["id"],
    ),
    "store.certification.save_cycle": WritePath(
        lambda db, a, p: certification.save_cycle(db, {"certification_body": "Probe Ltd"}, a),
        ("certification_cycle",),
    ),
    # --- evidence --------------------------------------------------------------------------------
    "store.evidence.add_document": WritePath(
        lambda db, a, p: evidence.add_document(
            db, DOC, b"# Probe policy\n\nWrite-path probe.\n", "probe.md", VersionDetails("P"), a
        ),
        ("evidence_items",),
    ),
    "store.evidence.add_link": WritePath(
        lambda db, a, p: evidence.add_link(
            db, DOC, "https://intranet.example/probe", VersionDetails("Probe"), a
        ),
        ("evidence_items",),
    ),
    "store.evidence.add_version": WritePath(
        lambda db, a, p: evidence.add_version(
            db, "EV-0001", VersionDetails("Probe"), a, url="https://intranet.example/probe-v2"
        ),
        ("evidence_items",),
    ),
    "store.evidence.set_links": WritePath(
        lambda db, a, p: evidence.set_links(db, "EV-0001", {"clause": ["10.1", "10.2"]}, a),
        ("evidence_items",),
    ),
    "store.evidence.update_item": WritePath(
        lambda db, a, p: evidence.update_item(db, "EV-0001", {"description": "probe"}, a),
        ("evidence_items",),
    ),
    "store.evidence.retire_item": WritePath(
        lambda db, a, p: evidence.retire_item(db, "EV-0001", a), ("evidence_items",)
    ),
    "store.evidence.record_monitoring_evidence": WritePath(
        lambda db, a, p: evidence.record_monitoring_evidence(db, SYSTEM_ID, "MR-999999", "p", a),
        ("evidence_items",),
    ),
    # --- impact assessments ----------------------------------------------------------------------
    "store.impact_assessments.add_assessment": WritePath(
        lambda db, a, p: impact_assessments.add_assessment(
            db, {"title": "Write-path probe assessment", "system_id": SYSTEM_ID}, a
        ),
        ("impact_assessments",),
    ),
    "store.impact_assessments.update_assessment": WritePath(
        lambda db, a, p: impact_assessments.update_assessment(db, "AIIA-0001", {"title": "p"}, a),
        ("impact_assessments",),
    ),
    "store.impact_assessments.retire_assessment": WritePath(
        lambda db, a, p: impact_assessments.retire_assessment(db, "AIIA-0001", a),
        ("impact_assessments",),
    ),
    # --- imports ---------------------------------------------------------------------------------
    "store.importer.import_file": WritePath(
        lambda db, a, p: importer.import_file(
            db, AI_SYSTEM, b"name,owner\nWrite-path probe import,Priya Raman\n", "probe.csv", a
        ),
        ("ai_systems",),
    ),
    "store.importer.import_rows": WritePath(
        lambda db, a, p: importer.import_rows(db, CONTEXT_ISSUE, [ISSUE], a), ("context_issues",)
    ),
    "store.risk_files.import_file": WritePath(
        lambda db, a, p: risk_files.import_file(db, p, "risks.csv", a),
        ("risks",),
        prepare=_risk_file,
    ),
    "store.training.import_people": WritePath(
        lambda db, a, p: training.import_people(db, b"name\nWrite-path Probe\n", "people.csv", a),
        ("people",),
    ),
    "store.training.import_completions": WritePath(
        lambda db, a, p: training.import_completions(
            db,
            f"person_id,course,completed_on\nPER-0001,ai-awareness,{TODAY}\n".encode(),
            "completions.csv",
            a,
        ),
        ("training_completions",),
    ),
    # --- incidents and monitoring ----------------------------------------------------------------
    "store.incidents.add_incident": WritePath(
        lambda db, a, p: incidents.add_incident(
            db,
            {
                "title": "Probe",
                "system_id": SYSTEM_ID,
                "incident_type": "other",
                "detected_on": TODAY,
            },
            a,
        ),
        ("ai_incidents",),
    ),
    "store.incidents.update_incident": WritePath(
        lambda db, a, p: incidents.update_incident(db, "INC-0001", {"actions": "probe"}, a),
        ("ai_incidents",),
    ),
    "store.incidents.record_breaches": WritePath(
        lambda db, a, p: incidents.record_breaches(
            db, SYSTEM_ID, "MR-999999", [BREACH], a, datetime.now()
        ),
        ("ai_incidents",),
    ),
    "store.monitored_models.register_model": WritePath(
        lambda db, a, p: monitored_models.register_model(db, p, a),
        ("monitored_models",),
        prepare=_new_model,
    ),
    "store.monitored_models.update_model": WritePath(
        lambda db, a, p: monitored_models.update_model(db, "MM-0001", {"source_note": "p"}, a),
        ("monitored_models",),
    ),
    "store.monitored_models.retire_model": WritePath(
        lambda db, a, p: monitored_models.retire_model(db, "MM-0001", a), ("monitored_models",)
    ),
    "store.monitoring.start_run": WritePath(
        lambda db, a, p: monitoring.start_run(db, monitored_models.get_model(db, "MM-0001"), a),
        (),  # the running row is progress only; finish_run records the run
    ),
    "store.monitoring.finish_run": WritePath(
        lambda db, a, p: monitoring.finish_run(
            db, p, monitoring.RunOutcome("succeeded", rows_seen=10, rows_used=10), a, 1.0
        ),
        ("monitor_runs",),
        prepare=_started_run,
    ),
    # --- readiness -------------------------------------------------------------------------------
    "store.readiness.save_ratings": WritePath(
        lambda db, a, p: readiness.save_ratings(db, [{"item_id": "A.2.2", "notes": "p"}], a, TODAY),
        ("readiness_items",),
    ),
    "store.readiness.add_action": WritePath(
        lambda db, a, p: readiness.add_action(
            db, {"title": "Probe action", "owner": OWNER, "due_date": TODAY}, a
        ),
        ("remediation_actions",),
    ),
    "store.readiness.update_action": WritePath(
        lambda db, a, p: readiness.update_action(db, "RA-0001", {"notes": "probe"}, a, TODAY),
        ("remediation_actions",),
    ),
    "store.readiness.retire_action": WritePath(
        lambda db, a, p: readiness.retire_action(db, "RA-0001", a), ("remediation_actions",)
    ),
    "store.readiness.create_actions_for_gaps": WritePath(
        lambda db, a, p: readiness.create_actions_for_gaps(db, OWNER, a, TODAY),
        ("remediation_actions",),
    ),
    # --- risks -----------------------------------------------------------------------------------
    "store.risks.save_settings": WritePath(
        lambda db, a, p: risks.save_settings(db, risks.get_settings(db).matrix, 1, a),
        ("app_settings",),
    ),
    "store.risks.insert_risk": WritePath(
        _in_transaction(lambda c, a, p: risks.insert_risk(c, p, a, datetime.now())),
        ("risks",),
        owner=OWNER,
        prepare=_risk_values,
    ),
    "store.risks.change_risk": WritePath(
        _in_transaction(lambda c, a, p: risks.change_risk(c, p, {"title": "p"}, a, datetime.now())),
        ("risks",),
        owner=OWNER,
        prepare=_risk_of_owner,
    ),
    "store.risks.add_risk": WritePath(
        lambda db, a, p: risks.add_risk(db, p, a), ("risks",), owner=OWNER, prepare=_risk_values
    ),
    "store.risks.update_risk": WritePath(
        lambda db, a, p: risks.update_risk(db, p, {"title": "probe"}, a),
        ("risks",),
        owner=OWNER,
        prepare=_risk_of_owner,
    ),
    "store.risks.accept_risk": WritePath(
        lambda db, a, p: risks.accept_risk(db, p, "Chief Risk Officer", TODAY, None, a),
        ("risks",),
        prepare=_risk_of_owner,
    ),
    "store.risks.retire_risk": WritePath(
        lambda db, a, p: risks.retire_risk(db, p, a),
        ("risks",),
        owner=OWNER,
        prepare=_risk_of_owner,
    ),
    # --- statement of applicability ---------------------------------------------------------------
    "store.soa.update_control": WritePath(
        lambda db, a, p: soa.update_control(db, "A.2.2", {"justification": "probe"}, a),
        ("statement_of_applicability",),
    ),
    "store.soa.update_controls": WritePath(
        lambda db, a, p: soa.update_controls(db, {"A.2.3": {"justification": "probe"}}, a),
        ("statement_of_applicability",),
    ),
    "store.soa.set_organisation_name": WritePath(
        lambda db, a, p: soa.set_organisation_name(db, "Probe Organisation", a), ("app_settings",)
    ),
    "store.soa.approve_version": WritePath(
        lambda db, a, p: soa.approve_version(db, "Chief Executive", TODAY, a), ("soa_versions",)
    ),
    # --- training --------------------------------------------------------------------------------
    "store.training.add_person": WritePath(
        lambda db, a, p: training.add_person(db, {"name": "Write-path Probe"}, a), ("people",)
    ),
    "store.training.update_person": WritePath(
        lambda db, a, p: training.update_person(db, "PER-0001", {"job_title": "probe"}, a),
        ("people",),
    ),
    "store.training.retire_person": WritePath(
        lambda db, a, p: training.retire_person(db, "PER-0001", a), ("people",)
    ),
    "store.training.add_completion": WritePath(
        lambda db, a, p: training.add_completion(
            db, {"person_id": "PER-0001", "course": "fairness", "completed_on": TODAY}, a
        ),
        ("training_completions",),
    ),
}


AUDIT = {"title": "Write-path probe audit", "programme_year": TODAY.year, "scope_clauses": ["9.2"]}
NC = {
    "title": "Probe NC",
    "source": "internal audit",
    "grade": "minor",
    "raised_on": TODAY,
    "reference": "9.2",
}
REVIEW = {"title": "Write-path probe review", "review_date": TODAY}
SCORE = ReadinessScore(50.0, 40.0, 1, 2)


def _new_audit(db: Store) -> str:
    return audits.add_audit(db, AUDIT, COMPLIANCE)


def _new_finding(db: Store) -> str:
    values = {
        "audit_id": _new_audit(db),
        "finding_class": "minor",
        "title": "Probe",
        "reference": "9.2",
    }
    return audits.add_finding(db, values, COMPLIANCE)


def _new_nonconformity(db: Store) -> str:
    return nonconformities.raise_nonconformity(db, dict(NC), COMPLIANCE)


def _analysed_nonconformity(db: Store) -> str:
    nc_id = _new_nonconformity(db)
    nonconformities.save_root_cause(db, nc_id, ["Probe why"], "Probe root cause", COMPLIANCE)
    return nc_id


def _new_corrective_action(db: Store) -> str:
    values = {
        "nonconformity_id": _analysed_nonconformity(db),
        "action": "Probe",
        "owner": OWNER,
        "deadline": TODAY,
    }
    return nonconformities.add_action(db, values, COMPLIANCE)


def _renamed_export(export: Callable[[Store], object], column: str) -> Callable[[Store], bytes]:
    def prepare(db: Store) -> bytes:
        frame = export(db)
        frame.loc[frame.index[0], column] = "Write-path probe: renamed by import"
        return to_csv_bytes(frame)

    return prepare


def _new_review(db: Store) -> str:
    return management_review.plan_review(db, dict(REVIEW), COMPLIANCE)


def _new_review_action(db: Store) -> str:
    values = {"review_id": _new_review(db), "action": "Probe action", "owner": OWNER}
    return management_review.add_action(db, values, COMPLIANCE)


def _done_nonconformity(db: Store) -> str:
    """A nonconformity whose only corrective action is done: ready for verification."""
    action_id = _new_corrective_action(db)
    nonconformities.update_action(
        db, action_id, {"status": "done", "done_on": TODAY}, COMPLIANCE, TODAY
    )
    return (
        nonconformities.list_actions(db, TODAY).set_index("id").loc[action_id, "nonconformity_id"]
    )


def _verify(db: Store, nc_id: str, actor: Actor):
    return nonconformities.record_verification(
        db, nc_id, "Verifier Probe", TODAY, "effective", None, actor, TODAY
    )


def _verified_nonconformity(db: Store) -> str:
    nc_id = _done_nonconformity(db)
    _verify(db, nc_id, COMPLIANCE)
    return nc_id


def _breached_run(db: Store) -> str:
    runs = monitoring.list_runs(db)
    return runs.loc[runs["status"] == "breached", "id"].iloc[0]


AUDIT_CYCLE_PATHS: dict[str, WritePath] = {
    "store.audits.save_programme": WritePath(
        lambda db, a, p: audits.save_programme(db, {"year": 2031}, a),
        ("internal_audit_programmes",),
    ),
    "store.audits.add_audit": WritePath(
        lambda db, a, p: audits.add_audit(db, AUDIT, a), ("internal_audits",)
    ),
    "store.audits.update_audit": WritePath(
        lambda db, a, p: audits.update_audit(db, p, {"criteria": "probe"}, a),
        ("internal_audits",),
        prepare=_new_audit,
    ),
    "store.audits.retire_audit": WritePath(
        lambda db, a, p: audits.retire_audit(db, p, a), ("internal_audits",), prepare=_new_audit
    ),
    "store.audits.add_finding": WritePath(
        lambda db, a, p: audits.add_finding(
            db, {"audit_id": p, "finding_class": "minor", "title": "P", "reference": "9.2"}, a
        ),
        ("audit_findings",),
        allowed=("auditor", "compliance_manager"),
        prepare=_new_audit,
    ),
    "store.audits.update_finding": WritePath(
        lambda db, a, p: audits.update_finding(db, p, {"evidence": "probe"}, a),
        ("audit_findings",),
        allowed=("auditor", "compliance_manager"),
        prepare=_new_finding,
    ),
    "store.audits.retire_finding": WritePath(
        lambda db, a, p: audits.retire_finding(db, p, a),
        ("audit_findings",),
        allowed=("auditor", "compliance_manager"),
        prepare=_new_finding,
    ),
    "store.nonconformities.raise_nonconformity": WritePath(
        lambda db, a, p: nonconformities.raise_nonconformity(db, dict(NC), a),
        ("nonconformities",),
    ),
    "store.nonconformities.add_action": WritePath(
        lambda db, a, p: nonconformities.add_action(
            db, {"nonconformity_id": p, "action": "Probe", "owner": OWNER, "deadline": TODAY}, a
        ),
        ("corrective_actions",),
        prepare=_analysed_nonconformity,
    ),
    "store.nonconformities.save_root_cause": WritePath(
        lambda db, a, p: nonconformities.save_root_cause(db, p, ["Why?"], "Root cause", a),
        ("nonconformities",),
        prepare=_new_nonconformity,
    ),
    "store.nonconformities.update_action": WritePath(
        lambda db, a, p: nonconformities.update_action(db, p, {"notes": "probe"}, a, TODAY),
        ("corrective_actions",),
        prepare=_new_corrective_action,
    ),
    "store.nonconformities.raise_from_finding": WritePath(
        lambda db, a, p: nonconformities.raise_from_finding(db, p, a),
        ("nonconformities",),
        prepare=_new_finding,
    ),
    "store.nonconformities.raise_from_incident": WritePath(
        lambda db, a, p: nonconformities.raise_from_incident(db, "INC-0001", "minor", "A.8.4", a),
        ("nonconformities",),
    ),
    "store.incidents.import_incidents": WritePath(
        lambda db, a, p: incidents.import_incidents(db, p, "incidents.csv", a),
        ("ai_incidents",),
        prepare=_renamed_export(incidents.export_incidents, "title"),
    ),
    "store.monitored_models.import_models": WritePath(
        lambda db, a, p: monitored_models.import_models(db, p, "models.csv", a),
        ("monitored_models",),
        prepare=_renamed_export(monitored_models.export_models, "name"),
    ),
    "store.management_review.plan_review": WritePath(
        lambda db, a, p: management_review.plan_review(db, dict(REVIEW), a),
        ("management_reviews",),
    ),
    "store.management_review.update_review": WritePath(
        lambda db, a, p: management_review.update_review(db, p, {"title": "Probe 2"}, a),
        ("management_reviews",),
        prepare=_new_review,
    ),
    "store.management_review.retire_review": WritePath(
        lambda db, a, p: management_review.retire_review(db, p, a),
        ("management_reviews",),
        prepare=_new_review,
    ),
    "store.management_review.add_action": WritePath(
        lambda db, a, p: management_review.add_action(
            db, {"review_id": p, "action": "Probe action", "owner": OWNER}, a
        ),
        ("review_actions",),
        prepare=_new_review,
    ),
    "store.readiness_score.record_snapshot": WritePath(
        lambda db, a, p: readiness_score.record_snapshot(db, date(2001, 1, 1), SCORE, a),
        ("readiness_snapshots",),
    ),
    "store.readiness_score.write_history": WritePath(
        lambda db, a, p: readiness_score.write_history(db, [(date(2001, 1, 2), SCORE)], a),
        ("readiness_snapshots",),
    ),
    "store.management_review.record_meeting": WritePath(
        lambda db, a, p: management_review.record_meeting(
            db, p, {"decisions": "Probe decision"}, a, snapshot={"taken_on": str(TODAY)}
        ),
        ("management_reviews", "review_snapshots"),
        prepare=_new_review,
    ),
    "store.management_review.save_snapshot": WritePath(
        lambda db, a, p: management_review.save_snapshot(db, p, {"taken_on": str(TODAY)}, a),
        ("review_snapshots",),
        prepare=_new_review,
    ),
    "store.management_review.update_action": WritePath(
        lambda db, a, p: management_review.update_action(db, p, {"status": "done"}, a, TODAY),
        ("review_actions",),
        prepare=_new_review_action,
    ),
    "store.nonconformities.record_verification": WritePath(
        lambda db, a, p: _verify(db, p, a), ("nonconformities",), prepare=_done_nonconformity
    ),
    "store.nonconformities.close_nonconformity": WritePath(
        lambda db, a, p: nonconformities.close_nonconformity(db, p, a, TODAY),
        ("nonconformities",),
        prepare=_verified_nonconformity,
    ),
    "store.nonconformities.raise_from_breach": WritePath(
        lambda db, a, p: nonconformities.raise_from_breach(db, p, "minor", "A.6.2.6", a),
        ("nonconformities",),
        prepare=_breached_run,
    ),
}
WRITE_PATHS.update(AUDIT_CYCLE_PATHS)


def _lifecycle_record(db: Store) -> str:
    """A life-cycle record of the ML owner's system (SYS-0001, owned by Priya Raman)."""
    values = {"system_id": SYSTEM_ID, "stage": "event logs", "title": "Write-path probe"}
    return records.add_record(db, LIFECYCLE_RECORD, values, SYSTEM)


SUPPORTING_PATHS = {
    "store.records.add_record": WritePath(
        lambda db, a, p: records.add_record(
            db,
            LIFECYCLE_RECORD,
            {"system_id": SYSTEM_ID, "stage": "requirements", "title": "Probe requirements"},
            a,
        ),
        ("lifecycle_records",),
        owner=OWNER,
    ),
    "store.records.change_record": WritePath(
        lambda db, a, p: records.change_record(
            db, LIFECYCLE_RECORD, p, {"summary": "Probe summary"}, a
        ),
        ("lifecycle_records",),
        owner=OWNER,
        prepare=_lifecycle_record,
    ),
    "store.records.retire_record": WritePath(
        lambda db, a, p: records.retire_record(db, LIFECYCLE_RECORD, p, a),
        ("lifecycle_records",),
        owner=OWNER,
        prepare=_lifecycle_record,
    ),
}
WRITE_PATHS.update(SUPPORTING_PATHS)


def _open_candidate(db: Store) -> str:
    return discovery.open_candidates(db)[0]["id"]


def _probe_scan() -> ScanResult:
    result = ScanResult("code", "write-path-probe")
    result.findings.append(
        Finding(
            "code",
            "write-path-probe",
            "app.py",
            1,
            "py-openai",
            "OpenAI",
            "OpenAI API",
            "api",
            "import openai",
        )
    )
    return result


WRITE_PATHS.update(
    {
        "store.discovery.record_scan": WritePath(
            lambda db, a, p: discovery.record_scan(db, _probe_scan(), a), ("discovery_scans",)
        ),
        "store.discovery.link_candidate": WritePath(
            lambda db, a, p: discovery.link_candidate(db, p, "SYS-0001", a),
            ("discovery_candidates",),
            prepare=_open_candidate,
        ),
        "store.discovery.create_from_candidate": WritePath(
            lambda db, a, p: discovery.create_from_candidate(db, p, a),
            ("ai_systems", "discovery_candidates"),
            prepare=_open_candidate,
        ),
        "store.discovery.dismiss_candidate": WritePath(
            lambda db, a, p: discovery.dismiss_candidate(db, p, "write-path probe", a),
            ("discovery_candidates",),
            prepare=_open_candidate,
        ),
    }
)


def _ai_policy(db: Store) -> str:
    return current_ai_policy(policies.list_policies(db).to_dict("records"))["id"]


def _unread_person(db: Store) -> tuple[str, str]:
    """The AI policy and a person in an AIMS role who has not read its current version."""
    people = policies.acknowledgement_overview(db).status
    unread = people[~people["acknowledged"].astype(bool)]
    return _ai_policy(db), str(unread["person_id"].iloc[0])


GOVERNANCE_PATHS = {
    "store.policies.add_policy": WritePath(
        lambda db, a, p: policies.add_policy(
            db, {"name": "Probe policy", "kind": "AI policy", "owner": OWNER}, a
        ),
        ("policies",),
    ),
    "store.policies.approve_version": WritePath(
        lambda db, a, p: policies.approve_version(db, p, "9.9", "Chief Executive", TODAY, a),
        ("policies",),
        prepare=_ai_policy,
    ),
    "store.policies.acknowledge": WritePath(
        lambda db, a, p: policies.acknowledge(db, p[0], p[1], a, TODAY),
        ("policy_acknowledgements",),
        prepare=_unread_person,
    ),
    "store.objectives.add_objective": WritePath(
        lambda db, a, p: objectives.add_objective(db, {"name": "Probe objective"}, a),
        ("objectives",),
    ),
    "store.objectives.record_measurements": WritePath(
        lambda db, a, p: objectives.record_measurements(db, TODAY + timedelta(days=1), a),
        ("objective_measurements",),
    ),
}
WRITE_PATHS.update(GOVERNANCE_PATHS)

EXEMPT = {
    "store.audit_trail.append": "the recorder itself; every caller checks access before it",
    "store.importer.may_import": "asks whether the actor may import; it writes nothing",
    "store.supporting_registers.change_refusal": "says why the actor may not; writes nothing",
    "store.policies.person_of": "finds the signed-in person in the training register; a read",
}


def _import_order(name: str) -> tuple[int, str]:
    """``__main__`` runs the command line; modules that others import lazily come last."""
    return (name in ("check_loaders", "__main__"), name)


def write_functions() -> set[str]:
    """Every public function in store/*.py that takes an ``actor``: the store's write paths."""
    found = set()
    names = [m.name for m in pkgutil.iter_modules(store.__path__) if m.name != "__main__"]
    names = [n for n in names if n != "demo"]
    modules = [importlib.import_module("store." + n) for n in sorted(names, key=_import_order)]
    for loaded in modules:
        for name, fn in vars(loaded).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ == loaded.__name__ and "actor" in inspect.signature(fn).parameters:
                found.add(f"{loaded.__name__}.{name}")
    return found


def fingerprint(db: Store) -> dict:
    """Each table's row count and content hash, and the evidence files on disk."""
    state = {}
    with db.connect() as connection:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        ]
        for table in tables:
            state[table] = connection.execute(
                f'SELECT count(*), coalesce(sum(hash(t)), 0) FROM "{table}" t'
            ).fetchone()
    files = db.files_dir
    state["files"] = sorted(p.name for p in files.rglob("*")) if files.exists() else []
    return state


def test_every_write_function_has_an_entry():
    missing = write_functions() - set(WRITE_PATHS) - set(EXEMPT)
    assert not missing, f"add a WritePath for each new write function: {sorted(missing)}"
    stale = set(WRITE_PATHS) - write_functions()
    assert not stale, f"entries for functions that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(WRITE_PATHS))
def test_write_path_refuses_other_roles_and_changes_nothing(demo_db, name):
    path = WRITE_PATHS[name]
    prepared = path.prepare(demo_db)
    before = fingerprint(demo_db)
    refused = [role for role in DENIED_ACTORS if role not in path.allowed]
    for role in refused:
        with pytest.raises(AccessDenied):
            path.call(demo_db, DENIED_ACTORS[role], prepared)
    assert fingerprint(demo_db) == before, f"{name} as one of {refused} changed the store"
    actor = PERMITTED_ACTORS[path.allowed[0]]
    path.call(demo_db, actor, prepared)
    assert fingerprint(demo_db) != before, f"{name} as {path.allowed[0]} wrote nothing"


OWNED = sorted(name for name, path in WRITE_PATHS.items() if path.owner)


@pytest.mark.parametrize("name", OWNED)
def test_ml_owner_may_write_their_own_system_and_risks(demo_db, name):
    path = WRITE_PATHS[name]
    prepared = path.prepare(demo_db)
    before = fingerprint(demo_db)
    path.call(demo_db, Actor(path.owner, ("ml_owner",)), prepared)
    assert fingerprint(demo_db) != before


def test_ml_owner_runs_the_monitor_of_their_own_system(demo_db):
    owner = Actor(_model_owner(demo_db), ("ml_owner",))
    run_id = monitoring.start_run(demo_db, monitored_models.get_model(demo_db, "MM-0001"), owner)
    outcome = monitoring.RunOutcome("succeeded", rows_seen=10, rows_used=10)
    monitoring.finish_run(demo_db, run_id, outcome, owner, 1.0, evidence=False)
    with pytest.raises(AccessDenied):
        monitoring.start_run(
            demo_db, monitored_models.get_model(demo_db, "MM-0001"), DENIED_ACTORS["ml_owner"]
        )


def test_ml_owner_runs_a_breaching_monitor_of_their_own_system(demo_db):
    owner = Actor(_model_owner(demo_db), ("ml_owner",))
    run_id = monitoring.start_run(demo_db, monitored_models.get_model(demo_db, "MM-0001"), owner)
    outcome = monitoring.RunOutcome("breached", rows_seen=10, rows_used=10, breaches=[BREACH])
    assert monitoring.finish_run(demo_db, run_id, outcome, owner, 1.0)
