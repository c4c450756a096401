"""The Monitoring and AI incidents pages show the store's values and never import Evidently."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from charts import monitoring as charts
from store import incidents, monitoring
from tests.pages.page_runs import run_page

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def test_tiles_and_trends_show_the_latest_runs(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/monitor/monitoring.py")
    latest = monitoring.latest_runs(demo_db)
    tiles = {m.label: m.value for m in app.metric}
    for row in latest.itertuples():
        assert row.status in tiles[f"{row.system_name} · {row.model_name}"]
    stale = latest[latest["stale"]]
    assert len(stale) == 1
    assert any(stale.iloc[0]["model_name"] in w.value for w in app.warning)
    model_id = app.selectbox(key="mon-model").value
    history = monitoring.metric_history(demo_db, model_id)
    share = history[history["metric"] == "drifted_share"]
    figure = charts.drift_share_trend(history)
    assert list(figure.data[0].y) == share.sort_values("started_at")["value"].tolist()
    assert len(app.get("plotly_chart")) >= 3
    runs = next(f.value for f in app.dataframe if "effective_status" in f.value.columns)
    assert list(runs["id"]) == monitoring.list_runs(demo_db, model_id=model_id)["id"].tolist()


def test_incidents_page_shows_counts_and_the_art73_clock(monkeypatch, demo_db):
    app = run_page(monkeypatch, demo_db, "pages/monitor/incidents.py")
    log = incidents.list_incidents(demo_db)
    open_log = log[log["status"].isin(["open", "investigating", "mitigated"])]
    values = {m.label: m.value for m in app.metric}
    assert values["Open incidents"] == str(len(open_log))
    assert values["From monitor breaches"] == str(int(open_log["breach_key"].notna().sum()))
    serious = log[log["serious"]].iloc[0]
    assert any(serious["id"] in e.value and "Art. 73(2)" in e.value for e in app.error)


def test_pages_do_not_import_evidently(demo_db):
    script = (
        "import os, sys\n"
        f"os.environ['AIMS_DB'] = {str(demo_db.path)!r}\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"app = AppTest.from_file({APP!r}, default_timeout=60)\n"
        "app.run()\n"
        "for page in ('pages/monitor/monitoring.py', 'pages/monitor/incidents.py'):\n"
        "    app.switch_page(page)\n"
        "    app.run()\n"
        "    assert not app.exception, page\n"
        "print('evidently' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False"


def _many_models_script():
    import pandas as pd

    from ui.monitoring_widgets import show_latest

    statuses = ["succeeded", "breached", "failed", None] * 10
    show_latest(
        pd.DataFrame(
            {
                "system_name": [f"System {i}" for i in range(40)],
                "model_name": [f"Model {i}" for i in range(40)],
                "status": statuses,
                "run_id": [f"RUN-{i}" if s else None for i, s in enumerate(statuses)],
                "started_at": pd.Timestamp("2026-11-01"),
                "rows_seen": 100.0,
                "rows_used": 90.0,
                "stale": [i % 3 == 0 for i in range(40)],
                "stale_after_days": 7,
                "days_since_run": 9,
                "failure_reason": None,
            }
        )
    )


def test_many_models_are_counted_and_tabled_not_tiled():
    app = AppTest.from_function(_many_models_script, default_timeout=30).run()
    assert not app.exception, [e.value for e in app.exception]
    values = {m.label: m.value for m in app.metric}
    assert values == {
        "Monitored models": "40",
        "✅ Succeeded": "10",
        "⚠️ Breached": "10",
        "❌ Failed": "10",
        "Stale": str(len([i for i in range(40) if i % 3 == 0])),
    }
    (table,) = [f.value for f in app.dataframe]
    assert len(table) == 40 and table["stale"].iloc[:14].all()  # the stale ones first
    assert (table["status"] == "no run yet").sum() == 10
    assert len(app.warning) == 12 + 1  # twelve named, then how many more
    assert "2 more stale models" in app.warning[-1].value
