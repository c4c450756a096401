"""Monitoring computations: data drift, fairness and performance of deployed AI systems.

This is the only package that imports Evidently or fairlearn, and it imports Evidently lazily
(see ``drift_evidently`` and ``evidently_report``) so that ``import monitors`` stays cheap.
"""

from monitors.errors import MonitorInputError

__all__ = ["MonitorInputError"]
