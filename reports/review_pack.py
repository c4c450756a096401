"""The management review pack (ISO/IEC 42001 9.3): a PDF of the compiled 9.3.2 inputs, with the
charts as images, ready to print or project; once the meeting is held, its minutes,
decisions and actions follow."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from charts.review import heatmap_then_and_now, level_bars
from reports.pdf_tables import PackPdf
from reports.pdf_text import unicode_font_path
from reports.review_summary import READY_SCORE, executive_summary, readiness_text
from risk_model.management_review import PACK_SECTIONS, REVIEW_INPUTS, level_counts
from risk_model.objectives import MEASURES, shown
from store.risks import heatmap_points

if TYPE_CHECKING:
    from store.review_inputs import ReviewInputs

TITLE = "Management review pack"
MAX_ROWS = 40
"""Rows shown per table; the pack says how many more there are."""


def _day(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _rows(frame: pd.DataFrame | None, columns: list[str]) -> list[list[object]]:
    if frame is None or frame.empty:
        return []
    present = [c for c in columns if c in frame.columns]
    out = frame[present].head(MAX_ROWS).astype(object).where(frame[present].notna(), None)
    return [[_value(v) for v in r] for r in out.values]


def _value(value: object) -> object:
    """A cell as a reader writes it: dates as days, booleans as Yes/No."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "Yes" if value else "No"
    return _day(value) if isinstance(value, date | pd.Timestamp) else value


def _more(pdf: PackPdf, frame: pd.DataFrame | None) -> None:
    if frame is not None and len(frame) > MAX_ROWS:
        pdf.paragraph(f"… and {len(frame) - MAX_ROWS} more (see the dashboard).", 9)


def review_pack_pdf(
    inputs: ReviewInputs,
    own_actions: pd.DataFrame | None = None,
    risks: pd.DataFrame | None = None,
    next_audit: tuple[str, date, int] | None = None,
) -> bytes:
    """The pack for ``inputs.review`` (or for no particular meeting): a board paper whose
    first page is the executive summary (readiness verdict against ``next_audit``, the worst
    of ``risks`` above appetite, the decisions needed); ``own_actions`` are the actions
    decided at that review, printed after its minutes."""
    review = inputs.review or {}
    when = _day(review.get("review_date")) or inputs.today.isoformat()
    title = review.get("title") or "AIMS management review"
    pdf = PackPdf(f"{TITLE} — {title} — {when}", unicode_font_path())
    pdf.set_title(pdf.text_for(f"{TITLE}: {title} ({when})"))
    _cover(pdf, title, when)
    _summary(pdf, executive_summary(inputs.figures, risks, next_audit))
    _details(pdf, inputs, when)
    _headlines(pdf, inputs)
    _actions(pdf, inputs)
    _changes(pdf, inputs)
    _heatmap(pdf, inputs)
    _monitoring(pdf, inputs)
    _audits(pdf, inputs)
    _supporting_records(pdf, inputs)
    _readiness(pdf, inputs)
    _governance(pdf, inputs)
    _opportunities(pdf, inputs)
    if review.get("status") == "held":
        _meeting(pdf, review, own_actions)
    return bytes(pdf.output())


def _cover(pdf: PackPdf, title: str, when: str) -> None:
    """A short title block: the executive summary follows on the same page."""
    pdf.add_page()
    pdf.set_font(pdf.font_name, "B", 20)
    pdf.cell(0, 11, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.font_name, "", 12)
    line = f"{title} · meeting date {when} · ISO/IEC 42001:2023 clause 9.3"
    pdf.multi_cell(0, 6.5, pdf.text_for(line), align="C", new_x="LMARGIN", new_y="NEXT")


