"""The registers that ``python -m store import`` and ``export`` know, by name.

A register joins by adding an entry here: how to export it as a table, and how to import
a file into it (all or nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from risk_model.access import Actor
from risk_model.context import CONTEXT_ISSUE, INTERESTED_PARTY
from risk_model.datasets import DATASET
from risk_model.documents import DOCUMENT
from risk_model.evidence import EVIDENCE_ITEM
from risk_model.fields import Register
from risk_model.incidents import AI_INCIDENT
from risk_model.internal_audit import AUDIT_FINDING, INTERNAL_AUDIT
from risk_model.inventory import AI_SYSTEM
from risk_model.lifecycle import LIFECYCLE_RECORD
from risk_model.monitored_models import MONITORED_MODEL
from risk_model.nonconformity import CORRECTIVE_ACTION, NONCONFORMITY
from risk_model.objectives import MEASUREMENT, OBJECTIVE
from risk_model.policies import ACKNOWLEDGEMENT, POLICY
from risk_model.responsibilities import RESPONSIBILITY
from risk_model.risk_register import IMPACT_ASSESSMENT, RISK
from risk_model.suppliers import SUPPLIER
from risk_model.training import PERSON, TRAINING_COMPLETION
from store import (
    evidence_register,
    importer,
    monitored_models,
    nonconformities,
    risk_files,
    training,
)
from store import incidents as incident_log
from store.connection import Store


@dataclass(frozen=True)
class RegisterIO:
    register: Register
    export: Callable[[Store], pd.DataFrame]
    import_file: Callable[[Store, bytes, str, Actor, dict | None], importer.ImportSummary] | None


def _generic(register: Register) -> RegisterIO:
    return RegisterIO(
        register,
        export=lambda db: importer.export_frame(db, register),
        import_file=lambda db, data, name, actor, mapping: importer.import_file(
            db, register, data, name, actor, mapping
        ),
    )


REGISTERS: dict[str, RegisterIO] = {
    io.register.name: io
    for io in (
        _generic(AI_SYSTEM),
        _generic(CONTEXT_ISSUE),
        _generic(INTERESTED_PARTY),
        RegisterIO(EVIDENCE_ITEM, export=evidence_register.register_frame, import_file=None),
        RegisterIO(RISK, export=risk_files.export_frame, import_file=risk_files.import_file),
        RegisterIO(
            IMPACT_ASSESSMENT,
            export=lambda db: importer.export_frame(db, IMPACT_ASSESSMENT),
            import_file=None,
        ),
        RegisterIO(PERSON, export=training.export_people, import_file=training.import_people),
        RegisterIO(
            TRAINING_COMPLETION,
            export=training.export_completions,
            import_file=training.import_completions,
        ),
        RegisterIO(
            INTERNAL_AUDIT,
            export=lambda db: importer.export_frame(db, INTERNAL_AUDIT),
            import_file=None,
        ),
        RegisterIO(
            AUDIT_FINDING,
            export=lambda db: importer.export_frame(db, AUDIT_FINDING),
            import_file=None,
        ),
        RegisterIO(NONCONFORMITY, export=nonconformities.export_nonconformities, import_file=None),
        RegisterIO(CORRECTIVE_ACTION, export=nonconformities.export_actions, import_file=None),
        RegisterIO(
            MONITORED_MODEL,
            export=monitored_models.export_models,
            import_file=monitored_models.import_models,
        ),
        RegisterIO(
            AI_INCIDENT,
            export=incident_log.export_incidents,
            import_file=incident_log.import_incidents,
        ),
        _generic(POLICY),
        _generic(ACKNOWLEDGEMENT),
        _generic(OBJECTIVE),
        RegisterIO(
            MEASUREMENT, export=lambda db: importer.export_frame(db, MEASUREMENT), import_file=None
        ),
        _generic(RESPONSIBILITY),
        _generic(DOCUMENT),
        _generic(SUPPLIER),
        _generic(DATASET),
        _generic(LIFECYCLE_RECORD),
    )
}
"""Every register by the name the command line knows it by (``Register.name``)."""


def get(name: str) -> RegisterIO:
    try:
        return REGISTERS[name]
    except KeyError:
        raise KeyError(
            f"no register {name!r}; choose one of: {', '.join(sorted(REGISTERS))}"
        ) from None
