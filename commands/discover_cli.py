"""``python -m store discover <source>``: look for AI where it shows up, and keep what is found.

Sources: ``code PATH...`` (repositories), ``spend FILE`` (expense, procurement, SaaS or proxy
exports) and ``mlflow --tracking-uri URI`` (a model registry). Each scan prints what is new or
changed since the last one; triage happens on the Discovery page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from risk_model.access import SYSTEM
from risk_model.file_reading import FileRejected
from store import discovery, open_store, settings


def add_parser(commands, db_help: str) -> None:
    """Declare ``discover`` and its sources on the ``python -m store`` parser."""
    parser = commands.add_parser(
        "discover", help="find AI in code, model registries and spend exports"
    )
    sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
    code = sources.add_parser("code", help="scan repositories' manifests and imports")
    code.add_argument("paths", nargs="+", type=Path, help="a repository's checkout folder")
    code.add_argument("--db", help=db_help)
    spend = sources.add_parser(
        "spend", help="match a spend, SaaS or proxy export (CSV/XLSX) against AI vendors"
    )
    spend.add_argument("file", type=Path, help="the CSV or XLSX export")
    spend.add_argument("--db", help=db_help)
    mlflow = sources.add_parser("mlflow", help="list an MLflow registry's registered models")
    mlflow.add_argument("--tracking-uri", required=True, help="e.g. http://mlflow:5000")
    mlflow.add_argument("--db", help=db_help)


def run(args) -> int:
    db = open_store(settings.db_path(args.db))
    if args.source == "code":
        from monitors.repository_scan import Catalogue, scan_repository

        catalogue = Catalogue.build()
        results = [scan_repository(path, catalogue) for path in args.paths]
    elif args.source == "spend":
        from risk_model.spend_scan import scan_spend

        if not args.file.is_file():
            raise FileNotFoundError(f"no such file: {args.file}")
        try:
            results = [scan_spend(args.file.read_bytes(), args.file.name)]
        except FileRejected as error:
            raise ValueError("; ".join(str(p) for p in error.problems)) from None
    else:
        from monitors.registry_scan import scan_mlflow

        results = [scan_mlflow(args.tracking_uri)]
    for result in results:
        summary = discovery.record_scan(db, result, SYSTEM)
        print(_summary_line(result, summary))
        for file, message in result.problems:
            print(f"warning: {result.target}: {file}: {message}", file=sys.stderr)
    return 0


def _summary_line(result, summary: discovery.ScanSummary) -> str:
    skipped = ""
    if result.source == "code":
        skipped = (
            f"; {result.files_scanned} files read, skipped {result.skipped_binary} binary,"
            f" {result.skipped_huge} huge, {result.skipped_symlinks} symbolic links"
        )
    return (
        f"{summary.scan_id} {result.source} {result.target}: {summary.findings} findings,"
        f" {summary.new} new, {summary.changed} moved; {summary.candidates_new} new candidates,"
        f" {summary.reopened} re-opened{skipped}"
    )
