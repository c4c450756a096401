"""The Internal audits page on the demo store: programme, audits, independence and findings."""

from __future__ import annotations

from datetime import date

from tests.pages.page_runs import metric, run_page


def test_audits_page_shows_the_programme_and_the_completed_audit(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/audit/audits.py")
    assert app.title[0].value == "Internal audits"
    with demo_db.connect() as connection:
        last, audit_id = connection.execute(
            "SELECT end_date, id FROM internal_audits WHERE status = 'completed'"
        ).fetchone()
        found = connection.execute(
            "SELECT count(*) FROM audit_findings WHERE finding_class IN ('major', 'minor')"
        ).fetchone()[0]
    assert metric(app, "Last completed audit") == str(last)
    assert metric(app, "Nonconformities found") == str(found)
    assert sorted(app.dataframe[0].value["year"]) == [last.year, date.today().year + 1]
    app.selectbox(key="ia-year").set_value(last.year).run()
    audit_row = app.dataframe[1].value.set_index("id").loc[audit_id]
    assert (audit_row["findings_major"], audit_row["findings_minor"]) == (1, 2)
    app.selectbox(key="ia-audit").set_value(audit_id).run()
    assert not app.exception
    assert app.success[0].value.startswith("Independence: no auditor owns")
    findings = app.dataframe[2].value
    assert sorted(findings["class_label"]) == sorted(
        [
            "Major nonconformity",
            "Minor nonconformity",
            "Minor nonconformity",
            "Observation",
            "Opportunity for improvement",
            "Opportunity for improvement",
        ]
    )
    assert findings["nonconformity_id"].notna().sum() == 3


def test_planned_audit_warns_that_an_auditor_owns_systems_in_scope(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/audit/audits.py")
    with demo_db.connect() as connection:
        audit_id = connection.execute(
            "SELECT id FROM internal_audits WHERE status = 'planned'"
        ).fetchone()[0]
    app.selectbox(key="ia-audit").set_value(audit_id).run()
    warning = app.warning[0].value
    assert "an auditor may not audit an area they own" in warning
    assert "Grace Holm owns Claims document extraction" in warning
    assert "Grace Holm owns systems in Property & Casualty" in warning


def test_auditor_adds_a_finding_from_the_page(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/audit/audits.py")
    with demo_db.connect() as connection:
        audit_id = connection.execute(
            "SELECT id FROM internal_audits WHERE status = 'completed'"
        ).fetchone()[0]
    app.selectbox(key="ia-audit").set_value(audit_id).run()
    form = f"ia-finding-{audit_id}"
    finding_input = next(t for t in app.text_input if t.label == "Finding")
    finding_input.input("Training records for two data scientists missing")
    next(s for s in app.selectbox if s.label == "Class").set_value("minor")
    next(s for s in app.selectbox if s.label == "Clause or control").set_value("7.2")
    app.button(key=f"FormSubmitter:{form}-Add finding").click().run()
    assert not app.exception
    with demo_db.connect() as connection:
        row = connection.execute(
            "SELECT finding_class, reference FROM audit_findings WHERE title LIKE 'Training%'"
        ).fetchone()
    assert row == ("minor", "7.2")
