"""Crosswalk from ISO/IEC 42001 Annex A controls to EU AI Act articles and NIST AI RMF categories.

One link per row of ``data/crosswalk_annex_a.tsv``: a control, a framework, a target ("Art. 9",
"MEASURE 2") and a one-line rationale. The crosswalk is the project's own reading of the texts,
informed by NIST's AI RMF to ISO/IEC 42001 crosswalk; it says where a control gives evidence
toward a target, not that the control alone satisfies it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from risk_model import catalogue

EU_AI_ACT = "EU AI Act"
NIST_AI_RMF = "NIST AI RMF"
FRAMEWORKS = (EU_AI_ACT, NIST_AI_RMF)


@dataclass(frozen=True)
class Link:
    control_id: str
    framework: str
    target: str
    rationale: str


@cache
def links() -> tuple[Link, ...]:
    with (catalogue.DATA_DIR / "crosswalk_annex_a.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    order = {item.id: index for index, item in enumerate(catalogue.annex_a_controls())}
    found = [Link(r["control_id"], r["framework"], r["target"], r["rationale"]) for r in rows]
    return tuple(sorted(found, key=lambda link: order.get(link.control_id, len(order))))


def invalid_links() -> list[str]:
    """Problems in the crosswalk file: unknown controls, frameworks or targets, and duplicates."""
    controls = {item.id for item in catalogue.annex_a_controls()}
    targets = {
        EU_AI_ACT: {item.article for item in catalogue.eu_ai_act_articles()},
        NIST_AI_RMF: {item.id for item in catalogue.nist_categories()},
    }
    problems, seen = [], set()
    for link in links():
        if link.control_id not in controls:
            problems.append(f"unknown control {link.control_id}")
        if link.framework not in targets:
            problems.append(f"unknown framework {link.framework!r} for {link.control_id}")
        elif link.target not in targets[link.framework]:
            problems.append(f"{link.control_id}: {link.target!r} is not a {link.framework} target")
        if not link.rationale.strip():
            problems.append(f"{link.control_id} -> {link.target}: no rationale")
        key = (link.control_id, link.target)
        if key in seen:
            problems.append(f"duplicate link {key}")
        seen.add(key)
    return problems


def normalise_target(target: str) -> tuple[str, str]:
    """(framework, target) for "Art. 9", "Article 9", "art 9", "MEASURE 2" or "measure 2.4".

    A NIST subcategory maps to its category, since the crosswalk links at category level.
    """
    text = target.strip()
    article = re.fullmatch(r"(?i)art(?:icle|\.)?\s*(\d+)(?:\s*\(.*)?", text)
    if article:
        normal = f"Art. {int(article.group(1))}"
        catalogue.obligation(normal)
        return EU_AI_ACT, normal
    function = text.split()[0].upper() if text else ""
    if function in catalogue.NIST_FUNCTIONS:
        return NIST_AI_RMF, catalogue.nist_category_of(text)
    raise KeyError(f"{target!r} is neither an EU AI Act article nor a NIST AI RMF id")


def targets_for_control(control_id: str, framework: str | None = None) -> tuple[Link, ...]:
    """The links of one Annex A control, optionally for one framework only."""
    catalogue.control(control_id)
    if framework is not None and framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {FRAMEWORKS}, not {framework!r}")
    return tuple(
        link
        for link in links()
        if link.control_id == control_id and (framework is None or link.framework == framework)
    )


def controls_for_target(target: str) -> tuple[Link, ...]:
    """The Annex A controls that give evidence toward an article or NIST category, in Annex order."""
    framework, normal = normalise_target(target)
    return tuple(link for link in links() if link.framework == framework and link.target == normal)


def uncovered_controls() -> list[str]:
    """Annex A controls with no link at all (the shipped crosswalk has none)."""
    linked = {link.control_id for link in links()}
    return [item.id for item in catalogue.annex_a_controls() if item.id not in linked]
