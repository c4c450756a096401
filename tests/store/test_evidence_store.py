"""The evidence library: hashes, bad uploads, hostile names, versions and stale evidence."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest

from risk_model.access import SYSTEM, AccessDenied, Actor
from store import audit_trail, evidence, evidence_files, evidence_register
from store.evidence_files import UploadRejected

TODAY = date.today()
POLICY = {"title": "AI policy", "kind": "policy", "owner": "Julia Novak", "labels": "policy, board"}


def details(author: str = "Julia Novak", **kwargs) -> evidence.VersionDetails:
    return evidence.VersionDetails(author, **kwargs)


def current(db, item_id: str) -> dict:
    items = evidence_register.list_items(db, TODAY, include_retired=True)
    return items.set_index("id").loc[item_id].to_dict()


def test_upload_stores_bytes_under_their_sha256(db):
    content = b"# AI policy\n\nVersion 1.\n"
    links = {"control": ["A.2.2"], "clause": ["5.2"], "ai_system": ["AIS-0001"]}
    item_id = evidence.add_document(db, POLICY, content, "ai-policy.md", details(), SYSTEM, links)
    row = current(db, item_id)
    expected = hashlib.sha256(content).hexdigest()
    assert (row["sha256"], row["size_bytes"], row["media_type"]) == (
        expected,
        len(content),
        "text/markdown",
    )
    stored = db.files_dir / expected[:2] / expected
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == expected
    assert (row["controls"], row["clauses"], row["ai_systems"]) == (
        ["A.2.2"],
        ["5.2"],
        ["AIS-0001"],
    )
    assert row["labels"] == ["board", "policy"]
    data, name, media = evidence_register.version_file(db, item_id, 1)
    assert (data, name, media) == (content, "ai-policy.md", "text/markdown")


def test_empty_file_is_rejected(db):
    with pytest.raises(UploadRejected, match="empty"):
        evidence.add_document(db, POLICY, b"", "empty.pdf", details(), SYSTEM)
    assert evidence_register.list_items(db, TODAY).empty


def test_oversized_file_is_rejected_with_the_limit(db, monkeypatch):
    monkeypatch.setenv("AIMS_UPLOAD_LIMIT_MB", "1")
    limit = 1024 * 1024
    evidence.add_document(db, POLICY, b"x" * limit, "at-limit.txt", details(), SYSTEM)
    with pytest.raises(UploadRejected, match="upload limit is 1 MB"):
        evidence.add_document(db, POLICY, b"y" * (limit + 1), "big.txt", details(), SYSTEM)


def test_duplicate_uploads_are_refused(db):
    item_id = evidence.add_document(db, POLICY, b"v1", "p.md", details(), SYSTEM)
    evidence.add_version(db, item_id, details(change_note="v2"), SYSTEM, b"v2", "p.md")
    with pytest.raises(UploadRejected, match=f"identical .* version 1 of {item_id}"):
        evidence.add_version(db, item_id, details(), SYSTEM, b"v1", "again.md")
    with pytest.raises(UploadRejected, match=f"already in the library .* {item_id} version 2"):
        evidence.add_document(db, {**POLICY, "title": "Copy"}, b"v2", "copy.md", details(), SYSTEM)
    assert current(db, item_id)["version"] == 2


@pytest.mark.parametrize(
    ("hostile", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\evil.dll", "evil.dll"),
        ("report<script>alert(1)</script>.pdf", "script_.pdf"),
        ('report<b>"x"|y?.pdf', "report_b_x_y_.pdf"),
        ("\x00\x1b[31mminutes.txt", "31mminutes.txt"),
        ("...", "file"),
        ("/", "file"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
        ("Überprüfung der KI-Richtlinie.pdf", "Überprüfung der KI-Richtlinie.pdf"),
        ("人工智能政策 2026.docx", "人工智能政策 2026.docx"),
        ("invoice\u202efdp.pdf", "invoicefdp.pdf"),
        ("ﬁnal ＜draft＞.pdf", "final _draft_.pdf"),
    ],
)
def test_hostile_filenames_are_stored_safely(db, hostile, safe):
    assert evidence_files.sanitise_filename(hostile) == safe
    if any(c in hostile for c in "/\\\x00\x1b"):  # folders and control characters: refused
        with pytest.raises(UploadRejected) as rejected:
            evidence.add_document(db, POLICY, hostile.encode(), hostile, details(), SYSTEM)
        assert rejected.value.field == "file name"
        assert list(db.files_dir.rglob("*")) == [] if db.files_dir.exists() else True
        return
    item_id = evidence.add_document(db, POLICY, hostile.encode(), hostile, details(), SYSTEM)
    name = current(db, item_id)["original_filename"]
    assert name == safe and "/" not in name and "\\" not in name
    assert all(p.resolve().is_relative_to(db.files_dir.resolve()) for p in db.files_dir.rglob("*"))
    assert not (db.path.parent / "passwd").exists()


def test_new_versions_keep_document_control_fields(db):
    item_id = evidence.add_document(db, POLICY, b"one", "p.md", details(), SYSTEM)
    approved = TODAY - timedelta(days=3)
    number = evidence.add_version(
        db,
        item_id,
        details(
            "Stefan Krüger",
            change_note="Adds EU AI Act roles",
            approved_by="Dr. Katrin Vogel",
            approved_on=approved,
            review_due=TODAY + timedelta(days=365),
        ),
        SYSTEM,
        b"two",
        "p-v2.pdf",
    )
    assert number == 2
    history = evidence_register.versions(db, item_id)
    assert list(history["version"]) == [2, 1]
    latest = history.iloc[0]
    assert (latest["author"], latest["change_note"], latest["approved_by"]) == (
        "Stefan Krüger",
        "Adds EU AI Act roles",
        "Dr. Katrin Vogel",
    )
    assert latest["approved_on"].date() == approved
    assert latest["sha256"] == hashlib.sha256(b"two").hexdigest()
    with db.connect() as connection:
        trail = audit_trail.history(connection, "evidence_items", item_id)
        assert audit_trail.verify(connection).ok
    assert [t["new_value"] for t in trail if t["field"] == "version"] == ["1", "2"]


def test_stale_and_due_evidence_is_flagged(db):
    states = {}
    for days, name in ((-1, "expired"), (10, "due"), (200, "fine"), (None, "undated")):
        review = None if days is None else TODAY + timedelta(days=days)
        item_id = evidence.add_document(
            db,
            {**POLICY, "title": name},
            name.encode(),
            f"{name}.md",
            details(review_due=review),
            SYSTEM,
            {"control": ["A.6.2.6"]},
        )
        states[name] = item_id
    items = evidence_register.list_items(db, TODAY).set_index("title")
    assert items["state"].to_dict() == {
        "expired": "expired",
        "due": "review due",
        "fine": "current",
        "undated": "current",
    }
    assert items["stale"].to_dict()["expired"] is True
    linked = evidence_register.current_evidence(db, TODAY)["A.6.2.6"]
    assert sorted(linked) == sorted(v for k, v in states.items() if k != "expired")


def test_links_and_url_versions(db):
    item_id = evidence.add_link(
        db,
        {"title": "ML platform", "kind": "link"},
        "https://intranet.example/ml",
        details(),
        SYSTEM,
        {"clause": ["7.1"]},
    )
    row = current(db, item_id)
    assert (row["url"], row["sha256"]) == ("https://intranet.example/ml", None)
    with pytest.raises(UploadRejected, match="https://"):
        evidence.add_link(
            db, {"title": "x", "kind": "link"}, "javascript:alert(1)", details(), SYSTEM
        )
    changes = evidence.set_links(db, item_id, {"control": ["A.4.4"], "clause": []}, SYSTEM)
    assert changes == {"control": ([], ["A.4.4"]), "clause": (["7.1"], [])}
    with pytest.raises(KeyError):
        evidence.set_links(db, item_id, {"control": ["A.1.1"]}, SYSTEM)


def test_a_viewer_cannot_upload_and_an_altered_file_is_detected(db):
    with pytest.raises(AccessDenied):
        evidence.add_document(db, POLICY, b"x", "x.md", details(), Actor("Vic", ("viewer",)))
    item_id = evidence.add_document(db, POLICY, b"original", "x.md", details(), SYSTEM)
    digest = current(db, item_id)["sha256"]
    evidence_files.path_of(db, digest).write_bytes(b"tampered")
    with pytest.raises(ValueError, match="altered"):
        evidence_register.version_file(db, item_id, 1)


def test_monitor_runs_become_versions_of_a_6_2_6_evidence(db):
    first = evidence.record_monitoring_evidence(db, "AIS-0001", "RUN-1", "No drift.", SYSTEM)
    again = evidence.record_monitoring_evidence(db, "AIS-0001", "RUN-2", "Drift in income.", SYSTEM)
    assert first == again
    row = current(db, first)
    assert (row["version"], row["controls"], row["clauses"], row["ai_systems"]) == (
        2,
        ["A.6.2.6"],
        ["9.1"],
        ["AIS-0001"],
    )
    assert b"Drift in income." in evidence_register.version_file(db, first, 2)[0]
