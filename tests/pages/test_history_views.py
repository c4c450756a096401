"""Each record a page edits has a History view (7.5.3): a change made through the store shows
in the History expander of that record, with who made it, the field, and old -> new."""

from __future__ import annotations

from datetime import date

import pandas as pd
from streamlit.testing.v1 import AppTest

from risk_model.access import Actor
from store import audit_trail, audits, context, management_review, readiness, records, training
from store import nonconformities as ncs
from tests.pages.page_runs import run_page

EDITOR = Actor("Hannah Historian", ("compliance_manager",))
WHO = "Hannah Historian (compliance_manager)"


def history_table(app: AppTest, record_id: str) -> pd.DataFrame:
    """The table of the one History expander that is about ``record_id``."""
    about = f"recorded changes to {record_id}, newest first."
    (history,) = [
        e
        for e in app.expander
        if e.label == "History" and any(c.value.endswith(about) for c in e.caption)
    ]
    return history.dataframe[0].value


def assert_change_shown(app, db, entity: str, record_id: str, field: str, old, new: str) -> None:
    """The trail holds the editor's change of ``field`` from ``old`` to ``new``, and the
    History of the record shows every row of the trail, that change among them."""
    trail = audit_trail.record_history(db, entity, record_id)
    mine = trail[(trail["actor"] == EDITOR.name) & (trail["field"] == field)]
    assert mine[["action", "old_value", "new_value"]].values.tolist() == [["update", old, new]]
    table = history_table(app, record_id)
    assert len(table) == len(trail)
    shown = table[(table["Who"] == WHO) & (table["Field"] == field)]
    assert shown[["Action", "Change"]].values.tolist() == [["update", f"{old or '—'} → {new}"]]
    assert table.iloc[-1]["Action"] == "create"  # oldest last: the record's creation


def pick(app: AppTest, key: str, record_id: str) -> None:
    app.selectbox(key=key).set_value(record_id).run()
    assert not app.exception, [e.value for e in app.exception]


def test_audit_programme_audit_and_finding(monkeypatch, demo_db):
    programme = audits.list_programmes(demo_db).set_index("id").loc["AP-0001"]
    audits.save_programme(demo_db, {"year": int(programme["year"]), "owner": "Ines Ortiz"}, EDITOR)
    old_lead = audits.get_audit(demo_db, "IA-0001")["lead_auditor"]
    audits.update_audit(demo_db, "IA-0001", {"lead_auditor": "Quentin Auditor"}, EDITOR)
    old_title = audits.get_finding(demo_db, "AF-0002")["title"]
    audits.update_finding(demo_db, "AF-0002", {"title": "TalentMatch DPIA is stale"}, EDITOR)

    app = run_page(monkeypatch, demo_db, "pages/audit/audits.py")
    pick(app, "history-pick-internal_audit_programmes", "AP-0001")
    pick(app, "ia-audit", "IA-0001")
    pick(app, "history-pick-audit_findings-IA-0001", "AF-0002")

    entity = "internal_audit_programmes"
    assert_change_shown(app, demo_db, entity, "AP-0001", "owner", programme["owner"], "Ines Ortiz")
    assert old_lead and old_lead != "Quentin Auditor"
    assert_change_shown(
        app, demo_db, "internal_audits", "IA-0001", "lead_auditor", old_lead, "Quentin Auditor"
    )
    assert_change_shown(
        app, demo_db, "audit_findings", "AF-0002", "title", old_title, "TalentMatch DPIA is stale"
    )


def test_nonconformity_and_corrective_action(monkeypatch, demo_db):
    nc = ncs.get_nonconformity(demo_db, "NC-0001")
    new_root = "Monitoring was never part of the go-live checklist."
    ncs.save_root_cause(demo_db, "NC-0001", list(nc["whys"]), new_root, EDITOR)
    ncs.update_action(demo_db, "CA-0002", {"owner": "Olga Owner"}, EDITOR, date.today())

    app = run_page(monkeypatch, demo_db, "pages/audit/nonconformities.py")
    pick(app, "nc-pick", "NC-0001")
    pick(app, "history-pick-corrective_actions-NC-0001", "CA-0002")

    assert nc["root_cause"] and nc["root_cause"] != new_root
    assert_change_shown(
        app, demo_db, "nonconformities", "NC-0001", "root_cause", nc["root_cause"], new_root
    )
    assert_change_shown(
        app, demo_db, "corrective_actions", "CA-0002", "owner", "Martin Vogel", "Olga Owner"
    )


