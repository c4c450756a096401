"""The management review pack: a PDF opened with pypdf, its text checked against the store."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from commands.store_cli import main
from reports.exports import review_pack
from risk_model.checks import CHECKS
from risk_model.management_review import PACK_SECTIONS
from store import checks, management_review, nonconformities


def _text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"[ \t]+", " ", text)


@pytest.fixture(scope="module")
def planned_pack(demo_template):
    from store import Store

    db = Store(demo_template)
    today = date.today()
    return db, review_pack(db, today), today


def test_pack_has_every_section_and_the_real_figures(planned_pack):
    db, data, today = planned_pack
    reader, text = _text(data)
    assert data.startswith(b"%PDF") and len(reader.pages) > 1
    for number, (title, _) in enumerate(PACK_SECTIONS, start=1):
        assert f"{number}. {title}" in text
    planned = management_review.next_planned_review(db, today)
    assert f"Meeting date {planned['review_date']:%Y-%m-%d}" in text
    last = management_review.last_review_date(db, today)
    assert f"Last management review {last:%Y-%m-%d}" in text
    open_ncs = nonconformities.open_nonconformities(db, today)
    assert f"Open nonconformities {len(open_ncs)}" in text
    found = checks.findings_frame(db, today)
    assert f"Pre-audit checks: major findings {int((found['severity'] == 'major').sum())}" in text
    most = found.groupby(["check_id", "reference", "severity"]).size().sort_values().index[-1]
    title = CHECKS[most[0]][0]
    count = int((found[["check_id", "reference", "severity"]] == list(most)).all(axis=1).sum())
    assert re.search(
        rf"{most[2]} {re.escape(most[1])} {re.escape(title[:20])}.*? {count}\b", text, re.S
    )
    actions = management_review.list_actions(db, today)
    overdue = int((actions["state"] == "overdue").sum())
    assert f"Overdue actions from previous reviews {overdue}" in text
    for owner in actions["owner"]:
        assert owner in text
    assert "Minutes of the meeting" not in text  # the planned meeting has not been held


def test_pack_contains_the_charts_as_images(planned_pack):
    _, data, _ = planned_pack
    reader = PdfReader(io.BytesIO(data))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) >= 2  # the heatmaps then and now, and the levels chart
    assert all(image.image.size[0] > 500 for image in images)


def test_held_review_pack_prints_minutes_decisions_and_actions(demo_db):
    today = date.today()
    held = management_review.list_reviews(demo_db).query("status == 'held'").iloc[0]
    _, text = _text(review_pack(demo_db, today, held["id"]))
    assert "Minutes of the meeting" in text and "Decisions (9.3.3)" in text
    assert "reinsurance capital models stay excluded" in text
    own = management_review.list_actions(demo_db, today, review_id=held["id"])
    for action_id in own["id"]:
        assert action_id in text


def test_cli_writes_the_pack(demo_db, tmp_path, capsys):
    target = tmp_path / "pack.pdf"
    held = management_review.list_reviews(demo_db).query("status == 'held'").iloc[0]
    args = ["export", "review-pack", "--db", str(demo_db.path), "--output", str(target)]
    assert main([*args, "--review", held["id"]]) == 0
    reader, text = _text(target.read_bytes())
    assert len(reader.pages) > 1 and held["title"] in text
    assert main([*args, "--review", "MR-9999"]) == 2
    assert "no management review MR-9999" in capsys.readouterr().err


def test_pack_d1_to_d3_show_trends_effectiveness_and_external_audits(planned_pack):
    import duckdb

    db, data, today = planned_pack
    _, text = _text(data)
    since = management_review.last_review_date(db, today)
    with duckdb.connect(str(db.path), read_only=True) as con:
        since_raised = con.execute(
            "SELECT count(*) FROM nonconformities WHERE status <> 'retired' AND raised_on >= ?"
            " AND raised_on <= ?",
            [since, today],
        ).fetchone()[0]
        effective = con.execute(
            "SELECT count(*) FROM nonconformities WHERE verification_result = 'effective'"
            " AND verified_on >= ?",
            [since],
        ).fetchone()[0]
        runs = con.execute(
            "SELECT m.name, count(*) FROM monitor_runs r JOIN monitored_models m"
            " ON m.id = r.model_id WHERE r.status IN ('succeeded', 'breached')"
            " AND r.started_at >= ? AND m.status = 'active' GROUP BY m.name ORDER BY 2 DESC",
            [since],
        ).fetchall()
    assert "9.3.2 d.1 trend" in text
    assert re.search(rf"since the last review {since_raised}\b", text)
    assert f"since the last review: {effective} verified effective" in text
    assert "9.3.2 d.2 trend" in text
    name, count = runs[0]
    assert re.search(rf"{re.escape(name[:15])}.*? {count}\b", text, re.S)
    assert "9.3.2 d.3 external audit results" in text


# --- A board paper (issue 15 item 11) -----------------------------------------------------------

FOOTER = re.compile(r"Management review pack — .*Page \d+ of \d+")


def test_the_executive_summary_comes_first(planned_pack):
    from store import certification, readiness_score, risks

    db, data, today = planned_pack
    reader, text = _text(data)
    first = reader.pages[0].extract_text()
    for heading in ("Executive summary", "Verdict:", "Decisions needed", "Top risks"):
        assert heading in first
    assert text.index("Executive summary") < text.index("Headline figures")
    assert text.index("Executive summary") < text.index(f"1. {PACK_SECTIONS[0][0]}")
    score = readiness_score.current_score(db, today)
    event = certification.next_certification_event(db, today)
    ready = score.score >= 80 and score.checks_major == 0
    assert f"Verdict: {'Ready' if ready else 'Not ready'}" in first
    assert f"{event[0]} on {event[1]:%d %b %Y} ({event[2]} days away)" in re.sub(r"\s+", " ", first)
    register = risks.list_risks(db, today=today)
    above = register[register["above_appetite"].astype(bool)]
    worst = above.sort_values(["current_level_index", "id"], ascending=[False, True]).head(5)
    shown = re.findall(r"\bRSK-\d{4}\b", first)
    assert shown == list(worst["id"])
    assert f"Top risks ({len(above)} above appetite)" in first


def test_one_readiness_figure_throughout(planned_pack):
    from store import readiness_score

    db, data, today = planned_pack
    _, text = _text(data)
    expected = f"{readiness_score.current_score(db, today).score:.0f}/100"
    figures = set(re.findall(r"\b\d{1,3} ?/ ?100\b", text))
    assert figures == {expected}, figures
    assert not re.search(r"[Rr]eadiness[^\n.]*\d+ ?%", text)  # no second, percent readiness
    assert "mean maturity" not in text.lower() or "of 5" in text  # maturity only as 0-5 levels


def test_no_true_or_false_and_no_chart_alone_on_a_page(planned_pack):
    _, data, _ = planned_pack
    reader, text = _text(data)
    assert not re.search(r"\b(True|False)\b", text)
    assert re.search(r"\bYes\b|\bNo\b", text)
    for number, page in enumerate(reader.pages, start=1):
        if page.images:
            words = FOOTER.sub("", page.extract_text()).split()
            assert len(words) >= 12, f"page {number} is a chart with hardly any text"


def test_level_bars_stay_apart_in_greyscale_with_room_for_axis_titles():
    from charts.review import level_bars

    figure = level_bars({"Low": 4, "High": 6}, {"Low": 30, "High": 14})
    before, now = figure.data

    def luminance(hex_colour: str) -> float:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    assert abs(luminance(before.marker.color) - luminance(now.marker.color)) > 100
    assert before.marker.pattern.shape and not now.marker.pattern.shape
    assert list(before.text) == ["4", "6"] and list(now.text) == ["30", "14"]
    assert figure.layout.yaxis.automargin and figure.layout.xaxis.automargin
    assert figure.layout.margin.l >= 60 and figure.layout.margin.b >= 60
    assert figure.layout.yaxis.range[1] > 30  # the labels above the tallest bar fit


def test_pack_pages_render_to_images(planned_pack, tmp_path):
    """With poppler's pdftoppm (Debian poppler-utils) every page renders to a non-blank PNG."""
    import shutil
    import subprocess

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    _, data, _ = planned_pack
    (tmp_path / "pack.pdf").write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", "-gray", str(tmp_path / "pack.pdf"), str(tmp_path / "p")],
        check=True,
        timeout=300,
    )
    from PIL import Image

    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(data)).pages)
    for png in pages:
        low, high = Image.open(png).convert("L").getextrema()
        assert high - low > 100, png.name  # ink on paper, not a blank page
