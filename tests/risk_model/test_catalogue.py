"""The shipped catalogues against the reference facts in tests/data/reference."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from risk_model import catalogue

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


def reference_rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_annex_a_has_38_controls_matching_the_reference_exactly():
    expected = [(row["id"], row["title"]) for row in reference_rows("iso42001_annex_a.tsv")]
    actual = [(item.id, item.title) for item in catalogue.annex_a_controls()]
    assert len(actual) == 38
    assert actual == expected


def test_annex_a_domains_are_a2_to_a10_with_reference_names():
    expected = {}
    for row in reference_rows("iso42001_annex_a.tsv"):
        domain_id, name = row["domain"].split(" ", 1)
        expected[domain_id] = name
    domains = catalogue.annex_a_domains()
    assert [domain_id for domain_id, _ in domains] == [f"A.{n}" for n in range(2, 11)]
    assert dict(domains) == expected
    for item in catalogue.annex_a_controls():
        assert item.id.startswith(item.domain_id + ".")
        assert item.domain == expected[item.domain_id]


def test_control_lookup_and_domain_counts():
    assert catalogue.control("A.6.2.6").title == "AI system operation and monitoring"
    assert catalogue.control("A.10.4").domain_id == "A.10"
    with pytest.raises(KeyError):
        catalogue.control("A.1.1")
    counts = Counter(row["domain"].split(" ")[0] for row in reference_rows("iso42001_annex_a.tsv"))
    for domain_id, n in counts.items():
        assert len(catalogue.controls_in_domain(domain_id)) == n
    assert len(catalogue.controls_in_domain("A.6")) == 9


def test_clauses_match_reference_and_include_the_subclauses():
    expected = [(row["id"], row["title"]) for row in reference_rows("iso42001_clauses.tsv")]
    assert [(item.id, item.title) for item in catalogue.clauses()] == expected
    ids = {item.id for item in catalogue.clauses()}
    for required in ["6.1.1", "6.1.2", "6.1.3", "6.1.4", "9.2.1", "9.2.2", "9.3.1", "9.3.2"]:
        assert required in ids
    assert "9.3.3" in ids
    assert {str(n) for n in range(4, 11)} <= ids


def test_headings_group_assessable_clauses():
    by_id = {item.id: item for item in catalogue.clauses()}
    for heading in ["4", "6.1", "7.5", "9.2", "9.3", "10"]:
        assert by_id[heading].is_heading
    for leaf in ["4.1", "6.1.4", "7.5.3", "8.2", "9.1", "9.2.2", "10.2"]:
        assert not by_id[leaf].is_heading
    assert by_id["6.1.2"].parent_id == "6.1"
    assert by_id["4"].parent_id is None
    assessable = {item.id for item in catalogue.assessable_clauses()}
    # A clause is assessable exactly when no other clause id extends it.
    all_ids = [row["id"] for row in reference_rows("iso42001_clauses.tsv")]
    leaves = {i for i in all_ids if not any(o.startswith(i + ".") for o in all_ids)}
    assert assessable == leaves
    assert "6.1" not in assessable and "7.5" not in assessable


def test_nist_categories_and_subcategories_agree_with_reference():
    categories = catalogue.nist_categories()
    assert len(categories) == 19
    assert sum(item.n_subcategories for item in categories) == 72
    ref = {row["id"]: row for row in reference_rows("nist_ai_rmf_categories.tsv")}
    assert [item.id for item in categories] == list(ref)
    for item in categories:
        assert item.function == ref[item.id]["function"] == item.id.split()[0]
        assert item.statement == ref[item.id]["category_statement"]

    subcategories = catalogue.nist_subcategories()
    ref_sub = reference_rows("nist_ai_rmf_subcategories.tsv")
    assert len(subcategories) == 72
    assert [(s.id, s.category_id, s.statement) for s in subcategories] == [
        (row["id"], row["category"], row["statement"]) for row in ref_sub
    ]
    per_category = Counter(s.category_id for s in subcategories)
    assert {item.id: item.n_subcategories for item in categories} == dict(per_category)
    assert Counter(item.function for item in categories) == {
        "GOVERN": 6,
        "MAP": 5,
        "MEASURE": 4,
        "MANAGE": 4,
    }


def test_nist_category_of_subcategory():
    assert catalogue.nist_category_of("MEASURE 2.4") == "MEASURE 2"
    assert catalogue.nist_category_of("govern 1.7") == "GOVERN 1"
    assert catalogue.nist_category_of("MANAGE 4") == "MANAGE 4"
    with pytest.raises(KeyError):
        catalogue.nist_category_of("MAP 6.1")


def test_obligations_match_reference():
    ref = reference_rows("eu_ai_act_obligations.tsv")
    obligations = catalogue.eu_ai_act_obligations()
    assert len(obligations) == len(ref) == 34
    assert [(o.article, o.role, o.scope, o.short_name) for o in obligations] == [
        (r["article"], r["role"], r["scope"], r["short_name"]) for r in ref
    ]
    assert catalogue.obligation("Art. 12").article_number == 12


def test_obligations_for_deployer_and_provider():
    deployer = {o.article for o in catalogue.obligations_for_role("deployer")}
    # Articles the Act addresses to deployers, plus those binding every operator.
    assert {"Art. 4", "Art. 5", "Art. 26", "Art. 27", "Art. 50", "Art. 86", "Art. 99"} <= deployer
    assert not {"Art. 9", "Art. 12", "Art. 72", "Art. 23", "Art. 53"} & deployer

    provider = {o.article for o in catalogue.obligations_for_role("provider")}
    assert {f"Art. {n}" for n in (6, 9, 10, 11, 12, 13, 14, 15, 17, 43, 72, 73)} <= provider
    # Art. 27 names "private public-service providers" inside its parentheses: still deployer-only.
    assert not {"Art. 26", "Art. 27", "Art. 86", "Art. 23", "Art. 24"} & provider

    assert {o.article for o in catalogue.obligations_for_role("importer")} == {
        "Art. 5",
        "Art. 23",
        "Art. 25",
        "Art. 99",
    }
    gpai = {o.article for o in catalogue.obligations_for_role("GPAI model provider")}
    assert {"Art. 53", "Art. 55"} <= gpai
    with pytest.raises(ValueError):
        catalogue.obligations_for_role("user")


def test_every_obligation_binds_at_least_one_role():
    for item in catalogue.eu_ai_act_obligations():
        assert catalogue.roles_of(item), item.article
