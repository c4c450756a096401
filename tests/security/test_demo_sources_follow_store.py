"""Issue 14 item 15: a demo store copied (or restored) under another name still finds its
monitored models' data: sources name the store's own files folder, not its file name."""

from __future__ import annotations

import shutil

from monitors.jobs import run_monitor
from risk_model.access import SYSTEM
from store import Store, monitored_models, monitoring


def test_a_copied_demo_store_runs_its_monitors(demo_template, tmp_path):
    target = tmp_path / "restored-copy.duckdb"
    shutil.copy(demo_template, target)
    files = demo_template.with_name(demo_template.stem + ".files")
    shutil.copytree(files, target.with_name(target.stem + ".files"))
    shutil.rmtree(files.with_name(files.name + ".moved"), ignore_errors=True)
    files.rename(files.with_name(files.name + ".moved"))  # the original's files are gone
    try:
        db = Store(target)
        models = monitored_models.list_models(db)
        file_models = [m for m in models if not m["reference_source"].startswith("query:")]
        assert file_models
        for model in file_models:
            assert demo_template.stem not in model["reference_source"]
            runs = monitoring.list_runs(db, model["id"])
            as_of = runs[runs["status"] != "failed"]["started_at"].max().to_pydatetime()
            result = run_monitor(
                db, model["id"], SYSTEM, as_of=as_of, with_report=False, evidence=False
            )
            assert result.status in ("succeeded", "breached"), result.failure_reason
    finally:
        files.with_name(files.name + ".moved").rename(files)
