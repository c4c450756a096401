"""The RACI of AIMS responsibilities (ISO/IEC 42001 5.3, A.3.2) and documented information
(7.5): reads for the pages and the pre-audit checks."""

from __future__ import annotations

from datetime import date

import pandas as pd

from risk_model import documents as document_rules
from risk_model.documents import DOCUMENT
from risk_model.responsibilities import RESPONSIBILITY, raci_matrix
from store import register_reads
from store.connection import Store


def list_responsibilities(db: Store) -> pd.DataFrame:
    return register_reads.read(db, RESPONSIBILITY)


def matrix(db: Store) -> pd.DataFrame:
    """Responsibilities down, roles and people across, R/A/C/I in the cells."""
    parties, rows = raci_matrix(list_responsibilities(db).to_dict("records"))
    columns = ["Responsibility", "Clause or control", *parties]
    return pd.DataFrame(rows, columns=columns).fillna("")


def list_documents(db: Store, today: date) -> pd.DataFrame:
    """Documented information with why each procedure or plan is not under control."""
    frame = register_reads.read(db, DOCUMENT)
    frame["control_gaps"] = [
        "; ".join(document_rules.control_gaps(d, today)) for d in frame.to_dict("records")
    ]
    return frame


def documents_for(db: Store, reference: str) -> pd.DataFrame:
    """The live documents that serve a clause or control."""
    frame = register_reads.read(db, DOCUMENT)
    hits = [document_rules.refers_to(d, reference) for d in frame.to_dict("records")]
    return frame[hits] if len(frame) else frame


def checks_records(db: Store, today: date) -> dict:
    """``responsibilities`` and ``documents`` for the pre-audit checks."""
    with db.connect():
        return {
            "responsibilities": list_responsibilities(db).to_dict("records"),
            "documents": register_reads.read(db, DOCUMENT).to_dict("records"),
        }
