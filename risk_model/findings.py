"""What a pre-audit check reads and returns, and how an area of checks declares them.

An area (``risk_model.checks_risk``, ``checks_controls``, ``checks_cycle``, and the scope and
inventory checks in ``risk_model.checks``) is a ``CheckArea``; ``risk_model.checks.AREAS`` lists
them all, so a check runs because its area is listed, not because a module was imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Severity = Literal["major", "minor"]


@dataclass(frozen=True)
class Finding:
    check_id: str
    reference: str
    """The clause (e.g. "4.3") or Annex A control (e.g. "A.6.2.6") the finding concerns."""
    severity: Severity
    record_type: str
    record_id: str
    record_label: str
    message: str
    page: str
    """The dashboard page where the record is fixed."""


@dataclass
class AimsSnapshot:
    """What the checks read. Lists of dicts keyed by column name; None means "not loaded"."""

    today: date
    systems: list[dict] = field(default_factory=list)
    scope: dict | None = None
    extra: dict[str, list[dict] | dict | None] = field(default_factory=dict)


Check = Callable[[AimsSnapshot], list[Finding]]


@dataclass
class CheckArea:
    """The checks of one area, in the order they are declared: ``{check_id: (title, check)}``."""

    name: str
    checks: dict[str, tuple[str, Check]] = field(default_factory=dict)

    def check(self, check_id: str, title: str) -> Callable[[Check], Check]:
        def declare(function: Check) -> Check:
            if check_id in self.checks:
                raise ValueError(f"check {check_id} is declared twice in {self.name}")
            self.checks[check_id] = (title, function)
            return function

        return declare


def checks_of(areas: tuple[CheckArea, ...]) -> dict[str, tuple[str, Check]]:
    """The checks of every area by id; an id declared in two areas is an error."""
    found: dict[str, tuple[str, Check]] = {}
    for area in areas:
        for check_id, declared in area.checks.items():
            if check_id in found:
                raise ValueError(f"check {check_id} is declared in two areas")
            found[check_id] = declared
    return found
