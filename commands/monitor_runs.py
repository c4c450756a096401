"""Commands that work on the store: ``run``, ``register``, ``report`` and ``models``.

``python -m monitors run --all`` / ``--system ID`` / ``--due`` runs registered models with a progress bar
on stderr; exit code 0 when every run is within thresholds, 1 when one breached, 2 when one
failed. ``report RUN_ID`` prints a run's Evidently HTML (built from the stored snapshot, or
from the run's data when the snapshot was pruned).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from risk_model.access import SYSTEM, Actor
from store import settings

MONITOR_JOB = Actor("monitor job", SYSTEM.roles)


def _store(args: argparse.Namespace):
    from store import open_store

    return open_store(settings.db_path(args.db))


def _bar(label: str, fraction: float, message: str) -> None:
    filled = int(fraction * 30)
    sys.stderr.write(
        f"\r{label:<10} [{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {message:<45}"
    )
    if fraction >= 1.0:
        sys.stderr.write("\n")
    sys.stderr.flush()


def run_command(args: argparse.Namespace) -> int:
    from monitors.jobs import run_all

    db = _store(args)
    actor = (
        Actor(f"monitor job ({args.requested_by})", SYSTEM.roles)
        if args.requested_by
        else MONITOR_JOB
    )
    if args.due:
        from commands.monitor_schedules import run_due

        results = run_due(db, actor, _bar, not args.no_report)
        if not results:
            print("no monitored model is due", file=sys.stderr)
            return 0
    else:
        results = run_all(db, actor, _bar, None if args.all else args.system, not args.no_report)
    if not results:
        print(
            f"no active monitored model{'' if args.all else ' for ' + args.system}", file=sys.stderr
        )
        return 2
    for result in results:
        line = f"{result.run_id} {result.model_id} {result.status} ({result.duration_s:.1f} s)"
        details = result.failure_reason or "; ".join(result.breaches)
        print(line + (f": {details}" if details else ""))
    statuses = {r.status for r in results}
    return 2 if "failed" in statuses else 1 if "breached" in statuses else 0


def add_run_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("run", help="run registered monitors and record the runs")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every active monitored model")
    which.add_argument("--system", metavar="ID", help="the models of one AI system (SYS-0001)")
    which.add_argument(
        "--due", action="store_true", help="every scheduled model whose run is due (claimed once)"
    )
    parser.add_argument("--db", help=f"store file (default ${settings.DB_PATH.env})")
    parser.add_argument("--no-report", action="store_true", help="skip the Evidently snapshot")
    parser.add_argument("--requested-by", help="who asked for the run (recorded)")
    parser.set_defaults(handler=run_command)


def register_command(args: argparse.Namespace) -> int:
    from store.monitored_models import register_model

    features = dict(item.split(":", 1) for item in args.features.split(","))
    values = {
        "name": args.name,
        "system_id": args.system,
        "owner": args.owner,
        "reference_source": args.reference,
        "current_source": args.current,
        "target_column": args.target,
        "prediction_column": args.prediction,
        "probability_column": args.probability,
        "positive_label": args.positive_label,
        "features": features,
        "sensitive_attributes": [s for s in (args.sensitive or "").split(",") if s],
        "intersections": args.intersections,
        "thresholds": json.loads(args.thresholds) if args.thresholds else {},
        "stale_after_days": args.stale_after_days,
        "schedule": args.schedule,
    }
    try:
        model_id = register_model(_store(args), values, MONITOR_JOB)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(model_id)
    return 0


def add_register_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("register", help="register a monitored model for an AI system")
    parser.add_argument("--system", required=True, metavar="ID", help="AI system id (SYS-0001)")
    parser.add_argument("--name", required=True)
    parser.add_argument("--reference", required=True, help="file, table:NAME or query:SELECT ...")
    parser.add_argument("--current", required=True, help="same forms; {date} = run date")
    parser.add_argument("--target", required=True)
    parser.add_argument("--prediction", required=True)
    parser.add_argument("--probability")
    parser.add_argument("--positive-label", default="1")
    parser.add_argument("--features", required=True, help="col:numerical,col:categorical,...")
    parser.add_argument("--sensitive", help="comma-separated sensitive columns")
    parser.add_argument("--intersections", action="store_true")
    parser.add_argument("--thresholds", help='JSON, e.g. {"fairness": {"four_fifths_ratio": 0.8}}')
    parser.add_argument("--stale-after-days", type=int, default=int(settings.STALE_DAYS.value()))
    parser.add_argument("--owner")
    parser.add_argument("--schedule", help="cron expression, e.g. '0 6 * * *' (06:00 daily)")
    parser.add_argument("--db", help=f"store file (default ${settings.DB_PATH.env})")
    parser.set_defaults(handler=register_command)


def report_html(db, run_id: str, keep: bool = True) -> str:
    """The run's Evidently report; rebuilds the snapshot if it was pruned, and keeps it
    unless ``keep`` is false (a read-only user's request writes nothing)."""
    from monitors.evidently_report import render_html
    from monitors.jobs import report_snapshot
    from store import monitored_models, monitoring

    snapshot = monitoring.get_snapshot(db, run_id)
    if snapshot is None:
        run = monitoring.get_run(db, run_id)
        if run is None or not run["current_source"]:
            raise KeyError(f"no monitor run {run_id} with data to report on")
        model = monitored_models.get_model(db, run["model_id"])
        day = run["started_at"].date()
        reference = monitored_models.read_source(
            db, monitored_models.resolve_source(model["reference_source"], day)
        )
        current = monitored_models.read_source(db, run["current_source"])
        snapshot = report_snapshot(model, reference, current)
        if snapshot is None:
            raise KeyError(f"Evidently could not build a report for {run_id}")
        if keep:
            monitoring.save_snapshot(db, run_id, snapshot, int(model["keep_snapshots"]))
    return render_html(snapshot)


def report_command(args: argparse.Namespace) -> int:
    from store.monitored_models import SourceError

    try:
        html = report_html(_store(args), args.run_id, keep=not args.no_keep)
    except (KeyError, SourceError) as error:
        print(f"error: {error.args[0] if error.args else error}", file=sys.stderr)
        return 2
    if args.output:
        Path(args.output).write_text(html, encoding="utf-8")
    else:
        sys.stdout.write(html)
    return 0


def add_report_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("report", help="print a run's Evidently report as HTML")
    parser.add_argument("run_id", metavar="RUN_ID", help="e.g. MR-000042")
    parser.add_argument("--output", help="write to this file instead of standard output")
    parser.add_argument(
        "--no-keep", action="store_true", help="do not keep a snapshot rebuilt for a pruned run"
    )
    parser.add_argument("--db", help=f"store file (default ${settings.DB_PATH.env})")
    parser.set_defaults(handler=report_command)


def models_command(args: argparse.Namespace) -> int:
    from store import monitored_models

    for model in monitored_models.list_models(_store(args)):
        print(f"{model['id']}  {model['system_id']}  {model['name']}  {model['current_source']}")
    return 0


def add_models_command(subparsers: Any) -> None:
    parser = subparsers.add_parser("models", help="list the registered monitored models")
    parser.add_argument("--db", help=f"store file (default ${settings.DB_PATH.env})")
    parser.set_defaults(handler=models_command)


def add_all(subparsers: Any) -> None:
    from commands.monitor_schedules import add_schedules_command

    add_run_command(subparsers)
    add_schedules_command(subparsers)
    add_register_command(subparsers)
    add_models_command(subparsers)
    add_report_command(subparsers)
