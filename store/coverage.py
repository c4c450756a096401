"""Control coverage: Annex A by domain and clauses 4-10, from the SoA, evidence and records.

Shares by Annex A domain: *applicable* is applicable controls / all controls; *implemented* and
*with current evidence* are shares of the applicable controls; a control's policy, objective,
responsibility and document records that name it (``records``) and its supplier, dataset and
life-cycle records (``supporting_registers.control_record_counts``) count as its evidence
(``record_count``). Clauses 4-10 cannot be excluded, so every clause is applicable; a clause
counts as *implemented* when the records it asks for exist (``CLAUSE_RECORDS``: 4.3 when a
scope statement exists, 6.1.2 when risks exist ...). Records of areas not built yet (audits, management reviews ...) are looked for by table name;
a missing table reads as "no records yet".
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from risk_model import catalogue
from store import current_evidence, governance_links, soa, supporting_registers
from store.connection import Store

CLAUSE_RECORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "4.1": ("context issues", ("context_issues",)),
    "4.2": ("interested parties", ("interested_parties",)),
    "4.3": ("a scope statement", ("aims_scope",)),
    "4.4": ("an approved Statement of Applicability", ("soa_versions",)),
    "6.1.1": ("risks", ("risks",)),
    "6.1.2": ("risks", ("risks",)),
    "6.1.3": ("an approved Statement of Applicability", ("soa_versions",)),
    "6.1.4": ("impact assessments", ("impact_assessments",)),
    "5.2": ("an AI policy", ("policies",)),
    "5.3": ("AIMS responsibilities", ("responsibilities",)),
    "6.2": ("AI objectives", ("aims_objectives", "ai_objectives", "objectives")),
    "7.3": ("AI policy acknowledgements", ("policy_acknowledgements",)),
    "7.5.1": ("documented information", ("documents", "evidence_items")),
    "7.5.2": ("documented information", ("documents", "evidence_items")),
    "7.5.3": ("documented information", ("documents", "evidence_items")),
    "8.1": (
        "AI systems in the inventory, their life-cycle records and suppliers",
        ("ai_systems", "lifecycle_records", "suppliers"),
    ),
    "8.2": ("risks", ("risks",)),
    "8.3": ("risks", ("risks",)),
    "8.4": ("impact assessments", ("impact_assessments",)),
    "9.1": ("monitor runs", ("monitor_runs",)),
    "9.2.1": ("internal audits", ("internal_audits", "audits", "audit_programmes")),
    "9.2.2": ("internal audits", ("internal_audits", "audits", "audit_programmes")),
    "9.3.1": ("management reviews", ("management_reviews",)),
    "9.3.2": ("management reviews", ("management_reviews",)),
    "9.3.3": ("management reviews", ("management_reviews",)),
    "10.1": ("nonconformities", ("nonconformities", "corrective_actions")),
    "10.2": ("nonconformities", ("nonconformities", "corrective_actions")),
}
"""Clause -> (the records that show it, the tables they live in). Others rely on evidence."""

COVERED = "covered"
EVIDENCE_ONLY = "evidence only"
NO_RECORDS = "no records yet"
NOT_EVIDENCED = "no records or evidence"


def record_counts(db: Store) -> dict[str, int | None]:
    """Table -> live rows (retired ones left out); None when the table does not exist."""
    tables = sorted({t for _, names in CLAUSE_RECORDS.values() for t in names})
    counts: dict[str, int | None] = {}
    with db.connect() as connection:
        columns = connection.execute(
            "SELECT table_name, list(column_name) FROM information_schema.columns"
            " WHERE table_schema = 'main' GROUP BY table_name"
        ).fetchall()
        existing = {name: set(cols) for name, cols in columns}
        for table in tables:
            if table not in existing:
                counts[table] = None
                continue
            where = " WHERE status <> 'retired'" if "status" in existing[table] else ""
            counts[table] = connection.execute(f'SELECT count(*) FROM "{table}"{where}').fetchone()[
                0
            ]
    return counts


def clause_status(db: Store, today: date) -> pd.DataFrame:
    """Every assessable clause 4-10 with its records, its current evidence and its status."""
    with db.connect():
        counts = record_counts(db)
        evidence = current_evidence.by_target(db, today, "clause")
        links = governance_links.linked_records(db)
    rows = []
    for clause in catalogue.assessable_clauses():
        what, tables = CLAUSE_RECORDS.get(clause.id, ("", ()))
        found = [counts[t] for t in tables if counts.get(t) is not None]
        linked = governance_links.records_for(links, clause.id)
        found += [1 for table, _ in linked if table not in tables]  # linked by clause
        n_records = sum(found) if found else None
        items = [item_id for item_id, _, _ in evidence.get(clause.id, [])]
        if n_records:
            status = COVERED
        elif items:
            status = EVIDENCE_ONLY
        elif tables:
            status = NO_RECORDS
        else:
            status = NOT_EVIDENCED
        rows.append(
            {
                "clause_id": clause.id,
                "section": clause.id.split(".")[0],
                "title": clause.title,
                "records_expected": what,
                "records": n_records,
                "linked_records": "; ".join(record_id for _, record_id in linked),
                "evidence": "; ".join(items),
                "evidence_current": bool(items),
                "status": status,
            }
        )
    return pd.DataFrame(rows)


def control_coverage(db: Store, today: date) -> pd.DataFrame:
    """One row per Annex A control: applicable, implemented, with current evidence."""
    frame = soa.soa_frame(db, today)
    frame["implemented"] = frame["applicable"] & (frame["implementation_status"] == "implemented")
    links = governance_links.linked_records(db)
    linked = {
        c: [i for _, i in governance_links.records_for(links, c)] for c in frame["control_id"]
    }
    frame["records"] = frame["control_id"].map(lambda c: "; ".join(linked[c]))
    counts = supporting_registers.control_record_counts(db)
    frame["record_count"] = [len(linked[c]) + counts.get(c, 0) for c in frame["control_id"]]
    shown = frame["evidence_current"] | (frame["record_count"] > 0)
    frame["with_evidence"] = frame["applicable"] & shown
    return frame[
        ["control_id", "domain_id", "domain", "title", "applicable", "implementation_status"]
        + ["implemented", "with_evidence", "evidence", "records", "record_count", "flags"]
    ]


def coverage_tables(db: Store, today: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``control_coverage`` and ``clause_status`` together, in one connection."""
    with db.connect():
        return control_coverage(db, today), clause_status(db, today)