def _details(pdf: PackPdf, inputs: ReviewInputs, when: str) -> None:
    review = inputs.review or {}
    pdf.heading("The meeting", 13, new_page=True)
    since = inputs.since.isoformat() if inputs.since else "none (first review)"
    details = [
        ("Meeting date", when),
        ("Status", review.get("status") or "inputs compiled, no meeting chosen"),
        ("Chair", review.get("chair") or ""),
        ("Attendees", ", ".join(review.get("attendees") or [])),
        (
            "Period covered",
            f"{_day(review.get('period_start'))} to {_day(review.get('period_end'))}",
        ),
        ("Inputs compiled on", inputs.today.isoformat()),
        ("Last management review", since),
    ]
    pdf.table(["Item", "Value"], details, (25, 75))


def _summary(pdf: PackPdf, summary) -> None:
    """The executive summary, on the first page under the title block."""
    pdf.heading("Executive summary", 15)
    pdf.set_font(pdf.font_name, "B", 12)
    verdict = pdf.text_for(f"Verdict: {summary.verdict}")
    pdf.multi_cell(0, 6, verdict, new_x="LMARGIN", new_y="NEXT")
    pdf.paragraph(summary.verdict_text, 11)
    pdf.heading("Decisions needed", 12)
    for number, decision in enumerate(summary.decisions, start=1):
        pdf.paragraph(f"{number}. {decision}", 10)
    pdf.heading(f"Top risks ({summary.risks_above_appetite} above appetite)", 12)
    pdf.table(["Risk", "Title", "Residual level", "Owner"], summary.top_risks, (10, 60, 12, 18))


def _headlines(pdf: PackPdf, inputs: ReviewInputs) -> None:
    figures = inputs.figures
    pdf.heading("Headline figures", 13)
    rows = [
        ("Open actions from previous reviews", figures["open_actions"]),
        ("Overdue actions from previous reviews", figures["overdue_actions"]),
        ("Changes in context and scope", figures["context_changes"]),
        ("Risks above appetite (now)", figures["above_appetite"]),
        ("Risks above appetite (at the last review)", figures["above_appetite_at_last_review"]),
        ("Open AI incidents", figures["open_incidents"]),
        ("Open nonconformities", figures["open_nonconformities"]),
        ("Open major nonconformities", figures["open_major_nonconformities"]),
        ("Pre-audit checks: major findings", figures["checks_major"]),
        ("Pre-audit checks: minor findings", figures["checks_minor"]),
        ("Readiness score", readiness_text(figures.get("readiness_score"))),
        ("AI found by discovery since the last review", figures.get("ai_discovered")),
        ("... of which not yet catalogued or dismissed", figures.get("ai_discovered_open")),
    ]
    pdf.table(["Figure", "Value"], [(k, "—" if v is None else v) for k, v in rows], (60, 40))
    pdf.heading("Inputs the review must consider (9.3.2)", 13)
    pdf.table(
        ["Item", "ISO/IEC 42001:2023 9.3.2"], [(i.item, i.wording) for i in REVIEW_INPUTS], (10, 90)
    )
    pdf.table(["Section of this pack", "9.3.2 items"], PACK_SECTIONS, (60, 40))


def _actions(pdf: PackPdf, inputs: ReviewInputs) -> None:
    s = inputs.action_summary
    pdf.heading(f"1. {PACK_SECTIONS[0][0]}", new_page=True)
    pdf.paragraph(f"{s.total} actions: {s.done} done, {s.open} open, of which {s.overdue} overdue.")
    columns = ["id", "review_date", "action", "owner", "deadline", "state", "done_on"]
    headers = ["Action", "Review", "What", "Owner", "Deadline", "State", "Done on"]
    pdf.table(headers, _rows(inputs.actions, columns), (9, 10, 42, 13, 10, 8, 8))
    _more(pdf, inputs.actions)


