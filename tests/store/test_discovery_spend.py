"""Spend and proxy exports against the AI vendor catalogue: known vendors found by row, no
look-alike names or domains, and a clear refusal of an export without a vendor column."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from commands.store_cli import main
from risk_model.access import SYSTEM
from risk_model.discovery import ai_vendors
from risk_model.file_reading import FileRejected
from risk_model.spend_scan import match_domain, match_vendor, scan_spend
from store import discovery

SPEND = Path(__file__).parents[1] / "data" / "discovery-spend"


def found(result) -> list[tuple[int, str]]:
    return [(f.line, f.signature) for f in result.findings]


def test_expense_export_finds_the_known_vendors_by_row():
    result = scan_spend((SPEND / "expenses.csv").read_bytes(), "expenses.csv")
    assert found(result) == [
        (2, "openai"),
        (4, "anthropic"),
        (5, "azure-openai"),  # the longer name wins over OpenAI
        (7, "jasper"),
        (9, "openai"),
    ]  # not OpenAIR Logistics (row 3), Staples, Jasperson Hardware (row 8)
    assert result.findings[0].details == {"owner": "Claims operations"}
    assert result.findings[0].evidence.startswith("2026-07-02 | OpenAI, L.L.C. | ChatGPT Team")


def test_proxy_log_matches_domains_and_collapses_repeated_hits(db):
    result = scan_spend((SPEND / "proxy.csv").read_bytes(), "proxy.csv")
    assert found(result) == [(2, "openai"), (4, "anthropic"), (6, "aws-bedrock"), (7, "openai")]
    assert result.findings[2].evidence == "bedrock-runtime.eu-west-1.amazonaws.com"
    summary = discovery.record_scan(db, result, SYSTEM)
    assert (summary.findings, summary.candidates_new) == (3, 3)  # two hits on api.openai.com


def test_spreadsheet_export():
    book = Workbook()
    sheet = book.active
    sheet.append(["Supplier name", "Spend"])
    sheet.append(["Cohere Inc.", 1200])
    sheet.append(["Coherent Optics", 300])
    data = io.BytesIO()
    book.save(data)
    result = scan_spend(data.getvalue(), "procurement.xlsx")
    assert found(result) == [(2, "cohere")]


@pytest.mark.parametrize(
    ("host", "vendor"),
    [
        ("api.openai.com", "openai"),
        ("https://chatgpt.com/c/1", "openai"),
        ("notopenai.com", None),
        ("openai.com.evil.example", None),
        ("myco.openai.azure.com", "azure-openai"),
        ("bedrock-runtime.us-east-1.amazonaws.com", "aws-bedrock"),
        ("s3.us-east-1.amazonaws.com", None),
    ],
)
def test_domains(host, vendor):
    match = match_domain(host, ai_vendors())
    assert (match.vendor if match else None) == vendor


def test_vendor_names_are_whole_words():
    vendors = ai_vendors()
    assert match_vendor("OPENAI LLC", vendors).vendor == "openai"
    assert match_vendor("Grammarly, Inc.", vendors).vendor == "grammarly"
    assert match_vendor("DeepLearning Institute", vendors) is None
    assert match_vendor("Groqqy Foods", vendors) is None


def test_export_without_a_vendor_column_is_refused_naming_its_columns(tmp_path, capsys):
    with pytest.raises(FileRejected) as error:
        scan_spend((SPEND / "no-vendor.csv").read_bytes(), "no-vendor.csv")
    message = str(error.value.problems[0])
    assert "no-vendor.csv has no vendor or domain column" in message
    assert "its columns are Date, Description, Amount" in message
    store_file = str(tmp_path / "s.duckdb")
    assert main(["discover", "spend", str(SPEND / "no-vendor.csv"), "--db", store_file]) == 2
    assert "has no vendor or domain column" in capsys.readouterr().err
    assert main(["discover", "spend", str(SPEND / "expenses.csv"), "--db", store_file]) == 0
    assert "5 findings, 5 new" in capsys.readouterr().out
