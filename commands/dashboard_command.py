"""The command line that serves the dashboard for a test or a benchmark: the same
``streamlit run app.py`` that ``scripts/start.sh`` runs, headless on 127.0.0.1."""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"


def dashboard_command(port: int, db_path: Path | str, *options: str) -> list[str]:
    """``streamlit run app.py`` on ``db_path`` at ``http://127.0.0.1:<port>``: no browser, no
    usage statistics, and no file watcher, so edits to the tree never rerun the app under
    test. ``options`` are further Streamlit options (e.g. ``--secrets.files PATH``)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *options,
        "--",
        "--db",
        str(db_path),
    ]