def coverage_by_domain(controls: pd.DataFrame) -> pd.DataFrame:
    """Per Annex A domain: counts and the three shares (see the module docstring)."""
    counted = ["applicable", "implemented", "with_evidence"]
    sums = controls.groupby("domain_id")[counted].sum().astype(int).to_dict("index")
    sizes = controls.groupby("domain_id").size().to_dict()
    rows = []
    for domain_id, name in catalogue.annex_a_domains():
        found = sums.get(domain_id, dict.fromkeys(counted, 0))
        rows.append(
            _shares(
                f"{domain_id} {name}",
                domain_id,
                int(sizes.get(domain_id, 0)),
                int(found["applicable"]),
                int(found["implemented"]),
                int(found["with_evidence"]),
            )
        )
    return pd.DataFrame(rows)


def coverage_by_clause(clauses: pd.DataFrame) -> pd.DataFrame:
    """Per clause 4-10: every subclause applicable; implemented = records exist."""
    rows = []
    for section, part in clauses.groupby("section", sort=False):
        title = catalogue.clause(section).title
        rows.append(
            _shares(
                f"{section} {title}",
                section,
                len(part),
                len(part),
                int((part["status"] == COVERED).sum()),
                int(part["evidence_current"].sum()),
            )
        )
    return pd.DataFrame(rows)


def _shares(label, key, total, applicable, implemented, evidenced) -> dict:
    return {
        "group": key,
        "label": label,
        "controls": total,
        "applicable": applicable,
        "implemented": implemented,
        "with_evidence": evidenced,
        "share_applicable": applicable / total if total else 0.0,
        "share_implemented": implemented / applicable if applicable else 0.0,
        "share_with_evidence": evidenced / applicable if applicable else 0.0,
    }


MEASURES = {
    "share_applicable": "Applicable",
    "share_implemented": "Implemented",
    "share_with_evidence": "With current evidence",
}


def controls_behind(controls: pd.DataFrame, domain_id: str, measure: str) -> pd.DataFrame:
    """The controls that a domain bar counts (for the drill-down): those meeting the measure,
    then those falling short of it, with a column saying which."""
    part = controls[controls["domain_id"] == domain_id].copy()
    column = {"share_applicable": "applicable", "share_implemented": "implemented"}.get(
        measure, "with_evidence"
    )
    if measure != "share_applicable":
        part = part[part["applicable"]]
    part["counted"] = part[column].astype(bool)
    return part.sort_values(["counted", "control_id"], ascending=[False, True])


def clauses_behind(clauses: pd.DataFrame, section: str, measure: str) -> pd.DataFrame:
    part = clauses[clauses["section"] == section].copy()
    part["counted"] = {
        "share_applicable": pd.Series(True, index=part.index),
        "share_implemented": part["status"] == COVERED,
    }.get(measure, part["evidence_current"])
    return part
