"""Entry point for ``spark-submit`` and Databricks Python-script jobs: ``python -m monitors
drift --engine spark`` with the arguments given, on the session the cluster started.

    spark-submit --master yarn --py-files aims.zip commands/monitor_spark_job.py \\
        --reference s3://logs/reference/ --current 's3://logs/2026-11-*/' --format json

Exit codes as ``python -m monitors drift``: 0 no dataset drift, 1 dataset drift, 2 bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository (or --py-files zip) on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from commands.monitors_cli import main  # noqa: E402


def run(argv: list[str]) -> int:
    return main(["drift", "--engine", "spark", *argv])


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
