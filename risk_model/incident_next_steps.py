"""The next step of an AI incident (ISO/IEC 42001 A.8.4, 10.2): what to check and who owns it.

An incident opened by a monitor breach tells its owner what broke; this says what to look at
first for that kind of breach, and who is on the hook: the incident's owner, else the AI
system's owner, else nobody yet, which is itself the first thing to fix.
"""

from __future__ import annotations

from dataclasses import dataclass

CHECKS = {
    "data drift": (
        "Compare the drifted features' current values with the reference data: look for an "
        "upstream change (a new source, a unit or category change, a broken join) before "
        "deciding whether the model needs retraining on recent data."
    ),
    "fairness": (
        "Look at the disadvantaged group's selection and error rates on the Monitoring page's "
        "Fairness tab, check whether its sample is large enough to trust, and review the "
        "decisions it affected; record any mitigation and re-run the monitor."
    ),
    "performance": (
        "Check that recent outcomes (labels) are complete and correct, then compare the "
        "performance per group and over time; retrain or roll back if the drop is real."
    ),
    "safety": "Stop or restrict the affected use, then find the cause with the system owner.",
    "security": "Contain the affected system and follow the security incident procedure.",
    "privacy": "Assess the personal data involved with the privacy officer (GDPR Art. 33 clock).",
}
DEFAULT_CHECK = "Establish what happened, who is affected and whether the system must be limited."
CLOSING = {
    "mitigated": "Confirm with a monitor run or a review that the fix holds, then close it.",
    "closed": "Nothing to do: the incident is closed.",
}


@dataclass(frozen=True)
class NextStep:
    check: str
    owner: str | None
    owner_source: str
    """Where the owner comes from: 'incident', 'system' or 'nobody'."""

    def owner_text(self) -> str:
        if self.owner_source == "incident":
            return f"{self.owner} (incident owner)"
        if self.owner_source == "system":
            return f"{self.owner} (owner of the AI system; the incident has no owner yet)"
        return "nobody yet: assign an owner to this incident first"


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def next_step(incident: dict, system_owner: str | None = None) -> NextStep:
    """The next step of ``incident`` (a record of the AI incident log)."""
    status = _text(incident.get("status")) or "open"
    kind = _text(incident.get("incident_type")) or "other"
    check = CLOSING.get(status) or CHECKS.get(kind, DEFAULT_CHECK)
    if owner := _text(incident.get("owner")):
        return NextStep(check, owner, "incident")
    if owner := _text(system_owner):
        return NextStep(check, owner, "system")
    return NextStep(check, None, "nobody")
