"""The user-visible Evidently report, stored as a compact snapshot and rendered on demand.

A snapshot of a drift report is ~100-300 kB of JSON; its HTML is ~4 MB (mostly the bundled
JavaScript), so the store keeps the snapshot and the dashboard renders HTML when asked.
"""

from __future__ import annotations

import json

import pandas as pd

from monitors.drift import ColumnType


def build_snapshot(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    columns: dict[str, ColumnType],
    target: str | None = None,
    prediction: str | None = None,
) -> str:
    """Run Evidently's ``DataDriftPreset`` on ``columns`` (plus a ValueDrift of the target and of
    the prediction, when given, treated as categorical) and serialise the Snapshot as JSON."""
    from evidently.legacy.utils.numpy_encoder import NumpyEncoder

    from monitors.drift_evidently import run_drift_report

    extra: dict[str, ColumnType] = {c: "categorical" for c in (target, prediction) if c}
    snapshot = run_drift_report(reference, current, columns, extra_columns=extra)
    return json.dumps(snapshot.dump_dict(), cls=NumpyEncoder, separators=(",", ":"))


def render_html(snapshot_json: str) -> str:
    """Load a snapshot serialised by ``build_snapshot`` and render Evidently's standalone HTML."""
    from evidently.core.report import Snapshot

    return Snapshot.loads(snapshot_json).get_html_str(as_iframe=False)
