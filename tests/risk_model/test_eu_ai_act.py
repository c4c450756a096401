import csv
import json
import re
from pathlib import Path

import pytest

from risk_model.eu_ai_act import (
    DEROGATIONS_6_3,
    EU_AI_ACT_TIER_LABELS,
    EU_AI_ACT_TIERS,
    PROHIBITED_PRACTICES,
    QUESTIONNAIRE,
    TRANSPARENCY_50,
    ClassificationAnswers,
    annex_iii_points,
    classify,
)

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


def answers(**kwargs) -> ClassificationAnswers:
    return ClassificationAnswers(**kwargs)


def test_credit_scoring_is_high_risk_under_annex_iii_5b():
    result = classify(answers(annex_iii_points={"5(b)"}, profiling=True))
    assert result.tier == "high"
    assert "Annex III 5(b)" in result.basis
    assert result.label == "High risk: Annex III 5(b), creditworthiness"


def test_cv_screening_is_high_risk_under_annex_iii_4a():
    result = classify(answers(annex_iii_points={"4(a)"}))
    assert result.tier == "high"
    assert result.basis == ["Art. 6(2)", "Annex III 4(a)"]


def test_exam_proctoring_is_high_risk_under_annex_iii_3d():
    result = classify(answers(annex_iii_points={"3(d)"}))
    assert result.tier == "high"
    assert "Annex III 3(d)" in result.basis


@pytest.mark.parametrize(
    ("practice", "words"), [("5(1)(c)", "social scoring"), ("5(1)(e)", "scraping")]
)
def test_prohibited_practices(practice, words):
    # Prohibition wins over everything else answered.
    result = classify(
        answers(prohibited={practice}, annex_iii_points={"1(a)"}, transparency_50={"50(1)"})
    )
    assert result.tier == "prohibited"
    assert result.basis[0] == f"Art. {practice}"
    assert words in result.label


def test_customer_chatbot_is_limited_risk():
    result = classify(answers(transparency_50={"50(1)"}))
    assert result.tier == "limited"
    assert result.basis == ["Art. 50(1)"]
    assert result.label.startswith("Limited risk (transparency)")


def test_spam_filter_is_minimal_risk():
    result = classify(answers())
    assert result.tier == "minimal"
    assert result.basis == []


def test_narrow_procedural_task_under_6_3_is_not_high_risk():
    result = classify(answers(annex_iii_points={"4(a)"}, derogation_6_3={"6(3)(a)"}))
    assert result.tier in ("minimal", "limited")
    assert result.tier == "minimal"
    assert "Art. 6(3)(a)" in result.basis
    assert any("Art. 6(4)" in note for note in result.notes)
    with_chat = classify(
        answers(annex_iii_points={"4(a)"}, derogation_6_3={"6(3)(a)"}, transparency_50={"50(1)"})
    )
    assert with_chat.tier == "limited"


def test_the_same_narrow_task_with_profiling_is_high_risk():
    result = classify(
        answers(annex_iii_points={"4(a)"}, derogation_6_3={"6(3)(a)"}, profiling=True)
    )
    assert result.tier == "high"
    assert "Annex III 4(a)" in result.basis
    assert "profil" in result.rationale


def test_annex_i_safety_component_is_high_risk_and_has_no_derogation():
    result = classify(answers(annex_i_safety_component=True, derogation_6_3={"6(3)(a)"}))
    assert result.tier == "high"
    assert result.basis[:2] == ["Art. 6(1)", "Annex I"]


def test_high_risk_keeps_transparency_and_gpai_in_the_basis():
    result = classify(
        answers(annex_iii_points={"5(b)", "4(a)"}, transparency_50={"50(1)"}, gpai=True)
    )
    assert result.tier == "high"
    assert result.label == (
        "High risk: Annex III 4(a), recruitment and selection; 5(b), creditworthiness"
    )
    assert "Art. 50(1)" in result.basis
    assert result.gpai_track == "gpai"
    systemic = classify(answers(gpai_systemic_risk=True))
    assert systemic.tier == "minimal"
    assert systemic.gpai_track == "gpai_systemic_risk"
    assert any("51" in b for b in systemic.basis)


def test_no_answers_is_unclassified():
    result = classify(None)
    assert result.tier == "unclassified"
    assert result.label == EU_AI_ACT_TIER_LABELS["unclassified"]


def test_tiers_and_labels():
    assert EU_AI_ACT_TIERS == ("prohibited", "high", "limited", "minimal", "unclassified")
    assert set(EU_AI_ACT_TIER_LABELS) == set(EU_AI_ACT_TIERS)


