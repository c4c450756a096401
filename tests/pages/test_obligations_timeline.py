"""EU AI Act obligations by role and application date, and the timeline page."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from risk_model.obligations_timeline import (
    application_dates,
    due_next,
    high_risk_track,
    system_obligations,
    track_titles,
)
from store import obligations

DATES = (
    Path(__file__).resolve().parents[2] / "risk_model" / "data" / "eu_ai_act_application_dates.tsv"
)


def _dates(system: dict) -> dict[tuple[str, str], date]:
    return {(o.role, o.article): o.applies_from for o in system_obligations(system)}


def test_the_dates_come_from_one_file():
    with DATES.open(encoding="utf-8", newline="") as handle:
        rows = {r["track"]: r for r in csv.DictReader(handle, delimiter="\t")}
    assert rows["annex_iii"]["applies_from"] == "2027-12-02"
    assert rows["annex_iii"]["original_date"] == "2026-08-02"
    assert rows["annex_i"]["applies_from"] == "2028-08-02"
    assert "Digital Omnibus" in rows["annex_iii"]["source"]
    assert {d.track for d in application_dates()} == set(rows)


def test_annex_iii_provider_and_deployer_obligations():
    credit = {
        "id": "S1",
        "eu_ai_act_tier": "high",
        "eu_ai_act_basis": "Annex III 5(b), creditworthiness",
        "ai_roles": ["producer"],
    }
    found = _dates(credit)
    assert found[("provider", "Art. 9")] == date(2027, 12, 2)
    assert found[("provider", "Art. 5")] == date(2025, 2, 2)
    assert ("deployer", "Art. 26") not in found
    used = _dates({**credit, "ai_roles": ["customer"]})
    assert used[("deployer", "Art. 26")] == used[("deployer", "Art. 27")] == date(2027, 12, 2)
    assert ("provider", "Art. 9") not in used
    assert high_risk_track("high", "Annex III 5(b), creditworthiness") == "annex_iii"


def test_annex_i_products_apply_later_and_transparency_on_its_own_date():
    product = {
        "id": "S2",
        "eu_ai_act_tier": "high",
        "ai_roles": ["provider"],
        "eu_ai_act_basis": "Art. 6(1), Annex I product safety component",
    }
    assert _dates(product)[("provider", "Art. 11")] == date(2028, 8, 2)
    chatbot = {
        "id": "S3",
        "eu_ai_act_tier": "limited",
        "ai_roles": ["provider"],
        "eu_ai_act_basis": "Art. 50(1), interacts directly with natural persons",
    }
    found = _dates(chatbot)
    assert found[("provider", "Art. 50")] == date(2026, 8, 2)
    assert ("provider", "Art. 9") not in found


def test_due_next_is_the_next_date_after_today():
    credit = {
        "id": "S1",
        "eu_ai_act_tier": "high",
        "eu_ai_act_basis": "Annex III 4(a), recruitment",
        "ai_roles": ["customer"],
    }
    items = system_obligations(credit)
    nxt = due_next(items, date(2026, 12, 3))
    assert {o.applies_from for o in nxt} == {date(2027, 12, 2)}
    assert "Art. 26" in {o.article for o in nxt}
    assert due_next(items, date(2029, 1, 1)) == []


def test_the_page_shows_what_is_due_next(monkeypatch, demo_db):
    from tests.pages.test_overview_readiness import metric, open_page

    today = date.today()
    frame = obligations.estate_obligations(demo_db)
    upcoming = frame[frame["applies_from"] > today]
    first = upcoming["applies_from"].min()
    high = frame[frame["track"] == "annex_iii"]["system_id"].nunique()
    assert high >= 5
    app = open_page(monkeypatch, demo_db, "pages/eu_ai_act/obligations.py")
    assert metric(app, "Next application date").value == f"{first:%Y-%m-%d}"
    affected = upcoming[upcoming["applies_from"] == first]["system_id"].nunique()
    assert metric(app, "Systems affected then").value == str(affected)
    assert any(
        "Due next on" in i.value or "already applies" in i.value for i in [*app.info, *app.success]
    )
    estate = app.dataframe[0].value
    assert set(estate["track"]) <= set(track_titles().values())
    assert "High-risk systems (Annex III)" in set(estate["track"])
    assert not {"annex_iii", "annex_i", "post-market"} & set(estate["track"])


def test_every_track_has_a_title():
    titles = track_titles()
    assert set(titles) == {d.track for d in application_dates()}
    assert all(title and "_" not in title for title in titles.values())
