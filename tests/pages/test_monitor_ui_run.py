"""A monitor run started from the Monitoring page runs in its own process: the dashboard process
never imports Evidently or fairlearn (a 4-7 s import, and monitors/ is their only user)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from store import monitoring

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json, os, sys
os.environ["AIMS_DB"] = sys.argv[1]
from streamlit.testing.v1 import AppTest
app = AppTest.from_file("app.py", default_timeout=120)
app.run()
app.switch_page("pages/monitor/monitoring.py")
app.run()
model = app.selectbox(key="mon-model").value
app.button(key="mon-run").click().run()
assert not app.exception, [e.value for e in app.exception]
heavy = ("evidently", "fairlearn", "monitors.drift", "monitors.fairness", "monitors.jobs")
print(json.dumps({"pid": os.getpid(), "model": model,
                  "imported": sorted(m for m in heavy if m in sys.modules)}))
"""


def test_run_started_on_the_page_happens_in_a_subprocess(demo_db):
    before = set(monitoring.list_runs(demo_db)["id"])
    page = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(demo_db.path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert page.returncode == 0, page.stderr[-2000:]
    shown = json.loads(page.stdout.strip().splitlines()[-1])
    assert shown["imported"] == []

    deadline = time.monotonic() + 300
    while True:  # the job outlives the page's script; wait for its result
        runs = monitoring.list_runs(demo_db)
        new = runs[~runs["id"].isin(before)]
        if len(new) and not (new["status"] == "running").any():
            break
        assert time.monotonic() < deadline, new[["id", "status", "progress_message"]]
        time.sleep(1)
    assert len(new) == 1
    run = new.iloc[0]
    assert run["model_id"] == shown["model"]
    assert run["status"] in ("succeeded", "breached"), run["failure_reason"]
    assert run["pid"] != shown["pid"]  # computed by another process than the dashboard's
    assert len(monitoring.run_metrics(demo_db, run["id"])) == run["metric_count"] > 0
