"""Documents assembled from the store: the SoA, the review pack, the audit bundle, the checks.

Each ``export_*`` function is a ``python -m store export`` target, ``(db, args) -> bytes``;
the dashboard's downloads call the same functions (``audit_bundle``, ``review_pack``). The
store reads the records; the documents are built here, from what it returns.
"""

from __future__ import annotations

from datetime import date, datetime

from reports.audit_bundle import build_bundle
from reports.review_pack import review_pack_pdf
from reports.soa_document import soa_pdf, soa_xlsx
from reports.tabular import to_csv_bytes
from risk_model.soa import SOA_COLUMNS
from store import (
    certification,
    checks,
    evidence_files,
    evidence_register,
    management_review,
    registers,
    review_inputs,
    risks,
    soa,
)
from store.connection import Store


def export_soa(db: Store, args) -> bytes:
    """``python -m store export soa --format xlsx|csv|pdf [--soa-version N]``."""
    number = getattr(args, "soa_version", None)
    if number:
        info, frame = soa.read_version(db, number)
    else:
        today = date.today()
        info = soa.working_version(db, today)
        frame = soa.soa_frame(db, today)[list(SOA_COLUMNS)]
    if args.format == "xlsx":
        return soa_xlsx(info, frame)
    if args.format == "pdf":
        return soa_pdf(info, frame)
    if args.format == "csv":
        return to_csv_bytes(frame)
    raise ValueError(f"the SoA exports as xlsx, csv or pdf, not {args.format}")


def export_checks(db: Store, args) -> bytes:
    """``python -m store export checks --format csv|json``: one row per finding."""
    frame = (
        checks.findings_frame(db)
        .drop(columns=["page"])
        .rename(columns={"reference": "clause_or_control", "record_id": "record"})
    )
    if args.format == "json":
        return frame.to_json(orient="records", indent=2, force_ascii=False).encode("utf-8")
    if args.format != "csv":
        raise ValueError("checks export as csv or json")
    return to_csv_bytes(frame)


def audit_bundle(db: Store, today: date | None = None) -> bytes:
    """The zip of every active item's current file by clause and control, with its index.

    Each file's hash is re-checked as it is read, so a bundle never carries an altered file.
    """
    items = evidence_register.list_items(db, today or date.today()).to_dict("records")
    documented = {name: to_csv_bytes(registers.get(name).export(db)) for name in BUNDLED_REGISTERS}
    return build_bundle(
        items, lambda digest: evidence_files.load(db, digest), datetime.now(), documented
    )


BUNDLED_REGISTERS = (
    "policies",
    "acknowledgements",
    "objectives",
    "responsibilities",
    "documents",
    "suppliers",
    "datasets",
    "lifecycle",
)
"""The documented AIMS's registers the audit bundle carries (issue #18 item 9)."""


def export_bundle(db: Store, args) -> bytes:
    """``python -m store export evidence-bundle --output PATH``."""
    return audit_bundle(db)


def review_pack(db: Store, today: date, review_id: str | None = None) -> bytes:
    """The PDF pack of a review (default: ``pack_review_id``), compiled from today's data."""
    review_id = review_id or management_review.pack_review_id(db, today)
    if review_id and management_review.get_review(db, review_id) is None:
        raise KeyError(f"no management review {review_id}")
    inputs = review_inputs.compile_inputs(db, today, review_id=review_id)
    own = management_review.list_actions(db, today, review_id=review_id) if review_id else None
    with db.connect():
        register = risks.list_risks(db, today=today)
        next_audit = certification.next_certification_event(db, today)
    return review_pack_pdf(inputs, own, risks=register, next_audit=next_audit)


def export_review_pack(db: Store, args) -> bytes:
    """``python -m store export review-pack --output PACK.pdf [--review MR-0001]``."""
    if getattr(args, "format", "pdf") not in ("pdf", "csv"):  # csv is the command's default
        raise ValueError(f"the review pack exports as pdf, not {args.format}")
    return review_pack(db, date.today(), getattr(args, "review", None))
