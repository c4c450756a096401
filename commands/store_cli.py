"""``python -m store``: the command line of the store, for operators and scripts."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from pathlib import Path

import duckdb

from commands import discover_cli
from reports import exports
from reports.tabular import to_csv_bytes, to_xlsx_bytes
from risk_model.access import SYSTEM, AccessDenied
from risk_model.file_reading import FileRejected
from store import open_store, registers, settings
from store.connection import StoreBusy

EXPORTS: dict[str, object] = {
    "checks": exports.export_checks,
    "soa": exports.export_soa,
    "evidence-bundle": exports.export_bundle,
    "review-pack": exports.export_review_pack,
}
"""Extra ``export`` targets beyond the registers (documents, bundles), name -> handler."""

EU_AI_ACT_DOCUMENTS = ("technical-documentation", "monitoring-plan", "fria", "registration")
"""System documents generated from the records (``reports.document_files``): ``--system ID``."""


def _eu_ai_act_document(kind: str):
    def export(db, args) -> bytes:
        from reports.document_files import FORMATS, export_document

        if not args.system:
            raise ValueError(f"{kind} needs --system, e.g. --system SYS-0001")
        fmt = args.format if args.format != "csv" else FORMATS[kind][0]
        return export_document(db, kind, args.system, fmt, SYSTEM)

    return export


EXPORTS.update({kind: _eu_ai_act_document(kind) for kind in EU_AI_ACT_DOCUMENTS})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m store",
        description="The AIMS store: create the demo, import and export registers, inspect the schema.",
        epilog="Exit codes: 0 done; 1 a breach or finding (audit-trail verify); 2 bad input or "
        "a failure (a damaged store, a full disk), told in one line on standard error.",
    )
    db_help = f"store file (default: ${settings.DB_PATH.env} or {settings.DB_PATH.default})"
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="create, or re-create, the demo organisation")
    demo.add_argument("--db", help=db_help)
    demo.add_argument(
        "--scale",
        choices=["demo", "enterprise"],
        default="demo",
        help="size of the organisation: the demo, or 5,000 systems for the benchmark",
    )
    demo.add_argument(
        "--force",
        action="store_true",
        help="replace a store that holds data other than the demo (the wipe is recorded)",
    )

    info = commands.add_parser(
        "info", help="show the store's path, schema version and record counts"
    )
    info.add_argument("--db", help=db_help)

    migrate = commands.add_parser("migrate", help="apply pending schema migrations")
    migrate.add_argument("--db", help=db_help)

    imp = commands.add_parser(
        "import", help="import a CSV or XLSX file into a register (all or nothing)"
    )
    imp.add_argument(
        "register", choices=sorted(registers.REGISTERS), help="the register to import into"
    )
    imp.add_argument("file", type=Path, help="the CSV or XLSX file")
    imp.add_argument("--mapping", type=Path, help="JSON column and value mapping")
    imp.add_argument(
        "--match",
        metavar="FIELD[,FIELD...]|none",
        help="how rows find the records they update: fields such as business_unit,name, or "
        "none (every row a new record); default: id, then external id, then name",
    )
    imp.add_argument("--db", help=db_help)

    bak = commands.add_parser(
        "backup", help="write the whole store, evidence files included, to a zip"
    )
    bak.add_argument("path", type=Path, help="the backup file to write")
    bak.add_argument("--db", help=db_help)

    res = commands.add_parser("restore", help="replace the store with a backup (verified first)")
    res.add_argument("path", type=Path, help="the backup file to read")
    res.add_argument("--db", help=db_help)

    trail = commands.add_parser(
        "audit-trail", help="verify the audit trail, or print its signed head for an auditor"
    )
    trail.add_argument("action", choices=["verify", "head"])
    trail.add_argument(
        "--expect",
        metavar="HEAD",
        help="verify: a head printed earlier by `audit-trail head` (its JSON, or a file holding"
        " it); the trail must still hold it unchanged",
    )
    trail.add_argument("--db", help=db_help)

    exp = commands.add_parser("export", help="export a register or a document")
    exp.add_argument(
        "what", choices=sorted([*registers.REGISTERS, *EXPORTS]), help="what to export"
    )
    exp.add_argument("--format", choices=["csv", "xlsx", "json", "pdf", "docx"], default="csv")
    exp.add_argument("--output", type=Path, help="file to write (default: standard output)")
    exp.add_argument(
        "--soa-version", type=int, help="soa: an approved version (default: the working draft)"
    )
    exp.add_argument(
        "--review", help="review-pack: the review's id, e.g. MR-0001 (default: the next planned)"
    )
    exp.add_argument("--system", help="EU AI Act documents: the AI system's id, e.g. SYS-0001")
    exp.add_argument("--db", help=db_help)
    discover_cli.add_parser(commands, db_help)
    return parser


EXIT_OK, EXIT_FINDING, EXIT_FAILURE = 0, 1, 2
"""Exit codes of every command: 0 done; 1 a breach or finding (the audit trail does not
verify); 2 bad input or a failure (a damaged store, a full disk), told in one line on
standard error, never as a traceback."""


def _one_line(error: BaseException) -> str:
    text = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
    return " ".join(str(text).split()) or type(error).__name__


def failure_message(error: BaseException, db_path: str | None = None) -> str:
    """One line for an error a command could not handle itself."""
    where = f" {db_path}" if db_path else ""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        name = f" writing {error.filename}" if error.filename else ""
        return f"no space left on the device{name}; free some space and run the command again"
    if isinstance(error, duckdb.Error):
        text = _one_line(error)
        if "no space left" in text.casefold():
            return f"no space left on the device of the store{where}: {text}"
        return (
            f"the store{where} could not be read or written ({text}); if the file is truncated "
            "or damaged, restore it from a backup (`python -m store restore`)"
        )
    if isinstance(error, MemoryError):
        return "out of memory"
    if isinstance(error, KeyError | ValueError | OSError | StoreBusy | AccessDenied):
        return _one_line(error)
    return f"{type(error).__name__}: {_one_line(error)}"


def main(argv: list[str] | None = None) -> int:
    """Run one command; see ``EXIT_OK``, ``EXIT_FINDING`` and ``EXIT_FAILURE``."""
    args = build_parser().parse_args(argv)  # bad arguments: argparse exits with 2
    try:
        return COMMANDS[args.command](args)
    except FileRejected as error:
        print(
            f"error: the file was not imported; nothing was changed. {len(error.problems)} "
            "problem(s):",
            file=sys.stderr,
        )
        for problem in error.problems[:200]:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as error:  # every failure is one line and exit 2, never a traceback
        db_path = str(settings.db_path(getattr(args, "db", None)))
        print(f"error: {failure_message(error, db_path)}", file=sys.stderr)
        return EXIT_FAILURE


def _store(args):
    return open_store(settings.db_path(args.db))


def cmd_demo(args) -> int:
    from demo import create_demo
    from store import admin

    db = _store(args)
    held = admin.non_demo_data(db)
    if held and not args.force:
        raise ValueError(
            f"{db.path} holds {held}; `demo` would delete it. Back it up "
            "(`python -m store backup`) and add --force to replace it, or pick another --db."
        )
    wiped = admin.store_counts(db) if held else None
    if wiped:
        print(f"replacing {db.path}: {held} (the wipe is recorded)", file=sys.stderr)
    if getattr(args, "scale", "demo") == "enterprise":
        from demo.enterprise import create_enterprise

        counts = create_enterprise(db, wiped=wiped)
        admin.mark_demo(db)
    else:
        counts = create_demo(db, wiped=wiped)
    print(
        f"demo organisation written to {db.path}: "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    return 0


def cmd_info(args) -> int:
    from store import admin

    db = _store(args)
    print(json.dumps(admin.info(db), indent=2, default=str))
    return 0


def cmd_migrate(args) -> int:
    from store import admin

    print(f"schema version {admin.info(_store(args))['schema_version']}")
    return 0


def cmd_import(args) -> int:
    io = registers.get(args.register)
    if io.import_file is None:
        raise ValueError(f"the {args.register} register cannot be imported")
    if not args.file.is_file():
        raise FileNotFoundError(f"no such file: {args.file}")
    mapping = None
    if args.mapping:
        try:
            mapping = json.loads(args.mapping.read_text(encoding="utf-8-sig"))
        except (OSError, json.JSONDecodeError) as error:
            raise ValueError(f"the mapping {args.mapping} is not valid JSON: {error}") from None
        if not isinstance(mapping, dict):
            raise ValueError(f"the mapping {args.mapping} must be a JSON object")
    if args.match:
        mapping = {**(mapping or {}), "match": args.match}
    summary = io.import_file(_store(args), args.file.read_bytes(), args.file.name, SYSTEM, mapping)
    print(
        f"imported {summary.total} rows into the {io.register.label}: {summary.created} created, "
        f"{summary.updated} updated, {summary.unchanged} unchanged"
    )
    for note in summary.notes:
        print(f"note: {note}")
    return 0


def cmd_export(args) -> int:
    db = _store(args)
    if args.what in EXPORTS:
        data = EXPORTS[args.what](db, args)
    else:
        frame = registers.get(args.what).export(db)
        if args.format == "csv":
            data = to_csv_bytes(frame)
        elif args.format == "xlsx":
            data = to_xlsx_bytes(frame, sheet_name=args.what)
        elif args.format == "json":
            data = frame.to_json(orient="records", force_ascii=False, indent=2).encode("utf-8")
        else:
            raise ValueError(f"{args.what} exports as csv, xlsx or json, not {args.format}")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(data)
        print(f"wrote {args.output} ({len(data):,} bytes)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_backup(args) -> int:
    from store.backup import backup

    manifest = backup(_store(args), args.path)
    print(f"backed up {len(manifest['members'])} files to {args.path}")
    return 0


def cmd_restore(args) -> int:
    from store.backup import restore

    done = restore(_store(args), args.path)
    print(f"restored {done.members} files from {args.path} (taken {done.created_at})")
    if done.kept:
        print(f"the replaced store is kept in {done.kept}")
    if done.trail_note:
        print(f"warning: {done.trail_note}", file=sys.stderr)
    return 0


def cmd_audit_trail(args) -> int:
    from store import trail_check
    from store.trail_anchor import Head

    db = _store(args)
    expect = None
    if args.expect:
        given = args.expect.strip()
        text = given if given.startswith("{") else Path(given).read_text(encoding="utf-8")
        expect = Head.parse(text)
    result = trail_check.check(db, expect)
    if args.action == "head" and result.ok:
        head = _seal(db)
        if head is None:
            raise ValueError("the audit trail is empty: there is no head to sign yet")
        print(head.to_text())
        return 0
    if result.ok:
        anchored = f", signed head at record {result.head.seq}" if result.head else ""
        expected = f", holds the expected head (record {expect.seq})" if expect else ""
        print(f"audit trail verified: {result.rows} records, chain intact{anchored}{expected}")
        return EXIT_OK
    for finding in result.findings:
        where = f" at record {finding.seq}" if finding.seq is not None else ""
        print(f"audit trail BROKEN{where}: {finding.text}", file=sys.stderr)
    return EXIT_FINDING


def _seal(db):
    from store import trail_anchor

    with db.connect() as connection:
        return trail_anchor.seal(connection, db.path)


COMMANDS = {
    "demo": cmd_demo,
    "info": cmd_info,
    "migrate": cmd_migrate,
    "import": cmd_import,
    "export": cmd_export,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "audit-trail": cmd_audit_trail,
    "discover": discover_cli.run,
}
