"""The vectorised register (``risk_derivation.derive_frame``, set-based ``list_risks``) against
the row-wise definition it replaces: ``risk_register.derive`` over ``version_rows``/``fit_to``."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pandas as pd
import pytest

from risk_model.risk_derivation import DERIVED_COLUMNS, derive_frame
from risk_model.risk_matrix import DEFAULT_MATRIX, standard_matrix
from risk_model.risk_register import derive, mit_domain_of
from store import risks
from ui.risk_widgets import cell_counts

TODAY = date(2026, 6, 15)
STATUSES = ["open", "in_treatment", "accepted", "closed", "retired"]


def random_rows(matrix, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        lik, sev = rng.randint(1, matrix.likelihood.size), rng.randint(1, matrix.severity.size)
        assessed = rng.random() < 0.7
        as_text = rng.random() < 0.3  # snapshots hold dates as text

        def pick(chance: float, as_text: bool = as_text) -> date | str | None:
            if rng.random() >= chance:
                return None
            day = TODAY + timedelta(days=rng.randint(-400, 200))
            return day.isoformat() if as_text else day

        rows.append(
            {
                "id": f"RSK-{i:04d}",
                "inherent_likelihood": lik,
                "inherent_severity": sev,
                "residual_likelihood": rng.randint(1, lik) if assessed else None,
                "residual_severity": rng.randint(1, sev) if assessed else None,
                "treatment": rng.choice([None, "", "mitigate", "accept", "transfer", "avoid"]),
                "control_ids": rng.choice([[], ["A.6.2.6"], None]),
                "status": rng.choice(STATUSES),
                "accepted_by": rng.choice([None, "", "  ", "Chief Risk Officer"]),
                "accepted_on": pick(0.6),
                "acceptance_expires": pick(0.5),
                "treatment_due": pick(0.7),
                "treatment_status": rng.choice([None, "planned", "in_progress", "done"]),
            }
        )
    return rows


@pytest.mark.parametrize(("size", "appetite", "seed"), [(5, 2, 1), (5, 0, 2), (4, 1, 3), (3, 1, 4)])
def test_derive_frame_equals_the_row_wise_derive(size, appetite, seed):
    matrix = standard_matrix(size)
    rows = random_rows(matrix, 400, seed)
    frame = derive_frame(pd.DataFrame(rows), matrix, appetite, TODAY)
    assert list(frame.columns[-len(DERIVED_COLUMNS) :]) == list(DERIVED_COLUMNS)
    for row, got in zip(rows, frame.to_dict("records"), strict=True):
        expected = derive(row, matrix, appetite, TODAY)
        for column in DERIVED_COLUMNS:
            value = got[column]
            value = (
                None if value is pd.NA or (isinstance(value, float) and value != value) else value
            )
            assert value == expected[column], (row["id"], column)


def test_derive_frame_without_flags_and_empty():
    rows = random_rows(DEFAULT_MATRIX, 50, 9)
    slim = derive_frame(pd.DataFrame(rows), DEFAULT_MATRIX, 2, TODAY, flags=False)
    assert "flags" not in slim and "unjustified_reduction" not in slim
    empty = derive_frame(pd.DataFrame(columns=list(rows[0])), DEFAULT_MATRIX, 2, TODAY)
    assert empty.empty and set(DERIVED_COLUMNS) <= set(empty.columns)


def row_wise_register(db, as_of: date | None, today: date) -> dict[str, dict]:
    """The register as the original row-wise implementation built it."""
    with db.connect() as connection:
        settings = risks.get_settings_in(connection)
        if as_of is None:
            rows = risks._current_rows(connection, include_retired=True)
        else:
            rows = [risks.fit_to(r, settings.matrix) for r in risks.version_rows(connection, as_of)]
        systems = connection.execute("SELECT id, name, business_unit FROM ai_systems").fetchall()
    names, units = {s[0]: s[1] for s in systems}, {s[0]: s[2] for s in systems}
    out = {}
    for row in rows:
        row = derive(row, settings.matrix, settings.appetite_index, as_of or today)
        ids = list(row.get("system_ids") or [])
        row["systems"] = ", ".join(names.get(i, i) for i in ids)
        row["business_units"] = sorted({units[i] for i in ids if units.get(i)})
        row["mit_domain"] = mit_domain_of(row.get("mit_subdomain"))
        out[row["id"]] = row
    return out


def same(value, expected) -> bool:
    if value is None or expected is None:
        return value is None and expected is None
    if isinstance(expected, str) and hasattr(value, "year"):
        return str(value)[: len(expected)] == expected[: len(str(value))]
    return value == expected or str(value) == str(expected)


@pytest.mark.parametrize("days_ago", [None, 40, 120])
def test_list_risks_equals_the_row_wise_register(demo_db, days_ago):
    today = date.today()
    as_of = None if days_ago is None else today - timedelta(days=days_ago)
    expected = row_wise_register(demo_db, as_of, today)
    shown = risks.list_risks(demo_db, risks.RiskFilter(include_retired=True), as_of, today)
    assert list(shown["id"]) == sorted(expected)
    compared = [*DERIVED_COLUMNS, "systems", "business_units", "mit_domain", "status", "title"]
    compared += ["inherent_likelihood", "residual_severity", "treatment_due", "system_ids"]
    for row in shown.to_dict("records"):
        for column in compared:
            assert same(row[column], expected[row["id"]].get(column)), (row["id"], column)
    live = risks.list_risks(demo_db, as_of=as_of, today=today)
    assert set(live["id"]) == {i for i, r in expected.items() if r["effective_status"] != "retired"}


def test_filters_and_ids_match_a_filter_of_the_whole_register(demo_db):
    whole = risks.list_risks(demo_db)
    unit = next(u for units in whole["business_units"] for u in units)
    owner = next(o for o in whole["owner"] if o)
    where = risks.RiskFilter(business_units=(unit,), mit_domains=("7", "2"), owners=(owner,))
    expected = whole[
        whole["business_units"].map(lambda u: unit in u)
        & whole["mit_domain"].isin(["7", "2"])
        & (whole["owner"] == owner)
    ]
    assert list(risks.list_risks(demo_db, where)["id"]) == list(expected["id"])
    some = tuple(whole["id"].iloc[[3, 1, 7]])
    assert list(risks.list_risks(demo_db, risks.RiskFilter(ids=some))["id"]) == sorted(some)


def test_risk_levels_and_cell_counts_match_the_register(demo_db):
    whole = risks.list_risks(demo_db).set_index("id")
    levels = risks.risk_levels(demo_db).set_index("id")
    assert list(levels.index) == list(whole.index)
    for column in ("current_level", "above_appetite", "treatment_overdue", "effective_status"):
        assert levels[column].tolist() == whole[column].tolist()
    inherent, residual = risks.heatmap_points(whole.reset_index())
    expected = Counter(("inherent", lik, sev) for _, lik, sev in inherent)
    expected.update(("residual", lik, sev) for _, lik, sev in residual)
    assert cell_counts(levels.reset_index()) == expected
