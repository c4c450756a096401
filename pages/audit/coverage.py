"""Control coverage: Annex A by domain next to clauses 4-10, with a drill-down from a bar."""

import streamlit as st

from charts.coverage import clause_status_counts, coverage_bars
from risk_model import catalogue
from store import coverage
from ui.cache import cached_read
from ui.coverage_tables import clause_status_table, clauses_behind_table, controls_behind_table
from ui.session import get_store, today

db = get_store()
st.title("Control coverage")
st.caption(
    "Share of Annex A controls applicable, implemented and with current evidence, by domain; "
    "clauses 4–10 from the records that show them. Click a bar to see what is behind it."
)

controls, clauses = cached_read(coverage.coverage_tables)(db, today())
by_domain = coverage.coverage_by_domain(controls)
by_clause = coverage.coverage_by_clause(clauses)
applicable = controls[controls["applicable"]]

m1, m2, m3, m4 = st.columns(4)
m1.metric("Controls applicable", f"{len(applicable)} of {len(controls)}", border=True)
m2.metric(
    "Implemented", f"{int(applicable['implemented'].sum())} of {len(applicable)}", border=True
)
m3.metric(
    "With current evidence",
    f"{int(applicable['with_evidence'].sum())} of {len(applicable)}",
    border=True,
)
covered = int((clauses["status"] == coverage.COVERED).sum())
m4.metric("Clauses covered by records", f"{covered} of {len(clauses)}", border=True)

annex_col, clause_col = st.columns(2)
with annex_col:
    st.subheader("Annex A, by domain")
    domain_event = st.plotly_chart(
        coverage_bars(by_domain, "Annex A controls"),
        on_select="rerun",
        selection_mode="points",
        key="cov-domain-chart",
    )
with clause_col:
    st.subheader("Clauses 4–10")
    clause_event = st.plotly_chart(
        coverage_bars(by_clause, "Clauses 4–10", "subclauses"),
        on_select="rerun",
        selection_mode="points",
        key="cov-clause-chart",
    )


def clicked(event) -> tuple[str, str] | None:
    points = event.selection.points if event else []
    return tuple(points[0]["customdata"][:2]) if points else None


st.subheader("Drill down")
measures = list(coverage.MEASURES)
c1, c2, c3 = st.columns([2, 2, 3])
kind = c1.radio("Look at", ["Annex A domain", "Clause"], horizontal=True, key="cov-kind")
measure = c3.radio(
    "Measure", measures, format_func=coverage.MEASURES.get, horizontal=True, key="cov-measure"
)
pick = clicked(domain_event) or clicked(clause_event)
if kind == "Annex A domain":
    group = c2.selectbox(
        "Domain",
        list(by_domain["group"]),
        format_func=dict(by_domain[["group", "label"]].values).get,
        key="cov-domain",
    )
else:
    group = c2.selectbox(
        "Clause",
        list(by_clause["group"]),
        format_func=dict(by_clause[["group", "label"]].values).get,
        key="cov-clause",
    )
if pick:
    group, measure = pick
    st.caption(f"From the bar you clicked: {group}, {coverage.MEASURES[measure].lower()}.")

if group.startswith("A."):
    rows = coverage.controls_behind(controls, group, measure)
    st.markdown(
        f"**{group} {dict(catalogue.annex_a_domains())[group]}** — "
        f"{int(rows['counted'].sum())} of {len(rows)} counted"
    )
    controls_behind_table(rows)
else:
    rows = coverage.clauses_behind(clauses, group, measure)
    st.markdown(f"**Clause {group}** — {int(rows['counted'].sum())} of {len(rows)} counted")
    clauses_behind_table(rows)

st.subheader("Clause 4–10 status from the records")
left, right = st.columns([1, 2])
left.plotly_chart(clause_status_counts(clauses), key="cov-clause-status")
clause_status_table(clauses, right)
