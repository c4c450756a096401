"""The store's few settings, declared once (name, default, help) and overridable.

Precedence: an explicit argument (``--db``), then the environment variable, then the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self, override: str | None = None) -> str:
        if override:
            return override
        return os.environ.get(self.env) or self.default


DB_PATH = Setting(
    "db", "AIMS_DB", str(PROJECT_ROOT / "data" / "aims.duckdb"), "Path of the DuckDB store file."
)
LOCK_TIMEOUT = Setting(
    "lock_timeout", "AIMS_LOCK_TIMEOUT", "60", "Seconds to wait for the store before giving up."
)
STALE_DAYS = Setting(
    "stale_days", "AIMS_STALE_DAYS", "7", "Days without a monitor run before a model is stale."
)
UPLOAD_LIMIT_MB = Setting(
    "upload_limit_mb", "AIMS_UPLOAD_LIMIT_MB", "50", "Largest file an import or upload accepts."
)
RESTORE_LIMIT_MB = Setting(
    "restore_limit_mb",
    "AIMS_RESTORE_LIMIT_MB",
    "20480",
    "Largest total size a restore unpacks from a backup; more is refused before unpacking.",
)
TRAIL_KEY = Setting(
    "trail_key",
    "AIMS_TRAIL_KEY",
    "",
    "Key that signs the audit trail; if unset, the file <db>.trail-key (made on first use).",
)
DATA_ROOTS = Setting(
    "data_roots",
    "AIMS_DATA_ROOTS",
    "",
    "Folders a monitored model's file sources may read (OS path separator between them); "
    "empty: the store's folder and the project's data/.",
)
DISCOVERY_OPEN_DAYS = Setting(
    "discovery_open_days",
    "AIMS_DISCOVERY_OPEN_DAYS",
    "30",
    "Days a discovery candidate may stay open before the pre-audit check flags it (4.1, A.4.2).",
)
DISCOVERY_ROOTS = Setting(
    "discovery_roots",
    "AIMS_DISCOVERY_ROOTS",
    "",
    "Folders whose repositories the Discovery page may scan (OS path separator between them); "
    "empty: the page scans no folder, and `python -m store discover code` is the way.",
)
MLFLOW_URIS = Setting(
    "mlflow_uris",
    "AIMS_MLFLOW_URIS",
    "",
    "MLflow tracking URIs the Discovery page may scan (separated by spaces); empty: the page "
    "scans no registry, and `python -m store discover mlflow URI` is the way.",
)

SETTINGS = (
    DB_PATH,
    LOCK_TIMEOUT,
    STALE_DAYS,
    UPLOAD_LIMIT_MB,
    RESTORE_LIMIT_MB,
    TRAIL_KEY,
    DATA_ROOTS,
    DISCOVERY_OPEN_DAYS,
    DISCOVERY_ROOTS,
    MLFLOW_URIS,
)

CHECK_SETTINGS = (DISCOVERY_OPEN_DAYS,)
"""The settings a pre-audit check reads: their values are part of the findings cache's key."""


def default_db_path() -> Path:
    return Path(DB_PATH.default)


def db_path(override: str | None = None) -> Path:
    return Path(DB_PATH.value(override)).expanduser()
