"""The path through ISO/IEC 42001 for an organisation starting its AIMS, with progress.

Each step names the clauses it serves, the page where it is done, and the first thing to
do there. Its progress is the share of its milestones the records already show (e.g. "a
scope statement", "an interested party"), so a newcomer sees where they are and what next.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    title: str
    clauses: str
    page: str
    first_action: str
    milestones: tuple[str, ...]
    """Keys of the counts (``store.getting_started.milestone_counts``) that must be > 0."""


STEPS: tuple[Step, ...] = (
    Step(
        "Readiness assessment",
        "4-10, Annex A",
        "pages/audit/readiness.py",
        "Rate the clauses and Annex A controls 0-5 to see the gaps",
        ("readiness_rated",),
    ),
    Step(
        "Context and scope",
        "4.1-4.3",
        "pages/context/scope.py",
        "Write the AIMS scope statement, then the issues and interested parties",
        ("scope_statement", "context_issues", "interested_parties"),
    ),
    Step(
        "AI system inventory",
        "4.3, A.4",
        "pages/risk/inventory.py",
        "Add the AI systems the organisation builds, provides or uses",
        ("ai_systems", "scope_decisions"),
    ),
    Step(
        "Risk and impact assessment",
        "6.1.2-6.1.4, 8.2-8.4",
        "pages/risk/risks.py",
        "Record the first AI risk of a system, with its likelihood and severity",
        ("risks", "impact_assessments"),
    ),
    Step(
        "Annex A and the Statement of Applicability",
        "6.1.3 f)",
        "pages/controls/soa.py",
        "Decide and justify which Annex A controls apply, then approve a version",
        ("soa_justified", "soa_versions"),
    ),
    Step(
        "Evidence",
        "7.5",
        "pages/audit/evidence.py",
        "Upload a policy or register a link as the first evidence",
        ("evidence_items",),
    ),
    Step(
        "Monitoring",
        "9.1, A.6.2.6",
        "pages/monitor/monitoring.py",
        "Register a deployed model and run its first monitor",
        ("monitored_models", "monitor_runs"),
    ),
    Step(
        "Training and awareness",
        "7.2, 7.3",
        "pages/controls/training.py",
        "Add the people with AIMS roles and record their training",
        ("people", "training_completions"),
    ),
    Step(
        "Internal audit and nonconformities",
        "9.2, 10.2",
        "pages/audit/audits.py",
        "Plan the first internal audit of the AIMS",
        ("internal_audits", "audits_completed"),
    ),
    Step(
        "Management review",
        "9.3",
        "pages/audit/management_review.py",
        "Plan a management review with top management",
        ("management_reviews", "reviews_held"),
    ),
    Step(
        "Certification",
        "Stage 1 and 2",
        "pages/audit/certification.py",
        "Set the target certification date and the certification body",
        ("target_date", "stage1_date"),
    ),
)


@dataclass(frozen=True)
class StepProgress:
    step: Step
    done: int
    of: int

    @property
    def complete(self) -> bool:
        return self.done == self.of


def progress(counts: dict[str, int]) -> list[StepProgress]:
    """Each step with how many of its milestones the records show (a missing count is 0)."""
    return [
        StepProgress(step, sum(counts.get(m, 0) > 0 for m in step.milestones), len(step.milestones))
        for step in STEPS
    ]


def is_new(counts: dict[str, int]) -> bool:
    """A store with no AI system and no risk yet: the overview leads with the path."""
    return counts.get("ai_systems", 0) == 0 and counts.get("risks", 0) == 0
