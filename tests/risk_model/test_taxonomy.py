import csv
import re
from pathlib import Path

import pytest

from risk_model.taxonomy import (
    CAUSAL_DIMENSIONS,
    DATA_DIR,
    annex_c_objectives,
    annex_c_risk_sources,
    causal_values,
    mit_domains,
    mit_subdomains,
    subdomain,
)

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


def reference_rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize(
    "name", ["mit_risk_domains.tsv", "mit_risk_causal.tsv", "iso42001_annex_c.tsv"]
)
def test_shipped_catalogue_matches_the_reference(name):
    shipped = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    assert shipped == (REFERENCE / name).read_text(encoding="utf-8").splitlines()


def test_mit_subdomains_match_the_reference():
    rows = reference_rows("mit_risk_domains.tsv")
    subs = mit_subdomains()
    assert len(subs) == 24
    assert [(s.id, s.domain, s.name) for s in subs] == [
        (r["id"], r["domain"], r["subdomain"]) for r in rows
    ]
    for sub in subs:
        assert re.fullmatch(r"[1-7]\.[1-6]", sub.id)
        assert sub.domain_id == sub.id.split(".")[0]
    assert subs[0].id == "1.1" and subs[-1].id == "7.6"


def test_mit_domains():
    rows = reference_rows("mit_risk_domains.tsv")
    expected = {r["id"].split(".")[0]: r["domain"] for r in rows}
    domains = mit_domains()
    assert len(domains) == 7
    assert [(d.id, d.name) for d in domains] == list(expected.items())
    assert [d.id for d in domains] == ["1", "2", "3", "4", "5", "6", "7"]


def test_subdomain_lookup():
    assert subdomain("7.3").name == "Lack of capability or robustness"
    assert subdomain("2.2").domain == "Privacy & Security"
    assert subdomain("1.1").label == "1.1 Unfair discrimination and misrepresentation"
    with pytest.raises(KeyError):
        subdomain("8.1")


def test_causal_taxonomy_matches_the_reference():
    rows = reference_rows("mit_risk_causal.tsv")
    assert len(rows) == 9
    assert CAUSAL_DIMENSIONS == ("Entity", "Intent", "Timing")
    for dimension in CAUSAL_DIMENSIONS:
        values = causal_values(dimension)
        expected = [r for r in rows if r["dimension"] == dimension]
        assert [(v.code, v.value, v.meaning) for v in values] == [
            (int(r["code"]), r["value"], r["meaning"]) for r in expected
        ]
        assert [v.code for v in values] == [1, 2, 3]
    assert [v.value for v in causal_values("entity")] == ["Human", "AI", "Other"]
    assert [v.value for v in causal_values("Intent")] == ["Intentional", "Unintentional", "Other"]
    assert [v.value for v in causal_values("timing")] == [
        "Pre-deployment",
        "Post-deployment",
        "Other",
    ]
    with pytest.raises(KeyError):
        causal_values("Severity")


def test_annex_c_matches_the_reference():
    rows = reference_rows("iso42001_annex_c.tsv")
    objectives, sources = annex_c_objectives(), annex_c_risk_sources()
    assert len(objectives) == 11 and len(sources) == 7
    assert [(o.id, o.name) for o in objectives] == [
        (r["id"], r["name"]) for r in rows if r["type"] == "objective"
    ]
    assert [(s.id, s.name) for s in sources] == [
        (r["id"], r["name"]) for r in rows if r["type"] == "risk_source"
    ]
    assert all(o.id.startswith("C.2.") for o in objectives)
    assert all(s.id.startswith("C.3.") for s in sources)
    assert objectives[4].label == "C.2.5 Fairness"


def test_results_are_copies_of_the_cache():
    mit_subdomains().clear()
    annex_c_objectives().clear()
    assert len(mit_subdomains()) == 24
    assert len(annex_c_objectives()) == 11