def _changes(pdf: PackPdf, inputs: ReviewInputs) -> None:
    pdf.heading(f"2. {PACK_SECTIONS[1][0]}")
    if inputs.last_review is None:
        pdf.paragraph("No earlier management review: the whole context is new to the review.")
        return
    pdf.paragraph(
        f"Compared with the inputs frozen at the review of {inputs.since:%Y-%m-%d}: "
        f"{len(inputs.changes)} change(s)."
    )
    rows = [(c.area, c.change, c.record_id, c.label) for c in inputs.changes]
    pdf.table(["Area", "Change", "Record", "Title"], rows, (22, 10, 12, 56))
    trail = inputs.context_trail
    if len(trail):
        counts = trail.groupby(["entity", "action"]).size().reset_index(name="records")
        pdf.paragraph("Audit-trail entries since the last review (records changed):", 9.5)
        pdf.table(["Register", "Action", "Records"], counts.values.tolist(), (40, 30, 30))


def _heatmap(pdf: PackPdf, inputs: ReviewInputs) -> None:
    settings, matrix = inputs.settings, inputs.settings.matrix
    pdf.heading(f"3. {PACK_SECTIONS[2][0]}", new_page=True)
    _, now = heatmap_points(inputs.risks_now) if len(inputs.risks_now) else ([], [])
    before = None
    if inputs.risks_before is not None:
        frame = inputs.risks_before
        before = heatmap_points(frame)[1] if len(frame) else []
    then_title = f"Residual risk at the last review ({inputs.since})"
    fig = heatmap_then_and_now(
        matrix,
        before,
        now,
        then_title,
        f"Residual risk now ({inputs.today})",
        settings.appetite_index,
    )
    fig.update_layout(width=1300, height=520, margin={"l": 110, "r": 40, "t": 70, "b": 110})
    pdf.figure(fig, width_mm=265)
    pdf.paragraph(
        f"Each cell counts the residual risks at that likelihood and severity; the thick line "
        f"is the risk appetite ({settings.appetite_name}). Above appetite now: "
        f"{inputs.figures['above_appetite']}; at the last review: "
        f"{_or_dash(inputs.figures['above_appetite_at_last_review'])}.",
        10,
    )
    # The levels table and its chart share a page of their own (never a chart page alone).
    pdf.heading("Residual risk levels: at the last review and now", 13, new_page=True)
    levels_now = level_counts(matrix, now)
    levels_before = level_counts(matrix, before) if before is not None else None
    rows = [
        (name, "—" if levels_before is None else levels_before[name], levels_now[name])
        for name in levels_now
    ]
    rows.append(
        (
            "Above appetite",
            _or_dash(inputs.figures["above_appetite_at_last_review"]),
            inputs.figures["above_appetite"],
        )
    )
    pdf.table(["Residual level", "At the last review", "Now"], rows, (40, 30, 30))
    bars = level_bars(levels_before, levels_now)
    bars.update_layout(width=1000, height=380)
    pdf.figure(bars, width_mm=150)


def _or_dash(value: object) -> object:
    return "—" if value is None else value


def _monitoring(pdf: PackPdf, inputs: ReviewInputs) -> None:
    pdf.heading(f"4. {PACK_SECTIONS[3][0]}", new_page=True)
    runs = inputs.monitoring.copy()
    runs["breach_count"] = [
        len(json.loads(b)) if isinstance(b, str) else 0 for b in runs["breaches"]
    ]
    f = inputs.figures
    pdf.paragraph(
        f"{f['monitored_models']} monitored models; {f['breached_models']} with a breach in the "
        f"latest run; {f['stale_models']} stale. {f['incidents']} incidents open or detected "
        f"since the last review, {f['open_incidents']} still open."
    )
    columns = ["model_name", "system_name", "status", "started_at", "breach_count", "stale"]
    headers = ["Model", "AI system", "Latest run", "Run at", "Breaches", "Stale"]
    pdf.table(headers, _rows(runs, columns), (18, 30, 12, 16, 10, 8))
    columns = ["id", "title", "system_name", "severity", "status", "detected_on", "serious"]
    headers = ["Incident", "Title", "AI system", "Severity", "Status", "Detected", "Serious"]
    pdf.table(headers, _rows(inputs.incidents, columns), (9, 36, 22, 9, 9, 9, 6))
    _more(pdf, inputs.incidents)
    if inputs.trends is not None:
        pdf.paragraph("9.3.2 d.2 trend: finished monitor runs since the last review:", 10)
        columns = ["model_name", "system_name", "runs", "breached_runs"]
        columns += ["first_status", "latest_status"]
        headers = ["Model", "AI system", "Runs", "Breached runs", "First", "Latest"]
        pdf.table(headers, _rows(inputs.trends.monitor_trend, columns), (20, 30, 8, 12, 12, 12))
        _more(pdf, inputs.trends.monitor_trend)


