"""Ordinal likelihood and severity scales, and a configurable risk matrix (ISO 31000 style).

A matrix maps each (likelihood, severity) cell to one of its risk levels. Both scales are
1-based: likelihood 1 is the least likely, severity 1 the least severe. Level indices are
0-based positions in ``RiskMatrix.levels``, ordered from the lowest risk to the highest.

The default 5x5 matrix bands the product ``likelihood * severity``:

====================  =========
product l x s         level
====================  =========
1 to 3                Very low
4 to 6                Low
8 to 10               Medium
12 to 16              High
20 to 25              Very high
====================  =========

(7, 11 and 17 to 19 are not products of two numbers from 1 to 5.) As a grid, likelihood
rows from 1 (Rare) to 5 (Almost certain), severity columns from 1 to 5::

    l=1  Very low  Very low  Very low  Low        Low
    l=2  Very low  Low       Low       Medium     Medium
    l=3  Very low  Low       Medium    High       High
    l=4  Low       Medium    High      High       Very high
    l=5  Low       Medium    High      Very high  Very high
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Scale:
    """A 1-based ordinal scale: level 1 is ``levels[0]``."""

    name: str
    levels: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "levels", tuple(self.levels))

    @property
    def size(self) -> int:
        return len(self.levels)

    def label(self, n: int) -> str:
        self.check(n)
        return self.levels[n - 1]

    def check(self, n: int) -> None:
        """Raise ValueError unless ``n`` is a level of this scale (1..size)."""
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= self.size:
            raise ValueError(f"{self.name} must be an integer from 1 to {self.size}, got {n!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "levels": list(self.levels)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scale:
        return cls(name=data["name"], levels=tuple(data["levels"]))


@dataclass(frozen=True)
class RiskLevel:
    name: str
    colour: str
    """A CSS colour (hex) used for the cell fill in charts."""


LIKELIHOOD_5 = Scale("Likelihood", ("Rare", "Unlikely", "Possible", "Likely", "Almost certain"))
SEVERITY_5 = Scale("Severity", ("Negligible", "Minor", "Moderate", "Major", "Catastrophic"))
LIKELIHOOD_4 = Scale("Likelihood", ("Rare", "Unlikely", "Likely", "Almost certain"))
SEVERITY_4 = Scale("Severity", ("Minor", "Moderate", "Major", "Severe"))
LIKELIHOOD_3 = Scale("Likelihood", ("Low", "Medium", "High"))
SEVERITY_3 = Scale("Severity", ("Low", "Medium", "High"))

VERY_LOW = RiskLevel("Very low", "#2e7d32")
LOW = RiskLevel("Low", "#9ccc65")
MEDIUM = RiskLevel("Medium", "#fdd835")
HIGH = RiskLevel("High", "#fb8c00")
VERY_HIGH = RiskLevel("Very high", "#b71c1c")
DEFAULT_LEVELS = (VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH)


@dataclass(frozen=True)
class RiskMatrix:
    """``grid[l - 1][s - 1]`` is the index in ``levels`` for likelihood l and severity s."""

    likelihood: Scale
    severity: Scale
    levels: tuple[RiskLevel, ...]
    grid: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "levels", tuple(self.levels))
        object.__setattr__(self, "grid", tuple(tuple(row) for row in self.grid))
        self.validate()

    def validate(self) -> None:
        """Raise ValueError if the grid does not fit the scales and levels."""
        for scale in (self.likelihood, self.severity):
            if scale.size < 2:
                raise ValueError(f"{scale.name} scale needs at least 2 levels")
            if len(set(scale.levels)) != scale.size:
                raise ValueError(f"{scale.name} scale has duplicate level names")
        if not self.levels:
            raise ValueError("a risk matrix needs at least one risk level")
        names = [level.name for level in self.levels]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate risk level names: {names}")
        if len(self.grid) != self.likelihood.size:
            raise ValueError(
                f"grid has {len(self.grid)} rows but the likelihood scale has "
                f"{self.likelihood.size} levels"
            )
        for lik, row in enumerate(self.grid, start=1):
            if len(row) != self.severity.size:
                raise ValueError(
                    f"grid row for likelihood {lik} has {len(row)} cells but the severity "
                    f"scale has {self.severity.size} levels"
                )
            for s, index in enumerate(row, start=1):
                if isinstance(index, bool) or not isinstance(index, int):
                    raise ValueError(f"grid cell ({lik}, {s}) is not an integer: {index!r}")
                if not 0 <= index < len(self.levels):
                    raise ValueError(
                        f"grid cell ({lik}, {s}) refers to level {index}, but only levels "
                        f"0 to {len(self.levels) - 1} exist"
                    )

    def level_index(self, likelihood: int, severity: int) -> int:
        self.likelihood.check(likelihood)
        self.severity.check(severity)
        return self.grid[likelihood - 1][severity - 1]

    def level(self, likelihood: int, severity: int) -> RiskLevel:
        return self.levels[self.level_index(likelihood, severity)]

    def level_index_by_name(self, name: str) -> int:
        for index, level in enumerate(self.levels):
            if level.name == name:
                return index
        raise ValueError(f"unknown risk level {name!r}; known: {[lv.name for lv in self.levels]}")

    def is_monotone(self) -> bool:
        """True if the level never decreases as likelihood or severity grows."""
        rows, cols = self.likelihood.size, self.severity.size
        for lik in range(rows):
            for s in range(cols):
                here = self.grid[lik][s]
                if lik + 1 < rows and self.grid[lik + 1][s] < here:
                    return False
                if s + 1 < cols and self.grid[lik][s + 1] < here:
                    return False
        return True

    def cells(self) -> Iterator[tuple[int, int, RiskLevel]]:
        """Every cell as (likelihood, severity, level), likelihood-major, both from 1."""
        for lik in range(1, self.likelihood.size + 1):
            for s in range(1, self.severity.size + 1):
                yield lik, s, self.level(lik, s)

    def to_dict(self) -> dict[str, Any]:
        return {
            "likelihood": self.likelihood.to_dict(),
            "severity": self.severity.to_dict(),
            "levels": [{"name": lv.name, "colour": lv.colour} for lv in self.levels],
            "grid": [list(row) for row in self.grid],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RiskMatrix:
        try:
            return cls(
                likelihood=Scale.from_dict(data["likelihood"]),
                severity=Scale.from_dict(data["severity"]),
                levels=tuple(RiskLevel(lv["name"], lv["colour"]) for lv in data["levels"]),
                grid=tuple(tuple(row) for row in data["grid"]),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a risk matrix dictionary: {exc!r}") from exc


def banded_grid(
    likelihood_size: int, severity_size: int, upper_bounds: Sequence[int]
) -> tuple[tuple[int, ...], ...]:
    """Grid whose level is the first band with ``l * s <= upper_bounds[i]``; last band is open."""

    def band(product: int) -> int:
        for index, bound in enumerate(upper_bounds):
            if product <= bound:
                return index
        return len(upper_bounds)

    return tuple(
        tuple(band(lik * s) for s in range(1, severity_size + 1))
        for lik in range(1, likelihood_size + 1)
    )


DEFAULT_BAND_UPPER_BOUNDS = (3, 6, 10, 16)
DEFAULT_MATRIX = RiskMatrix(
    likelihood=LIKELIHOOD_5,
    severity=SEVERITY_5,
    levels=DEFAULT_LEVELS,
    grid=banded_grid(5, 5, DEFAULT_BAND_UPPER_BOUNDS),
)


def standard_matrix(size: int) -> RiskMatrix:
    """A square matrix of ``size`` 3, 4 or 5, banded on l * s.

    3x3: Low/Medium/High on both axes; levels Low (1-2), Medium (3-4), High (6-9).
    4x4: levels Low (1-2), Medium (3-4), High (6-9), Very high (12-16).
    5x5: ``DEFAULT_MATRIX``.
    """
    if size == 5:
        return DEFAULT_MATRIX
    if size == 4:
        return RiskMatrix(
            LIKELIHOOD_4, SEVERITY_4, (LOW, MEDIUM, HIGH, VERY_HIGH), banded_grid(4, 4, (2, 4, 9))
        )
    if size == 3:
        return RiskMatrix(
            LIKELIHOOD_3,
            SEVERITY_3,
            (RiskLevel("Low", LOW.colour), MEDIUM, RiskLevel("High", VERY_HIGH.colour)),
            banded_grid(3, 3, (2, 4)),
        )
    raise ValueError(f"standard matrices are 3x3, 4x4 or 5x5, not {size}x{size}")


@dataclass(frozen=True)
class Appetite:
    """Risk appetite as the highest tolerable level index of a matrix."""

    level_index: int

    def check(self, matrix: RiskMatrix) -> None:
        if not 0 <= self.level_index < len(matrix.levels):
            raise ValueError(
                f"appetite level {self.level_index} is outside the matrix levels "
                f"0 to {len(matrix.levels) - 1}"
            )

    def is_exceeded(self, matrix: RiskMatrix, likelihood: int, severity: int) -> bool:
        return above_appetite(matrix, self.level_index, likelihood, severity)


def above_appetite(matrix: RiskMatrix, appetite_index: int, likelihood: int, severity: int) -> bool:
    """True if the cell's level is strictly higher than the appetite level."""
    Appetite(appetite_index).check(matrix)
    return matrix.level_index(likelihood, severity) > appetite_index


def rescore(matrix: RiskMatrix, assessments: Iterable[tuple[int, int]]) -> list[RiskLevel]:
    """Levels for (likelihood, severity) pairs under ``matrix``, in input order.

    Raises ValueError naming the first pair that does not fit the matrix's scales, e.g.
    after a switch from a 5x5 to a 4x4 matrix.
    """
    levels = []
    for lik, s in assessments:
        try:
            levels.append(matrix.level(lik, s))
        except ValueError as exc:
            raise ValueError(f"cannot rescore ({lik}, {s}): {exc}") from exc
    return levels