def test_tiers_agree_with_the_inventory_enum():
    inventory = pytest.importorskip("risk_model.inventory")
    assert tuple(inventory.EU_AI_ACT_TIERS) == EU_AI_ACT_TIERS


def test_answers_round_trip_through_json():
    original = answers(
        prohibited={"5(1)(a)"},
        annex_iii_points={"5(b)", "1(c)"},
        derogation_6_3={"6(3)(d)"},
        profiling=True,
        transparency_50={"50(2)", "50(4)"},
        gpai=True,
    )
    restored = ClassificationAnswers.from_dict(json.loads(json.dumps(original.to_dict())))
    assert restored == original
    assert ClassificationAnswers.from_dict({}) == ClassificationAnswers()


@pytest.mark.parametrize(
    "data",
    [
        {"annex_iii_points": ["9(a)"]},
        {"prohibited": ["5(1)(i)"]},
        {"colour": True},
        {"transparency_50": "50(1)"},
    ],
)
def test_unknown_answers_are_rejected(data):
    with pytest.raises(ValueError):
        ClassificationAnswers.from_dict(data)


def test_annex_iii_points_match_the_reference():
    with (REFERENCE / "eu_ai_act_annex_iii.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    points = annex_iii_points()
    assert len(points) == 25
    assert [(p.point, p.area, p.description) for p in points] == [
        (r["point"], r["area"], r["short_description"]) for r in rows
    ]
    assert {p.area_number for p in points} == set(range(1, 9))
    assert all(p.label for p in points)


def test_article_5_points_match_the_reference_readme():
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    section = readme.split("## EU AI Act Article 5")[1].split("##")[0]
    letters = re.findall(r"^- \(([a-h])\)", section, flags=re.MULTILINE)
    assert list(PROHIBITED_PRACTICES) == [f"5(1)({letter})" for letter in letters]
    assert len(letters) == 8


def test_questionnaire_covers_every_answer_field_and_option():
    fields = set(ClassificationAnswers().to_dict())
    assert {q.key for q in QUESTIONNAIRE} == fields
    options = {q.key: [o.id for o in q.options] for q in QUESTIONNAIRE}
    assert options["prohibited"] == list(PROHIBITED_PRACTICES)
    assert options["annex_iii_points"] == [p.point for p in annex_iii_points()]
    assert options["derogation_6_3"] == list(DEROGATIONS_6_3)
    assert options["transparency_50"] == list(TRANSPARENCY_50)
    for question in QUESTIONNAIRE:
        assert (question.kind == "multi") == bool(question.options)


def test_a_permitted_real_time_biometric_use_is_high_risk_not_prohibited():
    question = next(q for q in QUESTIONNAIRE if q.key == "exceptions_5_1_h")
    texts = " ".join(o.label for o in question.options)
    for words in ("victims", "imminent threat", "suspect", "Annex II"):
        assert words in texts
    assert "authorisation" in question.help
    banned = classify(answers(prohibited={"5(1)(h)"}))
    assert banned.tier == "prohibited"
    permitted = classify(answers(prohibited={"5(1)(h)"}, exceptions_5_1_h={"5(1)(h)(i)"}))
    assert permitted.tier == "high"
    assert "Annex III 1(a)" in permitted.basis
    assert "Art. 5(1)(h)(i) exception" in permitted.basis


def test_art_5_1_g_lists_the_sensitive_characteristics():
    text = PROHIBITED_PRACTICES["5(1)(g)"]
    for words in (
        "race",
        "political opinions",
        "trade-union membership",
        "religious or philosophical beliefs",
        "sex life or sexual orientation",
    ):
        assert words in text
    assert "not age or gender" in text


def test_a_gpai_only_system_names_the_gpai_obligations():
    result = classify(answers(gpai=True))
    assert result.label == "General-purpose AI model obligations"
    assert "Minimal" not in result.label


def test_the_stored_basis_keeps_the_art_6_3_derogation_and_its_duties():
    from store.classification import basis_text

    for extra in ({}, {"transparency_50": {"50(1)"}}):
        result = classify(answers(annex_iii_points={"4(a)"}, derogation_6_3={"6(3)(a)"}, **extra))
        text = basis_text(result)
        for words in ("Annex III 4(a)", "Art. 6(3)(a)", "Art. 6(4)", "Art. 49(2)"):
            assert words in text, (extra, text)