def _audits(pdf: PackPdf, inputs: ReviewInputs) -> None:
    pdf.heading(f"5. {PACK_SECTIONS[4][0]}", new_page=True)
    f = inputs.figures
    pdf.paragraph(
        f"{f['audits']} internal audit(s) completed since the last review. "
        f"{f['open_nonconformities']} open nonconformities, {f['open_major_nonconformities']} major."
    )
    columns = [
        "id",
        "title",
        "end_date",
        "findings_major",
        "findings_minor",
        "observations",
        "opportunities",
    ]
    headers = ["Audit", "Title", "Completed", "Major", "Minor", "Observations", "Opportunities"]
    pdf.table(headers, _rows(inputs.audits, columns), (9, 40, 11, 8, 8, 12, 12))
    columns = [
        "id",
        "title",
        "grade",
        "reference",
        "status",
        "opened_on",
        "has_plan",
        "overdue_actions",
    ]
    headers = ["NC", "Title", "Grade", "Clause or control", "Status", "Opened", "Plan", "Overdue"]
    pdf.table(headers, _rows(inputs.nonconformities, columns), (8, 36, 8, 12, 10, 10, 7, 9))
    _more(pdf, inputs.nonconformities)
    if inputs.trends is not None:
        _trends(pdf, inputs.trends)


def _trends(pdf: PackPdf, trends) -> None:
    """9.3.2 d.1 trend and corrective-action effectiveness; d.3 external audit results."""
    pdf.paragraph("9.3.2 d.1 trend: nonconformities raised and closed:", 10)
    rows = _rows(trends.nonconformity_trend, ["period", "raised", "closed", "major"])
    pdf.table(["Period", "Raised", "Closed", "Major"], rows, (40, 20, 20, 20))
    e = trends.effectiveness
    pdf.paragraph(
        f"Corrective-action effectiveness (10.2) since the last review: {e['effective']} verified "
        f"effective, {e['not effective']} not effective; {e['awaiting']} awaiting verification."
    )
    pdf.paragraph("9.3.2 d.3 external audit results (certification body):", 10)
    rows = _rows(trends.external_audits, ["audit", "held_on"])
    pdf.table(["External audit", "Held on"], rows or [["none since the last review", ""]], (60, 40))
    columns = ["id", "title", "grade", "source", "status", "raised_on"]
    headers = ["NC", "Finding", "Grade", "Source", "Status", "Raised"]
    pdf.table(headers, _rows(trends.external_findings, columns), (8, 40, 8, 16, 14, 12))


def _readiness(pdf: PackPdf, inputs: ReviewInputs) -> None:
    pdf.heading(f"6. {PACK_SECTIONS[5][0]}", new_page=True)
    r, f = inputs.readiness, inputs.figures
    pdf.paragraph(
        f"Readiness score {readiness_text(f.get('readiness_score'))} (ready at {READY_SCORE} "
        f"with no major finding open): the self-assessment of {r.assessed} of {r.items} items, "
        f"less a penalty for each open pre-audit finding ({f['checks_major']} major, "
        f"{f['checks_minor']} minor)."
    )
    if len(r.by_clause):
        rows = [
            (g, t, "not assessed" if v is None or pd.isna(v) else f"{v * 5:.1f} of 5")
            for g, t, v in r.by_clause[["group", "group_title", "readiness"]].values
        ]
        pdf.table(["Clause", "Title", "Mean maturity"], rows, (15, 60, 25))
    pdf.paragraph("Pre-audit findings per check (each finding is listed on the dashboard):", 10)
    columns = ["severity", "reference", "check", "findings"]
    pdf.table(
        ["Severity", "Clause or control", "Check", "Findings"],
        _rows(inputs.checks, columns),
        (10, 16, 62, 12),
    )
    _more(pdf, inputs.checks)


