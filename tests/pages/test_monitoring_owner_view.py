"""Monitoring for ML owners (issue 15 item 9): drift ranked against thresholds, fairness in
words with its history per group, runs linked from incidents, the report from a kept file."""

from __future__ import annotations

import re
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from charts.monitoring import DRIFTED, feature_drift_ranking, group_rate_trend
from risk_model.fairness_findings import fairness_findings
from store import monitoring, report_cache
from ui.monitoring_widgets import report_html
from ui.report_frame import REPORT_SANDBOX, sandboxed_page

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def latest_finished(db, model_id: str) -> str:
    runs = monitoring.list_runs(db, model_id=model_id)
    return runs[runs["status"].isin(["succeeded", "breached"])].iloc[0]["id"]


def test_features_are_ranked_by_drift_against_their_threshold(demo_db):
    metrics = monitoring.run_metrics(demo_db, latest_finished(demo_db, "MM-0001"))
    scores = metrics[metrics["metric"] == "drift_score"]
    figure = feature_drift_ranking(metrics)
    (bars,) = figure.data
    expected = (scores["value"] / scores["threshold"]).tolist()  # all distances in the demo
    assert sorted(bars.x) == sorted(expected)
    assert list(bars.x) == sorted(bars.x)  # drawn bottom-up: the worst feature on top
    by_name = dict(zip(scores["column_name"], scores["breached"], strict=True))
    for name, colour in zip(bars.y, bars.marker.color, strict=True):
        assert (colour == DRIFTED) == bool(by_name[name])
    assert f"{int(scores['breached'].sum())} of {len(scores)} drifted" in figure.layout.title.text
    assert figure.layout.shapes[0].x0 == 1  # the threshold line


def test_fairness_names_the_disadvantaged_group_how_much_and_since_when(demo_db):
    history = monitoring.metric_history(demo_db, "MM-0001")
    findings = {f.attribute: f for f in fairness_findings(history)}
    run_id = latest_finished(demo_db, "MM-0001")
    rates = history[
        (history["run_id"] == run_id)
        & (history["attribute"] == "colour")
        & (history["metric"] == "selection_rate")
    ].set_index("group_name")["value"]
    colour = findings["colour"]
    assert (colour.disadvantaged, colour.advantaged) == (rates.idxmin(), rates.idxmax())
    assert colour.gap_points == round((rates.max() - rates.min()) * 100, 1)
    # since when: the oldest run of the unbroken series of breaching runs up to the latest
    summary = history[
        (history["attribute"] == "colour")
        & history["group_name"].isna()
        & history["metric"].isin(
            [
                "demographic_parity_difference",
                "demographic_parity_ratio",
                "equalized_odds_difference",
            ]
        )
    ]
    per_run = (
        summary.assign(hit=summary["breached"].fillna(False).astype(bool))
        .groupby(["started_at", "run_id"])["hit"]
        .any()
        .sort_index(ascending=False)
    )
    streak = per_run.cumprod().astype(bool)
    assert colour.breaching_runs == int(streak.sum())
    assert colour.since == streak[streak].index[-1][0].date()
    sentence = colour.sentence()
    assert f"{rates.idxmin()} is disadvantaged" in sentence
    assert f"{rates.min():.0%}" in sentence and f"{rates.max():.0%}" in sentence
    assert f"since {colour.since:%d %b %Y}" in sentence
    figure = group_rate_trend(history, "colour")
    assert sorted(t.name for t in figure.data) == sorted(rates.index)


def test_the_fairness_tab_says_it_in_words(monkeypatch, demo_db):
    monkeypatch.setenv("AIMS_DB", str(demo_db.path))
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page("pages/monitor/monitoring.py")
    app.query_params["run"] = "MR-000003"  # an old run of another model, as from an incident
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    model = monitoring.get_run(demo_db, "MR-000003")["model_id"]
    assert app.selectbox(key="mon-model").value == model
    history = monitoring.metric_history(demo_db, model)
    sentences = [re.sub(r"\\(.)", r"\1", e.value) for e in (*app.warning, *app.success)]
    for finding in fairness_findings(history):
        assert finding.sentence() in sentences


def test_the_report_frame_cannot_reach_the_dashboard():
    hostile = '<script>var d = {"v": "</script><script>parent.document.title=\'x\'</script>"}'
    page = sandboxed_page(hostile)
    (sandbox,) = re.findall(r'sandbox="([^"]*)"', page)
    assert sandbox == REPORT_SANDBOX and "allow-same-origin" not in sandbox
    assert "allow-top-navigation" not in sandbox
    assert "<script" not in page  # the report is an escaped attribute, not markup


def test_a_report_is_kept_and_reopens_in_under_five_seconds(demo_db):
    run_id = latest_finished(demo_db, "MM-0002")
    assert report_cache.kept_report(demo_db, run_id) is None
    html, error = report_html(demo_db, run_id, keep=False)  # Evidently, in a subprocess
    assert not error and "<html" in html.lower()
    assert report_cache.report_file(demo_db, run_id).read_text(encoding="utf-8") == html
    started = time.perf_counter()
    again, error = report_html(demo_db, run_id, keep=False)
    assert time.perf_counter() - started < 5 and again == html and not error
