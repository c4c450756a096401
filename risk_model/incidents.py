"""AI incidents (ISO/IEC 42001 A.8.4) and the EU AI Act Art. 73 reporting clock.

Art. 3(49) defines a *serious incident*: one that leads, directly or indirectly, to (a) the
death of a person or serious harm to a person's health, (b) a serious and irreversible
disruption of the management or operation of critical infrastructure, (c) an infringement of
Union law protecting fundamental rights, or (d) serious harm to property or the environment.

Art. 73 sets the latest day for the report to the market surveillance authority, counted
from the day the provider (or deployer) *becomes aware* of the incident, which Art. 73(2)
ties to establishing a causal link between the AI system and the incident, or the reasonable
likelihood of one: the clock runs from ``causal_link_on`` when recorded, else from detection.
A recorded Art. 3(49) consequence (e.g. a death) makes the incident serious and starts the
clock whether or not "serious" was ticked:

- 73(2): not later than 15 days;
- 73(3): not later than 2 days for a widespread infringement (Art. 3(61)) or a serious
  incident under Art. 3(49)(b) (critical infrastructure);
- 73(4): not later than 10 days in the event of a person's death.

When several apply, the shortest deadline governs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from risk_model.fields import Field, Register

INCIDENT_TYPES = ("fairness", "data drift", "performance", "safety", "security", "privacy", "other")
SEVERITIES = ("low", "medium", "high", "critical")
INCIDENT_STATUSES = ("open", "investigating", "mitigated", "closed")
OPEN_STATUSES = ("open", "investigating", "mitigated")

SERIOUS_CONSEQUENCES = (
    "death",
    "serious_harm_to_health",
    "critical_infrastructure",
    "fundamental_rights",
    "property_or_environment",
    "widespread_infringement",
)
CONSEQUENCE_LABELS = {
    "death": "Death of a person (Art. 3(49)(a), 73(4))",
    "serious_harm_to_health": "Serious harm to a person's health (Art. 3(49)(a))",
    "critical_infrastructure": "Serious, irreversible disruption of critical infrastructure "
    "(Art. 3(49)(b), 73(3))",
    "fundamental_rights": "Infringement of obligations protecting fundamental rights "
    "(Art. 3(49)(c))",
    "property_or_environment": "Serious harm to property or the environment (Art. 3(49)(d))",
    "widespread_infringement": "Widespread infringement (Art. 3(61), 73(3))",
}

STANDARD_DAYS, DEATH_DAYS, URGENT_DAYS = 15, 10, 2
URGENT = frozenset({"critical_infrastructure", "widespread_infringement"})

AI_INCIDENT = Register(
    name="incidents",
    table="ai_incidents",
    id_prefix="INC",
    label="AI incident log",
    title_field="title",
    defaults={"status": "open", "severity": "medium", "serious": False},
    fields=(
        Field("title", "Title", required=True),
        Field("system_id", "AI system", required=True),
        Field("incident_type", "Type", "enum", required=True, choices=INCIDENT_TYPES),
        Field("severity", "Severity", "enum", required=True, choices=SEVERITIES),
        Field("status", "Status", "enum", choices=INCIDENT_STATUSES),
        Field("detected_on", "Detected (became aware) on", "date", required=True),
        Field("occurred_on", "Occurred on", "date", expected=True),
        Field("description", "What happened", "long_text"),
        Field("affected_groups", "Affected groups", "list"),
        Field("actions", "Actions taken", "long_text", expected=True),
        Field("owner", "Owner", expected=True),
        Field("serious", "Serious incident under the EU AI Act (Art. 3(49))", "bool"),
        Field(
            "serious_consequences",
            "Consequences (Art. 3(49))",
            "multi_enum",
            choices=SERIOUS_CONSEQUENCES,
            choice_labels=CONSEQUENCE_LABELS,
        ),
        Field(
            "causal_link_on",
            "Causal link (or its reasonable likelihood) established on",
            "date",
            help="Art. 73(2): the reporting deadlines run from awareness of the causal link.",
        ),
        Field("reported_on", "Reported to the authority on", "date"),
        Field("closed_on", "Closed on", "date"),
    ),
)


def is_serious(serious: object, consequences: Iterable[str] | None) -> bool:
    """Serious when ticked, or when any Art. 3(49) consequence is recorded."""
    return bool(serious) or any(c in SERIOUS_CONSEQUENCES for c in (consequences or ()))


def aware_on(detected_on: date, causal_link_on: date | None) -> date:
    """The day the Art. 73 clock starts: the causal link's date when recorded."""
    return causal_link_on or detected_on


@dataclass(frozen=True)
class ReportingClock:
    """The Art. 73 deadline of one serious incident."""

    aware_on: date
    days_allowed: int
    deadline: date
    basis: str
    """The paragraph that sets the deadline, e.g. 'Art. 73(4): death of a person'."""

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days

    def overdue(self, today: date, reported_on: date | None = None) -> bool:
        return reported_on is None and today > self.deadline


def reporting_clock(aware_on: date, consequences: Iterable[str]) -> ReportingClock:
    """The shortest Art. 73 deadline that applies to a serious incident."""
    found = set(consequences)
    unknown = found - set(SERIOUS_CONSEQUENCES)
    if unknown:
        raise ValueError(f"unknown serious-incident consequence(s): {sorted(unknown)}")
    if found & URGENT:
        days, basis = URGENT_DAYS, "Art. 73(3): widespread infringement or critical infrastructure"
    elif "death" in found:
        days, basis = DEATH_DAYS, "Art. 73(4): death of a person"
    else:
        days, basis = STANDARD_DAYS, "Art. 73(2): serious incident"
    return ReportingClock(aware_on, days, aware_on + timedelta(days=days), basis)


def clock_text(clock: ReportingClock, today: date, reported_on: date | None) -> str:
    """One line for a table: reported, days left, or days overdue."""
    if reported_on is not None:
        late = (reported_on - clock.deadline).days
        return f"reported {reported_on:%Y-%m-%d}" + (f" ({late} d late)" if late > 0 else "")
    left = clock.days_left(today)
    if left < 0:
        return f"OVERDUE by {-left} d (due {clock.deadline:%Y-%m-%d})"
    return f"{left} d left (due {clock.deadline:%Y-%m-%d})"


def severity_for_breach(kind: str, decisions_about_people: bool) -> str:
    """Default severity of an incident opened by a monitor breach: unfair decisions about
    people are high; drift and performance start as medium until someone assesses them."""
    if kind == "fairness":
        return "high" if decisions_about_people else "medium"
    return "medium"


@dataclass(frozen=True)
class Breach:
    """A threshold a monitor run found breached; ``key`` names the open incident it feeds."""

    key: str
    """``fairness:<attribute>``, ``drift:dataset`` or ``performance:<metric>``."""
    kind: str
    """fairness, data drift or performance (an incident type)."""
    message: str
    affected_groups: tuple[str, ...] = ()