def _objective_row(objective: dict) -> tuple:
    measure = objective["measure"]
    known = measure in MEASURES
    return (
        objective["id"],
        objective["name"],
        shown(measure, objective["latest_value"]) if known else "no measure",
        shown(measure, objective["target"]) if known else "—",
        _day(objective["due_date"]),
        "behind" if objective["behind"] else "on track",
    )


def _governance(pdf: PackPdf, inputs: ReviewInputs) -> None:
    """AI objectives (9.3.2 d), the AI policy read, and policies and procedures due."""
    found = inputs.governance
    if found is None:
        return
    pdf.paragraph("AI objectives and how far they are met (6.2):", 10)
    rows = [_objective_row(o) for o in found.objectives.to_dict("records")[:MAX_ROWS]]
    headers = ["Objective", "Title", "Now", "Target", "Due", "Status"]
    pdf.table(headers, rows, (10, 44, 12, 12, 12, 10))
    read = "—" if found.ai_policy_read is None else f"{found.ai_policy_read:.0%}"
    pdf.paragraph(
        f"AI policy version {found.ai_policy_version or '—'}: read by {read} of the people in "
        f"AIMS roles (7.3). Policies past their review: {len(found.policies_due)}; "
        f"procedures not under control (7.5.3): {len(found.documents_uncontrolled)}."
    )


def _opportunities(pdf: PackPdf, inputs: ReviewInputs) -> None:
    pdf.heading(f"7. {PACK_SECTIONS[6][0]}", new_page=True)
    pdf.paragraph("Opportunities for improvement raised by internal audits:", 10)
    rows = _rows(inputs.opportunities, ["id", "title", "reference", "raised_on"])
    pdf.table(["Finding", "Opportunity", "Clause or control", "Raised on"], rows, (10, 60, 15, 15))
    pdf.paragraph("Readiness gaps (maturity below target), highest priority first:", 10)
    gaps = sorted(inputs.readiness.gaps, key=lambda g: (g.priority != "high", g.item_id))
    rows = [(g.item_id, g.title, g.maturity, g.target, g.priority) for g in gaps[:MAX_ROWS]]
    pdf.table(["Item", "Title", "Maturity", "Target", "Priority"], rows, (10, 60, 10, 10, 10))


def _meeting(pdf: PackPdf, review: dict, own_actions: pd.DataFrame | None) -> None:
    pdf.heading("Minutes of the meeting", new_page=True)
    pdf.paragraph(review.get("minutes") or "No minutes recorded.")
    pdf.heading("Decisions (9.3.3)", 13)
    pdf.paragraph(review.get("decisions") or "No decisions recorded.")
    pdf.heading("Actions decided", 13)
    columns = ["id", "action", "owner", "deadline", "status", "done_on"]
    headers = ["Action", "What", "Owner", "Deadline", "Status", "Done on"]
    pdf.table(headers, _rows(own_actions, columns), (9, 50, 15, 10, 8, 8))


def _supporting_records(pdf: PackPdf, inputs: ReviewInputs) -> None:
    """Suppliers, datasets and life-cycle records: what is held and what the checks find."""
    frame = inputs.supporting_records
    if frame is None:
        return
    pdf.heading("Suppliers, data and life-cycle records (9.3.2 b, d)", 13)
    pdf.paragraph(
        "The third parties the AI systems depend on, the data behind them and their life-cycle "
        "records, with the gaps the pre-audit checks find in them."
    )
    rows = _rows(frame, ["area", "controls", "records", "gaps"])
    pdf.table(
        ["Register", "Annex A", "Records", "Gaps found by the checks"], rows, (35, 25, 15, 25)
    )
