"""The Nonconformities page on the demo store: the gate, overdue flags, 5 Whys, closing."""

from __future__ import annotations

from datetime import date

from store import nonconformities as ncs
from tests.pages.page_runs import run_page


def _sql(db, query: str, params=()):
    with db.connect() as connection:
        return connection.execute(query, list(params)).fetchall()


def test_gate_and_overdue_flags_match_the_data(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/audit/nonconformities.py")
    assert app.title[0].value == "Nonconformities and corrective actions"
    majors = _sql(
        demo_db,
        "SELECT id FROM nonconformities WHERE grade = 'major'"
        " AND status NOT IN ('closed', 'retired')",
    )
    planless = _sql(
        demo_db,
        "SELECT n.id FROM nonconformities n WHERE n.grade = 'minor' AND n.status NOT IN"
        " ('closed', 'retired') AND NOT EXISTS (SELECT 1 FROM corrective_actions a WHERE"
        " a.nonconformity_id = n.id AND a.owner IS NOT NULL AND a.deadline IS NOT NULL"
        " AND a.status NOT IN ('cancelled', 'retired'))",
    )
    assert app.error[0].value == (
        f"Not ready for the external audit: {len(majors)} open major nonconformity,"
        f" {len(planless)} minor without a plan."
    )
    blocking = app.dataframe[0].value
    assert set(blocking["id"]) == {r[0] for r in majors + planless}
    overdue = _sql(
        demo_db,
        "SELECT id, nonconformity_id FROM corrective_actions WHERE deadline"
        " < current_date AND status IN ('planned', 'in progress')",
    )
    assert app.warning[0].value == f"1 corrective action(s) overdue: {overdue[0][0]}."
    listed = app.dataframe[1].value.set_index("id")
    assert listed.loc[overdue[0][1], "flag"] == "⚠ 1 overdue"
    assert len(listed) == len(
        _sql(
            demo_db,
            "SELECT id FROM nonconformities WHERE status"
            " IN ('open', 'action planned', 'awaiting verification')",
        )
    )


def test_close_button_explains_then_the_flow_closes(monkeypatch, demo_db):
    today = date.today()
    app = run_page(monkeypatch, demo_db, "pages/audit/nonconformities.py")
    nc_id = _sql(demo_db, "SELECT id FROM nonconformities WHERE source = 'incident'")[0][0]
    app.selectbox(key="nc-pick").set_value(nc_id).run()
    assert "Answer at least the first why." in app.info[0].value
    app.button(key=f"nc-close-{nc_id}").click().run()
    assert f"{nc_id} cannot close yet" in app.error[-1].value
    next(t for t in app.text_input if t.label == "Why 1").input("AUC alert had no owner")
    next(t for t in app.text_area if t.label == "Root cause").input("Alerts not routed")
    app.button(key=f"FormSubmitter:nc-whys-{nc_id}-Save root cause").click().run()
    next(t for t in app.text_input if t.label == "Action").input("Route alerts to the owner")
    next(t for t in app.text_input if t.label == "Action owner").input("Laura Chen")
    next(d for d in app.date_input if d.label == "Deadline").set_value(today)
    app.button(key=f"FormSubmitter:nc-action-{nc_id}-Add action").click().run()
    app.button(key=f"nc-mark-{nc_id}").click().run()
    assert ncs.get_nonconformity(demo_db, nc_id)["status"] == "awaiting verification"
    next(t for t in app.text_input if t.label == "Verified by").input("Oliver Grant")
    next(d for d in app.date_input if d.label == "Verified on").set_value(today)
    app.button(key=f"FormSubmitter:nc-verify-{nc_id}-Record verification").click().run()
    app.button(key=f"nc-close-{nc_id}").click().run()
    assert not app.exception
    assert ncs.get_nonconformity(demo_db, nc_id)["status"] == "closed"
    assert app.success[-1].value.startswith("Closed on")
