"""EU AI Act (Regulation (EU) 2024/1689) risk classification assistant.

``QUESTIONNAIRE`` describes the questions so a page can render them generically: each
``Question.key`` is a field of ``ClassificationAnswers``; "multi" questions take a set of
option IDs, "bool" questions a yes/no. ``classify`` applies the Act's order of precedence:

1. Art. 5 prohibited practices -> "prohibited".
2. Art. 6(1) safety component of an Annex I product -> "high".
3. Art. 6(2) Annex III use -> "high", unless an Art. 6(3) derogation applies; a system that
   profiles natural persons is always high-risk (Art. 6(3), last subparagraph).
4. Art. 50 transparency cases -> "limited".
5. Otherwise -> "minimal".

General-purpose AI models (Arts. 51-55) are a separate track: they add obligations to the
basis without changing the system's tier. This is decision support, not legal advice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from risk_model.taxonomy import read_tsv

Tier = Literal["prohibited", "high", "limited", "minimal", "unclassified"]
EU_AI_ACT_TIERS: tuple[Tier, ...] = ("prohibited", "high", "limited", "minimal", "unclassified")
EU_AI_ACT_TIER_LABELS: dict[str, str] = {
    "prohibited": "Prohibited (Art. 5)",
    "high": "High risk (Art. 6)",
    "limited": "Limited / transparency (Art. 50)",
    "minimal": "Minimal",
    "unclassified": "Not yet classified",
}

PROHIBITED_PRACTICES: dict[str, str] = {
    "5(1)(a)": "subliminal, manipulative or deceptive techniques causing significant harm",
    "5(1)(b)": "exploiting vulnerabilities of age, disability, or social or economic situation",
    "5(1)(c)": "social scoring leading to detrimental treatment",
    "5(1)(d)": "predicting a person's risk of committing crime from profiling or traits alone",
    "5(1)(e)": "untargeted scraping of facial images to build face-recognition databases",
    "5(1)(f)": "emotion recognition at work or in education (except medical or safety)",
    "5(1)(g)": "biometric categorisation to deduce or infer race, political opinions, "
    "trade-union membership, religious or philosophical beliefs, sex life or sexual "
    "orientation (not age or gender)",
    "5(1)(h)": "real-time remote biometric identification in public spaces for law enforcement",
}

EXCEPTIONS_5_1_H: dict[str, str] = {
    "5(1)(h)(i)": "targeted search for specific victims of abduction, trafficking or sexual "
    "exploitation, or for missing persons",
    "5(1)(h)(ii)": "prevention of a specific, substantial and imminent threat to life or "
    "physical safety, or of a genuine threat of a terrorist attack",
    "5(1)(h)(iii)": "locating or identifying a suspect of a criminal offence listed in Annex II "
    "punishable by at least four years",
}
"""The Art. 5(1)(h) exceptions; each also needs prior judicial or independent administrative
authorisation (Art. 5(3)). A use within them is not prohibited: it is high-risk under Annex III
1(a) (remote biometric identification)."""

DEROGATIONS_6_3: dict[str, str] = {
    "6(3)(a)": "performs a narrow procedural task",
    "6(3)(b)": "improves the result of a previously completed human activity",
    "6(3)(c)": "detects decision-making patterns or deviations from prior patterns, without "
    "replacing or influencing the completed human assessment without proper human review",
    "6(3)(d)": "performs a preparatory task to an assessment relevant to an Annex III use",
}

TRANSPARENCY_50: dict[str, str] = {
    "50(1)": "interacts directly with natural persons (e.g. a chatbot)",
    "50(2)": "generates synthetic audio, image, video or text content",
    "50(3)": "emotion recognition or biometric categorisation (inform the persons exposed)",
    "50(4)": "deep fakes, or text published to inform the public on matters of public interest",
}


DEROGATION_DUTIES = "Art. 6(4) documented assessment; Art. 49(2) registration"
"""What an Annex III system that is not high-risk under Art. 6(3) must still do."""


@dataclass(frozen=True)
class AnnexIIIPoint:
    point: str
    area_number: int
    area: str
    description: str
    label: str


@cache
def _annex_iii() -> tuple[AnnexIIIPoint, ...]:
    return tuple(
        AnnexIIIPoint(
            point=row["point"],
            area_number=int(row["point"].split("(")[0]),
            area=row["area"],
            description=row["short_description"],
            label=row["label"],
        )
        for row in read_tsv("eu_ai_act_annex_iii.tsv")
    )


def annex_iii_points() -> list[AnnexIIIPoint]:
    """Annex III high-risk areas 1 to 8 with their points, e.g. 5(b) creditworthiness."""
    return list(_annex_iii())


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    key: str
    """Field of ``ClassificationAnswers`` this question fills."""
    title: str
    help: str
    kind: Literal["multi", "bool"]
    options: tuple[Option, ...] = ()


def _options(mapping: dict[str, str], prefix: str) -> tuple[Option, ...]:
    return tuple(Option(key, f"{prefix}{key}: {text}") for key, text in mapping.items())


@cache
def questionnaire() -> tuple[Question, ...]:
    annex_iii = tuple(Option(p.point, f"{p.point} {p.area}: {p.description}") for p in _annex_iii())
    return (
        Question(
            "prohibited",
            "Prohibited practices (Art. 5)",
            "Does the system perform any of these practices?",
            "multi",
            _options(PROHIBITED_PRACTICES, "Art. "),
        ),
        Question(
            "exceptions_5_1_h",
            "Art. 5(1)(h) exceptions",
            "For real-time remote biometric identification by law enforcement: is the use "
            "strictly limited to one of these objectives, with prior judicial or "
            "independent administrative authorisation (Art. 5(3))? Such a use is "
            "high-risk under Annex III 1(a), not prohibited.",
            "multi",
            _options(EXCEPTIONS_5_1_H, "Art. "),
        ),
        Question(
            "annex_i_safety_component",
            "Annex I product (Art. 6(1))",
            "Is it a safety component of (or itself) a product covered by Annex I "
            "legislation that needs third-party conformity assessment?",
            "bool",
        ),
        Question(
            "annex_iii_points",
            "Annex III uses (Art. 6(2))",
            "Is the system intended for any of these uses?",
            "multi",
            annex_iii,
        ),
        Question(
            "derogation_6_3",
            "Derogation (Art. 6(3))",
            "For an Annex III use: does the system only do one of these, without "
            "materially influencing the outcome of decision making?",
            "multi",
            _options(DEROGATIONS_6_3, "Art. "),
        ),
        Question(
            "profiling",
            "Profiling of natural persons",
            "Does the system profile natural persons (GDPR Art. 4(4))? If so, an "
            "Annex III system is always high-risk.",
            "bool",
        ),
        Question(
            "transparency_50",
            "Transparency cases (Art. 50)",
            "Does any of these apply?",
            "multi",
            _options(TRANSPARENCY_50, "Art. "),
        ),
        Question(
            "gpai",
            "General-purpose AI model (Arts. 51-55)",
            "Is a general-purpose AI model part of this system, placed on the market "
            "by the organisation?",
            "bool",
        ),
        Question(
            "gpai_systemic_risk",
            "GPAI model with systemic risk (Art. 51)",
            "Does the model have high-impact capabilities (e.g. over 10^25 FLOPs of "
            "training compute) or a Commission designation?",
            "bool",
        ),
    )


QUESTIONNAIRE = questionnaire()

_SET_FIELDS = (
    "prohibited",
    "exceptions_5_1_h",
    "annex_iii_points",
    "derogation_6_3",
    "transparency_50",
)
_BOOL_FIELDS = ("annex_i_safety_component", "profiling", "gpai", "gpai_systemic_risk")


@dataclass(frozen=True)
class ClassificationAnswers:
    """Answers to ``QUESTIONNAIRE``. Sets hold option IDs such as "5(1)(c)" or "5(b)"."""

    prohibited: frozenset[str] = frozenset()
    exceptions_5_1_h: frozenset[str] = frozenset()
    """Art. 5(1)(h) exceptions the use is limited to, with authorisation (Art. 5(3))."""
    annex_i_safety_component: bool = False
    annex_iii_points: frozenset[str] = frozenset()
    derogation_6_3: frozenset[str] = frozenset()
    profiling: bool = False
    transparency_50: frozenset[str] = frozenset()
    gpai: bool = False
    gpai_systemic_risk: bool = False
    """Implies ``gpai``."""

    def __post_init__(self) -> None:
        known = {
            "prohibited": PROHIBITED_PRACTICES.keys(),
            "exceptions_5_1_h": EXCEPTIONS_5_1_H.keys(),
            "annex_iii_points": {p.point for p in _annex_iii()},
            "derogation_6_3": DEROGATIONS_6_3.keys(),
            "transparency_50": TRANSPARENCY_50.keys(),
        }
        for name in _SET_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                raise ValueError(f"{name} must be a collection of IDs, not the string {value!r}")
            ids = frozenset(value)
            unknown = sorted(ids - set(known[name]))
            if unknown:
                raise ValueError(f"unknown {name} IDs {unknown}; known: {sorted(known[name])}")
            object.__setattr__(self, name, ids)
        for name in _BOOL_FIELDS:
            object.__setattr__(self, name, bool(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: sorted(getattr(self, name)) for name in _SET_FIELDS}
        data.update({name: getattr(self, name) for name in _BOOL_FIELDS})
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClassificationAnswers:
        """Missing keys take their defaults; unknown keys or IDs raise ValueError."""
        extra = sorted(set(data) - set(_SET_FIELDS) - set(_BOOL_FIELDS))
        if extra:
            raise ValueError(f"unknown classification answer keys: {extra}")
        return cls(**{k: frozenset(v) if k in _SET_FIELDS else v for k, v in data.items()})


@dataclass(frozen=True)
class Classification:
    tier: Tier
    basis: list[str]
    """Provisions that decide the tier first, then other applicable ones (Art. 50, GPAI)."""
    label: str
    rationale: str
    gpai_track: Literal["gpai", "gpai_systemic_risk"] | None = None
    notes: list[str] = field(default_factory=list)


def _point_text(points: frozenset[str]) -> str:
    by_id = {p.point: p for p in _annex_iii()}
    ordered = sorted(points, key=lambda p: (by_id[p].area_number, p))
    return "; ".join(f"{p}, {by_id[p].label}" for p in ordered)


def classify(answers: ClassificationAnswers | None) -> Classification:
    """Tier, basis and a one-line label for a system; ``None`` (not answered) is unclassified."""
    if answers is None:
        label = EU_AI_ACT_TIER_LABELS["unclassified"]
        return Classification("unclassified", [], label, "The questionnaire has not been answered.")

    notes: list[str] = []
    transparency = [f"Art. {t}" for t in sorted(answers.transparency_50)]
    gpai_track: Literal["gpai", "gpai_systemic_risk"] | None = None
    gpai_basis: list[str] = []
    if answers.gpai_systemic_risk:
        gpai_track, gpai_basis = "gpai_systemic_risk", ["Arts. 51-55 (GPAI model, systemic risk)"]
    elif answers.gpai:
        gpai_track, gpai_basis = "gpai", ["Arts. 51-54 (GPAI model)"]
    if gpai_track:
        notes.append("General-purpose AI model obligations apply as a separate track.")

    def result(tier: Tier, basis: list[str], label: str, rationale: str) -> Classification:
        extra = transparency if tier != "limited" else []
        if extra:
            notes.append("Art. 50 transparency obligations also apply.")
        return Classification(tier, basis + extra + gpai_basis, label, rationale, gpai_track, notes)

    prohibited, annex_iii = answers.prohibited, answers.annex_iii_points
    exception_basis: list[str] = []
    if "5(1)(h)" in prohibited and answers.exceptions_5_1_h:
        prohibited = prohibited - {"5(1)(h)"}
        annex_iii = annex_iii | {"1(a)"}
        exception_basis = [f"Art. {e} exception" for e in sorted(answers.exceptions_5_1_h)]
        notes.append(
            "Real-time remote biometric identification within an Art. 5(1)(h) exception needs "
            "prior authorisation (Art. 5(3)) and is high-risk under Annex III 1(a)."
        )
    if prohibited:
        ids = sorted(prohibited)
        practices = "; ".join(f"{i}, {PROHIBITED_PRACTICES[i]}" for i in ids)
        return result(
            "prohibited",
            [f"Art. {i}" for i in ids],
            f"Prohibited: Art. {practices}",
            "The system performs a practice prohibited by Article 5; it may not be placed "
            "on the market, put into service or used in the EU.",
        )

    derogation_applies = bool(
        annex_iii and answers.derogation_6_3 and not answers.profiling and not exception_basis
    )
    if answers.annex_i_safety_component:
        basis = ["Art. 6(1)", "Annex I"] + [f"Annex III {p}" for p in sorted(annex_iii)]
        return result(
            "high",
            basis,
            "High risk: Art. 6(1), Annex I product safety component",
            "The system is a safety component of a product covered by Annex I legislation "
            "that requires third-party conformity assessment (Art. 6(1)).",
        )
    if annex_iii and not derogation_applies:
        rationale = "The intended use is listed in Annex III (Art. 6(2))."
        if answers.derogation_6_3 and answers.profiling:
            rationale += (
                " The Art. 6(3) derogation does not apply because the system profiles natural "
                "persons, which is always high-risk."
            )
        basis = ["Art. 6(2)"] + [f"Annex III {p}" for p in sorted(annex_iii)] + exception_basis
        if answers.profiling and answers.derogation_6_3:
            basis.append("Art. 6(3) (profiling)")
        return result("high", basis, f"High risk: Annex III {_point_text(annex_iii)}", rationale)

    if derogation_applies:
        notes.append(
            "Annex III use not high-risk under Art. 6(3): document the assessment before "
            "placing on the market (Art. 6(4)) and register the system (Art. 49(2))."
        )
    derogation_basis = (
        [f"Annex III {p}" for p in sorted(annex_iii)]
        + [f"Art. {d}" for d in sorted(answers.derogation_6_3)]
        + [DEROGATION_DUTIES]
        if derogation_applies
        else []
    )
    if transparency:
        cases = "; ".join(
            f"Art. {t}, {TRANSPARENCY_50[t]}" for t in sorted(answers.transparency_50)
        )
        return result(
            "limited",
            transparency + derogation_basis,
            f"Limited risk (transparency): {cases}",
            "Article 50 transparency obligations apply: people must be told they are dealing "
            "with an AI system or AI-generated content.",
        )
    rationale = "No prohibited practice, high-risk use or Art. 50 transparency case applies."
    if derogation_applies:
        rationale = (
            "The Annex III use is covered by an Art. 6(3) derogation and the system does not "
            "profile natural persons; no Art. 50 transparency case applies."
        )
    label = "Minimal risk"
    if derogation_applies:
        label = f"Not high risk: Annex III {_point_text(annex_iii)}, Art. 6(3) derogation"
    elif gpai_track:
        label = "General-purpose AI model obligations"
        rationale = (
            "No prohibited practice, high-risk use or Art. 50 transparency case applies to the "
            "system; the general-purpose AI model obligations of Chapter V apply."
        )
    return result("minimal", derogation_basis, label, rationale)