def test_management_review_and_review_action(monkeypatch, demo_db):
    old_chair = management_review.get_review(demo_db, "MR-0001")["chair"]
    management_review.update_review(demo_db, "MR-0001", {"chair": "Carla Chair"}, EDITOR)
    management_review.update_action(demo_db, "MRA-0005", {"owner": "Otto Owner"}, EDITOR)

    app = run_page(monkeypatch, demo_db, "pages/audit/management_review.py")
    pick(app, "review-choice", "MR-0001")
    pick(app, "history-pick-review_actions-MR-0001", "MRA-0005")

    assert old_chair and old_chair != "Carla Chair"
    assert_change_shown(
        app, demo_db, "management_reviews", "MR-0001", "chair", old_chair, "Carla Chair"
    )
    assert_change_shown(
        app, demo_db, "review_actions", "MRA-0005", "owner", "Stefan Krüger", "Otto Owner"
    )


def test_context_issue_and_interested_party(monkeypatch, demo_db):
    issues = context.list_records(demo_db, context.CONTEXT_ISSUE).set_index("id")
    parties = context.list_records(demo_db, context.INTERESTED_PARTY).set_index("id")
    issue, party = issues.index[2], parties.index[3]
    records.change_record(
        demo_db, context.CONTEXT_ISSUE, issue, {"title": "Rates stay high"}, EDITOR
    )
    records.change_record(
        demo_db, context.INTERESTED_PARTY, party, {"name": "Works council (EU)"}, EDITOR
    )

    app = run_page(monkeypatch, demo_db, "pages/context/context.py")
    assert not [e for e in app.expander if e.label == "History"]  # nothing picked yet
    pick(app, "history-pick-context_issues", issue)
    pick(app, "history-pick-interested_parties", party)

    old_title, old_name = issues.at[issue, "title"], parties.at[party, "name"]
    assert_change_shown(
        app, demo_db, "context_issues", issue, "title", old_title, "Rates stay high"
    )
    assert_change_shown(
        app, demo_db, "interested_parties", party, "name", old_name, "Works council (EU)"
    )


def test_person_and_training_completion(monkeypatch, demo_db):
    person = training.list_people(demo_db).set_index("id").loc["PER-0003"]
    training.update_person(demo_db, "PER-0003", {"unit": "Model Risk Office"}, EDITOR)
    row = training.export_completions(demo_db).set_index("id").loc["TRN-0002"]
    csv = (
        "id,person_id,course,completed_on,score\n"
        f"TRN-0002,{row['person_id']},{row['course']},{row['completed_on']},55\n"
    )
    done = training.import_completions(demo_db, csv.encode(), "completions.csv", EDITOR)
    assert (done.created, done.updated) == (0, 1)

    app = run_page(monkeypatch, demo_db, "pages/controls/training.py")
    pick(app, "history-pick-people", "PER-0003")
    pick(app, "history-pick-training_completions", "TRN-0002")

    assert person["unit"] != "Model Risk Office"
    assert_change_shown(
        app, demo_db, "people", "PER-0003", "unit", person["unit"], "Model Risk Office"
    )
    assert row["score"] == 75.0
    assert_change_shown(app, demo_db, "training_completions", "TRN-0002", "score", "75.0", "55.0")


def test_scope_statement(monkeypatch, demo_db):
    scope = context.get_scope(demo_db)
    fields = ("statement", "business_activities", "locations", "departments", "exclusions")
    values = {k: scope[k] for k in fields} | {"locations": "Frankfurt, Dublin and Lisbon"}
    context.save_scope(demo_db, values, EDITOR)

    app = run_page(monkeypatch, demo_db, "pages/context/scope.py")

    assert scope["locations"] != values["locations"]
    assert_change_shown(
        app, demo_db, "aims_scope", "1", "locations", scope["locations"], values["locations"]
    )


def test_readiness_item(monkeypatch, demo_db):
    item = readiness.assessment(demo_db).set_index("item_id").loc["4.2"]
    note = "Interested parties re-mapped after the reorganisation."
    assert readiness.save_ratings(
        demo_db, [{"item_id": "4.2", "notes": note}], EDITOR, date.today()
    )

    app = run_page(monkeypatch, demo_db, "pages/audit/readiness.py")
    pick(app, "history-pick-readiness_items-clause", "4.2")

    assert item["notes"] != note
    assert_change_shown(app, demo_db, "readiness_items", "4.2", "notes", item["notes"], note)


def test_remediation_action(monkeypatch, demo_db):
    readiness.update_action(demo_db, "RA-0002", {"owner": "Rita Remedy"}, EDITOR, date.today())

    app = run_page(monkeypatch, demo_db, "pages/audit/roadmap.py")
    pick(app, "rm-action", "RA-0002")

    assert_change_shown(
        app, demo_db, "remediation_actions", "RA-0002", "owner", "Dr. Hannah Weiss", "Rita Remedy"
    )


def test_record_labels_name_each_record_by_id_and_title():
    from ui.history import record_labels

    frame = pd.DataFrame({"id": ["A-1", "A-2"], "name": ["Ann", None], "year": [2026, 2027]})
    assert record_labels(frame, "name", "year") == {
        "A-1": "A-1 · Ann, 2026",
        "A-2": "A-2 · —, 2027",
    }
    assert record_labels(frame.iloc[:0], "name") == {}
