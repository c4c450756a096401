"""R1 for evidence uploads: a bad file or file name is refused with a message that names what is
wrong (the file or its name), and nothing is written: no item, no stored bytes, no audit entry.
"""

from __future__ import annotations

import struct
from datetime import date

import pytest

from risk_model.access import SYSTEM
from store import audit_trail, evidence, evidence_register
from store.evidence_files import UploadRejected

POLICY = {"title": "AI policy", "kind": "policy", "owner": "Julia Novak"}
ONE_MB = 1024 * 1024


def _windows_program() -> bytes:
    """A minimal PE header: 'MZ', the PE offset at 0x3C, and 'PE\\0\\0' there."""
    header = bytearray(b"MZ" + b"\x00" * 0x3A + struct.pack("<I", 0x40))
    return bytes(header) + b"PE\x00\x00" + b"\x00" * 64


# (case, data, filename, field, phrase)
BAD_UPLOADS = [
    ("empty_file", b"", "minutes.pdf", "file", "is empty (0 bytes)"),
    ("no_data_at_all", None, "minutes.pdf", "file", "is empty"),
    ("one_byte_over_the_limit", b"x" * (ONE_MB + 1), "big.txt", "file", "upload limit is 1 MB"),
    ("far_over_the_limit", b"x" * (3 * ONE_MB), "big.pdf", "file", "3.0 MB"),
    ("windows_program", b"MZ" + b"\x00" * 100, "setup.exe", "file name", ".exe files"),
    ("dll", b"binary", "helper.dll", "file name", ".dll files"),
    ("powershell_script", b"Get-Item", "collect.ps1", "file name", ".ps1 files"),
    ("batch_file", b"@echo off", "run.BAT", "file name", ".bat files"),
    ("javascript", b"alert(1)", "report.js", "file name", ".js files"),
    ("shell_script", b"#!/bin/sh\nrm -rf /", "fix.sh", "file name", ".sh files"),
    ("program_named_pdf", _windows_program(), "policy.pdf", "file", "content is a program"),
    (
        "linux_program_named_txt",
        b"\x7fELF\x02\x01\x01" + b"\x00" * 60,
        "notes.txt",
        "file",
        "content is a program",
    ),
    ("path_traversal", b"data", "../../etc/passwd.txt", "file name", "path traversal"),
    ("windows_path_traversal", b"data", "..\\..\\boot.ini", "file name", "path traversal"),
    ("absolute_path", b"data", "/etc/hosts.txt", "file name", "names a folder"),
    ("nul_in_name", b"data", "minutes\x00.pdf", "file name", "U+0000 at position 8"),
    ("escape_sequence_in_name", b"data", "\x1b[31mred.txt", "file name", "U+001B at position 1"),
    ("newline_in_name", b"data", "a\nb.pdf", "file name", "U+000A"),
    ("delete_char_in_name", b"data", "\x7f.pdf", "file name", "U+007F"),
    ("c1_control_in_name", b"data", "x\x85y.pdf", "file name", "U+0085"),
    ("undecodable_name_bytes", b"data", b"caf\xe9.pdf", "file name", "byte 0xe9 at position 4"),
    ("undecodable_name_surrogates", b"data", "caf\udce9.pdf", "file name", "position 4"),
]


def state(db) -> tuple[int, int, list]:
    items = evidence_register.list_items(db, date.today(), include_retired=True)
    with db.connect() as connection:
        trail = audit_trail.verify(connection)
    files = sorted(db.files_dir.rglob("*")) if db.files_dir.exists() else []
    return len(items), trail.rows, files


@pytest.mark.parametrize(
    "case, data, filename, field, phrase", BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS]
)
def test_bad_upload_is_refused_naming_the_file_or_its_name(
    db, monkeypatch, case, data, filename, field, phrase
):
    monkeypatch.setenv("AIMS_UPLOAD_LIMIT_MB", "1")
    evidence.add_document(
        db, POLICY, b"first version", "policy.md", evidence.VersionDetails("Jo"), SYSTEM
    )
    before = state(db)
    with pytest.raises(UploadRejected) as rejected:
        evidence.add_document(
            db, {**POLICY, "title": "Second"}, data, filename, evidence.VersionDetails("Jo"), SYSTEM
        )
    assert rejected.value.field == field
    message = str(rejected.value)
    assert message.startswith(field), message
    assert phrase.casefold() in message.casefold(), message
    assert "\n" not in message and "\x00" not in message and "\x1b" not in message
    assert state(db) == before


def test_a_bad_new_version_adds_nothing(db):
    item_id = evidence.add_document(
        db, POLICY, b"v1", "p.md", evidence.VersionDetails("Jo"), SYSTEM
    )
    before = state(db)
    with pytest.raises(UploadRejected):
        evidence.add_version(db, item_id, evidence.VersionDetails("Jo"), SYSTEM, b"v2", "../p.md")
    assert state(db) == before


@pytest.mark.parametrize(
    "filename, data, stored_as",
    [
        ("Q3 report: final?.pdf", b"%PDF-1.7", "Q3 report_ final_.pdf"),
        ("Zoë – résumé.docx", b"PK\x03\x04", "Zoë _ résumé.docx"),
        ("MZ bank policy.txt", b"MZ bank: a text file that starts with MZ", "MZ bank policy.txt"),
        ("evidently-report.html", b"<html></html>", "evidently-report.html"),
        ("...", b"odd name, ordinary file", "file"),
    ],
)
def test_ordinary_files_with_odd_names_are_accepted(db, filename, data, stored_as):
    item_id = evidence.add_document(
        db, POLICY, data, filename, evidence.VersionDetails("Jo"), SYSTEM
    )
    items = evidence_register.list_items(db, date.today()).set_index("id")
    assert items.loc[item_id, "original_filename"] == stored_as
