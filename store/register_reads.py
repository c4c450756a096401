"""Read any register's live records as plain rows: lists as lists, dates as ``date``.

The registers of the documented AIMS (policies, objectives, responsibilities, documents)
share this one read, built from their ``Register`` declarations; identifiers come from code.
"""

from __future__ import annotations

import pandas as pd

from risk_model.fields import Register
from store import records
from store.connection import Store


def plain(frame: pd.DataFrame, register: Register) -> pd.DataFrame:
    frame = frame.astype(object).where(frame.notna(), None)
    for spec in register.fields:
        if spec.name not in frame:
            continue
        if spec.kind in ("list", "multi_enum"):
            frame[spec.name] = [[] if v is None else list(v) for v in frame[spec.name]]
        elif spec.kind == "date":
            frame[spec.name] = frame[spec.name].map(records.as_date)
    return frame


def read(db: Store, register: Register, include_retired: bool = False) -> pd.DataFrame:
    """Every field of the register's records (id and external id first), ordered by title."""
    columns = ["id", "external_id", *register.field_names]
    where = "" if include_retired else "WHERE status <> 'retired'"
    order = records._ident(register.title_field)
    with db.connect() as connection:
        frame = connection.execute(
            f"SELECT {', '.join(map(records._ident, columns))}"
            f" FROM {records._ident(register.table)} {where} ORDER BY {order}, id"
        ).df()
    return plain(frame, register)
