"""Fairness in words for an ML owner: which group is disadvantaged, by how much, and since when.

The monitor job stores, per run and sensitive attribute, each group's selection rate and the
summary metrics (demographic parity difference and ratio, equalized odds difference) with
their thresholds and whether they were breached. This module reads those long rows (the frame
of ``store.monitoring.metric_history``) and says, per attribute, for the latest run:

- the disadvantaged group: the group with the lowest selection rate, against the highest;
- by how much: the gap in percentage points and the ratio (the four-fifths rule's measure);
- since when: the start of the current unbroken series of runs in which any fairness metric
  of that attribute was out of its threshold.

Rows may be missing or NULL (a run whose groups were too small, a failed computation): they
are skipped, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

SUMMARY_METRICS = (
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equalized_odds_difference",
)
METRIC_WORDS = {
    "demographic_parity_difference": "demographic parity difference",
    "demographic_parity_ratio": "four-fifths ratio",
    "equalized_odds_difference": "equalized odds difference",
}


@dataclass(frozen=True)
class FairnessFinding:
    attribute: str
    run_id: str
    disadvantaged: str | None
    """The group with the lowest selection rate in the latest run (None: no rates)."""
    advantaged: str | None
    low_rate: float | None
    high_rate: float | None
    breached_metrics: tuple[str, ...]
    """The summary metrics out of threshold in the latest run."""
    since: date | None
    """First run of the current unbroken series of breaching runs (None: not breached)."""
    breaching_runs: int

    @property
    def breached(self) -> bool:
        return bool(self.breached_metrics)

    @property
    def gap_points(self) -> float | None:
        if self.low_rate is None or self.high_rate is None:
            return None
        return round((self.high_rate - self.low_rate) * 100, 1)

    @property
    def ratio(self) -> float | None:
        if self.low_rate is None or not self.high_rate:
            return None
        return self.low_rate / self.high_rate

    def sentence(self) -> str:
        """One plain sentence (no markup) for the owner of the model."""
        if self.disadvantaged is None:
            rates = f"{self.attribute}: no group selection rates in run {self.run_id}"
            return rates + (
                f"; out of threshold: {', '.join(METRIC_WORDS[m] for m in self.breached_metrics)}."
                if self.breached
                else "."
            )
        compared = (
            f"selected {self.low_rate:.0%} of the time against {self.high_rate:.0%} for "
            f"{self.advantaged}, {self.gap_points:g} percentage points lower"
        )
        if self.ratio is not None:
            compared += f" (ratio {self.ratio:.2f}; the four-fifths rule asks for 0.80 or more)"
        if not self.breached:
            return (
                f"{self.attribute}: within thresholds in run {self.run_id}. Lowest group: "
                f"{self.disadvantaged}, {compared}."
            )
        runs = "run" if self.breaching_runs == 1 else f"{self.breaching_runs} runs in a row"
        return (
            f"{self.attribute}: {self.disadvantaged} is disadvantaged, {compared}. Out of "
            f"threshold ({', '.join(METRIC_WORDS[m] for m in self.breached_metrics)}) in the "
            f"latest {runs}, since {self.since:%d %b %Y}."
        )


def _breached(rows: pd.DataFrame) -> tuple[str, ...]:
    summary = rows[rows["metric"].isin(SUMMARY_METRICS) & rows["group_name"].isna()]
    hit = summary[summary["breached"].fillna(False).astype(bool)]
    return tuple(m for m in SUMMARY_METRICS if m in set(hit["metric"]))


def fairness_findings(history: pd.DataFrame) -> list[FairnessFinding]:
    """One finding per sensitive attribute (intersections included), worst first."""
    rows = history[(history["family"] == "fairness") & history["attribute"].notna()]
    findings = []
    for attribute, part in rows.groupby("attribute", sort=True):
        runs = (
            part[["run_id", "started_at"]]
            .drop_duplicates("run_id")
            .sort_values(["started_at", "run_id"])
        )
        latest_id = runs["run_id"].iloc[-1]
        latest = part[part["run_id"] == latest_id]
        rates = latest[
            (latest["metric"] == "selection_rate")
            & latest["group_name"].notna()
            & latest["value"].notna()
        ].sort_values(["value", "group_name"])
        low = rates.iloc[0] if len(rates) else None
        high = rates.iloc[-1] if len(rates) else None
        breached = _breached(latest)
        since, count = None, 0
        if breached:
            for run in reversed(list(runs.itertuples())):
                if not _breached(part[part["run_id"] == run.run_id]):
                    break
                since, count = pd.Timestamp(run.started_at).date(), count + 1
        findings.append(
            FairnessFinding(
                attribute=str(attribute),
                run_id=str(latest_id),
                disadvantaged=None if low is None else str(low["group_name"]),
                advantaged=None if high is None else str(high["group_name"]),
                low_rate=None if low is None else float(low["value"]),
                high_rate=None if high is None else float(high["value"]),
                breached_metrics=breached,
                since=since,
                breaching_runs=count,
            )
        )
    return sorted(findings, key=lambda f: (not f.breached, -(f.gap_points or 0), f.attribute))
