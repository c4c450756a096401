"""Re-creating the demo leaves no orphan evidence files next to the store.

Evidence bytes live in ``<db>.files/<ab>/<sha256>``; after ``create_demo`` the files there
must be exactly those that the evidence versions refer to, each hashing to its own name.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest

import demo as demo_package
from demo import clear, create_demo, organisation
from demo import evidence as demo_evidence
from demo.organisation import SYSTEM_IDS
from risk_model.access import SYSTEM
from store import Store, evidence

FIRST_DAY = date(2026, 3, 2)
SECOND_DAY = FIRST_DAY + timedelta(days=40)


@pytest.fixture
def evidence_only_demo(monkeypatch):
    """The demo cut down to the organisation and its evidence library, to stay fast."""
    monkeypatch.setattr(demo_package, "SEEDERS", [organisation.seed, demo_evidence.seed])


def stored_files(db: Store) -> dict[str, str]:
    """name -> SHA-256 of the bytes, for every content-addressed file in the files folder."""
    if not db.files_dir.exists():
        return {}
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in db.files_dir.glob("[0-9a-f][0-9a-f]/*")
        if path.is_file()
    }


def referenced_hashes(db: Store) -> set[str]:
    with db.connect() as connection:
        rows = connection.execute(
            "SELECT sha256 FROM evidence_versions WHERE sha256 IS NOT NULL"
        ).fetchall()
    return {row[0] for row in rows}


def test_recreating_the_demo_leaves_only_referenced_files(db, evidence_only_demo):
    create_demo(db, FIRST_DAY)
    first = referenced_hashes(db)
    assert first and set(stored_files(db)) == first

    create_demo(db, SECOND_DAY)  # documents are dated from ``today``: some bytes differ
    second = referenced_hashes(db)
    assert first - second, "precondition: the second demo must change some documents"

    files = stored_files(db)
    assert set(files) == second
    assert all(name == digest for name, digest in files.items())
    assert not any(path.name.startswith(".partial-") for path in db.files_dir.rglob("*"))


def test_clear_removes_an_uploaded_file_and_keeps_other_folders(db, evidence_only_demo):
    create_demo(db, FIRST_DAY)
    upload = b"Minutes of the AI governance board, 12 March 2026.\n"
    evidence.add_document(
        db,
        {"title": "Board minutes", "kind": "minutes", "owner": "Laura Chen"},
        upload,
        "minutes.txt",
        evidence.VersionDetails(author="Laura Chen"),
        SYSTEM,
        {"ai_system": [SYSTEM_IDS["credit"]]},
    )
    digest = hashlib.sha256(upload).hexdigest()
    assert digest in stored_files(db)
    other = db.files_dir / "monitoring" / "model" / "reference.parquet"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"not evidence")

    clear(db)

    assert referenced_hashes(db) == set()
    assert stored_files(db) == {}
    assert other.read_bytes() == b"not evidence"
