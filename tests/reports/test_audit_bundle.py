"""The audit bundle: every current evidence file under its clause and control folders, and an
index whose hashes verify against the files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import date

from commands import store_cli as cli
from risk_model.access import SYSTEM
from store import evidence
from tests.conftest import REFERENCE, REPO_ROOT

TODAY = date.today()


def reference_titles(name: str) -> dict[str, str]:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return {row["id"]: row["title"] for row in csv.DictReader(handle, delimiter="\t")}


def bundle_of(db, tmp_path) -> zipfile.ZipFile:
    target = tmp_path / "bundle.zip"
    code = cli.main(["export", "evidence-bundle", "--output", str(target), "--db", str(db.path)])
    assert code == 0
    return zipfile.ZipFile(target)


def index_rows(archive: zipfile.ZipFile) -> list[dict]:
    text = archive.read("index.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_demo_bundle_holds_every_current_file_under_its_clauses_and_controls(demo_db, tmp_path):
    archive = bundle_of(demo_db, tmp_path)
    rows = index_rows(archive)
    with demo_db.connect() as connection:
        active = connection.execute(
            "SELECT count(*) FROM evidence_items WHERE status = 'active'"
        ).fetchone()[0]
    assert len(rows) == active
    names = set(archive.namelist())
    for row in rows:  # every file listed is in the zip, and its hash verifies
        for path in filter(None, row["paths"].split("; ")):
            assert path in names
            assert hashlib.sha256(archive.read(path)).hexdigest() == row["sha256"]
            assert path.endswith(row["original_filename"])
    by_title = {row["title"]: row for row in rows}
    items = json.loads((REPO_ROOT / "data" / "demo" / "evidence.json").read_text("utf-8"))["items"]
    clauses = reference_titles("iso42001_clauses.tsv")
    controls = reference_titles("iso42001_annex_a.tsv")
    for item in items:
        row = by_title[item["title"]]
        assert int(row["version"]) == len(item["versions"])
        if item["format"] == "link":
            assert row["url"] == item["summary"] and row["paths"] == ""
            continue
        expected = {f"clauses/{c} {clauses[c]}" for c in item["clauses"]}
        expected |= {f"{c} {controls[c]}" for c in item["controls"]}
        folders = {p.rsplit("/", 1)[0] for p in row["paths"].split("; ")}
        found = {f if f.startswith("clauses/") else f.rsplit("/", 1)[1] for f in folders}
        assert found == expected


def test_each_control_folder_sits_in_its_domain_folder(demo_db, tmp_path):
    archive = bundle_of(demo_db, tmp_path)
    for name in archive.namelist():
        if name.startswith("controls/"):
            _, domain, control, _ = name.split("/")
            assert control.startswith(domain.split()[0] + ".")


def test_unlinked_items_and_only_current_versions(db, tmp_path):
    details = evidence.VersionDetails("Ana")
    linked = evidence.add_document(
        db,
        {"title": "Plan", "kind": "procedure"},
        b"v1",
        "plan.md",
        details,
        SYSTEM,
        {"control": ["A.6.2.6"], "clause": ["9.1"]},
    )
    evidence.add_version(db, linked, details, SYSTEM, b"v2", "plan.md")
    loose = evidence.add_document(
        db, {"title": "Note", "kind": "other"}, b"n", "n.txt", details, SYSTEM
    )
    archive = bundle_of(db, tmp_path)
    members = [
        n
        for n in archive.namelist()
        if n not in ("index.csv", "README.txt") and not n.startswith("registers/")
    ]
    assert sorted(members) == sorted(
        [
            f"clauses/9.1 Monitoring, measurement, analysis and evaluation/{linked} v2 - plan.md",
            f"controls/A.6 AI system life cycle/A.6.2.6 AI system operation and monitoring/{linked} v2 - plan.md",
            f"unlinked/{loose} v1 - n.txt",
        ]
    )
    assert {archive.read(m) for m in members} == {b"v2", b"n"}
    rows = index_rows(archive)
    assert [(r["item_id"], r["version"]) for r in rows] == [(linked, "2"), (loose, "1")]
