"""The Annex A crosswalk: coverage, valid targets, both directions, and key links."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from risk_model import catalogue, crosswalk

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


def reference_column(name: str, column: str) -> set[str]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle, delimiter="\t")}


def test_every_annex_a_control_has_a_link():
    control_ids = reference_column("iso42001_annex_a.tsv", "id")
    linked = {link.control_id for link in crosswalk.links()}
    assert linked == control_ids
    assert crosswalk.uncovered_controls() == []


def test_every_target_is_a_real_article_or_nist_category():
    articles = reference_column("eu_ai_act_obligations.tsv", "article") | {
        item.article for item in catalogue.eu_ai_act_articles()[-1:]
    }
    categories = reference_column("nist_ai_rmf_categories.tsv", "id")
    for link in crosswalk.links():
        valid = articles if link.framework == crosswalk.EU_AI_ACT else categories
        assert link.framework in crosswalk.FRAMEWORKS
        assert link.target in valid, link
    assert crosswalk.invalid_links() == []


def test_rationales_are_specific_and_distinct():
    rationales = [link.rationale for link in crosswalk.links()]
    assert all(len(text) > 40 and "\n" not in text for text in rationales)
    assert len(set(rationales)) == len(rationales)


def test_every_nist_category_is_reached():
    categories = reference_column("nist_ai_rmf_categories.tsv", "id")
    assert {link.target for link in crosswalk.links() if link.framework == "NIST AI RMF"} == (
        categories
    )


def test_both_directions_agree():
    for link in crosswalk.links():
        assert link in crosswalk.targets_for_control(link.control_id)
        assert link in crosswalk.controls_for_target(link.target)
    forward = {
        (lk.control_id, lk.target)
        for c in {lk.control_id for lk in crosswalk.links()}
        for lk in crosswalk.targets_for_control(c)
    }
    backward = {
        (lk.control_id, lk.target)
        for t in {lk.target for lk in crosswalk.links()}
        for lk in crosswalk.controls_for_target(t)
    }
    assert forward == backward == {(lk.control_id, lk.target) for lk in crosswalk.links()}


def targets(control_id: str, framework: str | None = None) -> set[str]:
    return {link.target for link in crosswalk.targets_for_control(control_id, framework)}


def test_expected_links():
    assert "MEASURE 2" in targets("A.6.2.6", "NIST AI RMF")
    assert {"Art. 72", "Art. 26"} <= targets("A.6.2.6", "EU AI Act")
    assert "Art. 27" in targets("A.5.2") and "MAP 5" in targets("A.5.2")
    assert "Art. 12" in targets("A.6.2.8", "EU AI Act")
    assert "Art. 10" in targets("A.7.4")
    assert "Art. 73" in targets("A.8.4")
    assert "Art. 13" in targets("A.8.2")
    assert "GOVERN 6" in targets("A.10.3")
    assert targets("A.6.2.6", "EU AI Act").isdisjoint(targets("A.6.2.6", "NIST AI RMF"))


def test_controls_for_target_accepts_subcategories_and_article_spellings():
    measure_2 = {link.control_id for link in crosswalk.controls_for_target("MEASURE 2")}
    assert "A.6.2.6" in measure_2
    assert {link.control_id for link in crosswalk.controls_for_target("MEASURE 2.4")} == measure_2
    art_12 = {link.control_id for link in crosswalk.controls_for_target("Art. 12")}
    assert art_12 == {link.control_id for link in crosswalk.controls_for_target("Article 12")}
    assert "A.6.2.8" in art_12
    assert crosswalk.controls_for_target("Art. 26(5)") == crosswalk.controls_for_target("Art. 26")
    assert crosswalk.normalise_target("measure 2.13") == ("NIST AI RMF", "MEASURE 2")


def test_unknown_targets_and_controls_are_errors():
    with pytest.raises(KeyError):
        crosswalk.controls_for_target("Art. 300")
    with pytest.raises(KeyError):
        crosswalk.controls_for_target("MEASURE 9")
    with pytest.raises(KeyError):
        crosswalk.controls_for_target("GDPR 35")
    with pytest.raises(KeyError):
        crosswalk.targets_for_control("A.11.1")
    with pytest.raises(ValueError):
        crosswalk.targets_for_control("A.6.2.6", "GDPR")


def test_links_cite_the_right_provisions():
    def eu(control_id):
        return {
            lk.target: lk.rationale for lk in crosswalk.targets_for_control(control_id, "EU AI Act")
        }

    assert "Annex IV 2(c)" in eu("A.4.5")["Art. 11"]
    assert "2(g)" not in eu("A.4.5")["Art. 11"]
    assert "Art. 86" not in eu("A.8.3")
    assert "Art. 20" not in eu("A.3.3")
    assert "reporting" in eu("A.3.3")["Art. 87"]
    assert crosswalk.controls_for_target("Art. 87")[0].control_id == "A.3.3"
