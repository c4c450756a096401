"""Every page of the dashboard: its script, title and icon, by navigation section.

Data, not Streamlit: ``app.py`` turns it into ``st.Page`` objects, and the tests and the page
benchmark read the same list instead of parsing ``app.py``. A page's address is its file's
name (``pages/risk/inventory.py`` opens at ``/inventory``), so moving a page between section
folders never breaks a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class PageSpec:
    script: str
    """The page's file, from the project's root."""
    title: str
    icon: str
    """A Material Symbols name (``dashboard``)."""

    @property
    def url_path(self) -> str:
        return PurePosixPath(self.script).stem


DEFAULT_PAGE = "pages/overview.py"
"""The page the root address opens."""

SECTIONS: dict[str, tuple[PageSpec, ...]] = {
    "Overview": (PageSpec("pages/overview.py", "Executive overview", "dashboard"),),
    "Context and leadership": (
        PageSpec("pages/context/scope.py", "AIMS scope", "crop_free"),
        PageSpec("pages/context/context.py", "Context and interested parties", "public"),
        PageSpec("pages/context/dependencies.py", "Integration map", "hub"),
        PageSpec("pages/context/policies.py", "AI policy and policies", "policy"),
        PageSpec("pages/context/objectives.py", "AI objectives", "flag"),
        PageSpec("pages/context/responsibilities.py", "Roles and responsibilities", "account_tree"),
    ),
    "Inventory and risk": (
        PageSpec("pages/risk/inventory.py", "AI system inventory", "inventory_2"),
        PageSpec("pages/risk/discovery.py", "Discovery", "travel_explore"),
        PageSpec("pages/risk/datasets.py", "Datasets", "database"),
        PageSpec("pages/risk/lifecycle.py", "Life-cycle records", "linear_scale"),
        PageSpec("pages/risk/risks.py", "AI risk register", "warning"),
        PageSpec("pages/risk/heatmap.py", "Risk heatmap", "grid_on"),
        PageSpec("pages/risk/impact_assessments.py", "Impact assessments", "diversity_3"),
        PageSpec("pages/risk/risk_settings.py", "Risk matrix", "tune"),
    ),
    "Controls and support": (
        PageSpec("pages/controls/soa.py", "Statement of Applicability", "checklist"),
        PageSpec("pages/controls/crosswalk.py", "Framework crosswalk", "compare_arrows"),
        PageSpec("pages/controls/documents.py", "Documented information", "description"),
        PageSpec("pages/controls/training.py", "Training and awareness", "school"),
        PageSpec("pages/controls/suppliers.py", "AI suppliers and customers", "handshake"),
        PageSpec("pages/controls/data_import.py", "Import", "upload_file"),
    ),
    "EU AI Act": (
        PageSpec("pages/eu_ai_act/classification.py", "EU AI Act classification", "gavel"),
        PageSpec("pages/eu_ai_act/obligations.py", "EU AI Act obligations", "event"),
    ),
    "Monitor": (
        PageSpec("pages/monitor/monitoring.py", "Monitoring", "monitor_heart"),
        PageSpec("pages/monitor/incidents.py", "AI incidents", "report"),
    ),
    "Audit": (
        PageSpec("pages/audit/readiness.py", "Readiness assessment", "speed"),
        PageSpec("pages/audit/roadmap.py", "Certification roadmap", "timeline"),
        PageSpec("pages/audit/checks.py", "Pre-audit checks", "fact_check"),
        PageSpec("pages/audit/coverage.py", "Control coverage", "bar_chart"),
        PageSpec("pages/audit/evidence.py", "Evidence library", "folder_open"),
        PageSpec("pages/audit/audits.py", "Internal audits", "rule"),
        PageSpec(
            "pages/audit/nonconformities.py",
            "Nonconformities and corrective actions",
            "assignment_late",
        ),
        PageSpec("pages/audit/management_review.py", "Management review", "groups"),
        PageSpec("pages/audit/certification.py", "Certification cycle", "workspace_premium"),
    ),
}


def all_pages() -> list[PageSpec]:
    """Every page, in navigation order."""
    return [page for pages in SECTIONS.values() for page in pages]
