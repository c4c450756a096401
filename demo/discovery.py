"""The demo's discovery: what scans of Meridian's code, registry and spend turned up.

Scanned twelve days ago, so the candidates are fresh (the pre-audit check allows 30 days):
the chatbot's repository is linked to its inventory record, a notebook's scikit-learn is
dismissed, and a marketing repository calling OpenAI and a team's ChatGPT subscription are
still open: AI found but not catalogued.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from demo import organisation
from risk_model.access import SYSTEM
from risk_model.discovery import Finding, ScanResult
from store import discovery
from store.connection import Store


def _code(repo: str, owner: str, rows: list[tuple]) -> ScanResult:
    result = ScanResult("code", repo, files_scanned=len(rows) * 40)
    for file, line, signature, provider, product, kind, evidence in rows:
        result.findings.append(
            Finding(
                "code",
                repo,
                file,
                line,
                signature,
                provider,
                product,
                kind,
                evidence,
                {"owner": owner},
            )  # one finding per row
        )
    return result


def seed(db: Store, today: date) -> dict[str, int]:
    at = datetime.combine(today - timedelta(days=12), time(8, 30))
    scans = [
        _code(
            "ask-meridian-bot",
            "Sofia Marin",
            [
                (
                    "requirements.txt",
                    4,
                    "py-azure-ai-inference",
                    "Microsoft",
                    "Azure AI Inference",
                    "api",
                    "azure-ai-inference==1.0.0b9",
                ),
                (
                    "bot/answer.py",
                    7,
                    "py-azure-ai-inference",
                    "Microsoft",
                    "Azure AI Inference",
                    "api",
                    "from azure.ai.inference import ChatCompletionsClient",
                ),
            ],
        ),
        _code(
            "campaign-studio",
            "marketing-engineering",
            [
                (
                    "package.json",
                    12,
                    "js-openai",
                    "OpenAI",
                    "OpenAI API",
                    "api",
                    '"openai": "^4.60.0",',
                ),
                (
                    "src/headlines.ts",
                    3,
                    "js-openai",
                    "OpenAI",
                    "OpenAI API",
                    "api",
                    'import OpenAI from "openai";',
                ),
            ],
        ),
        _code(
            "actuarial-notebooks",
            "Marcus Feld",
            [
                (
                    "requirements.txt",
                    9,
                    "py-scikit-learn",
                    "scikit-learn",
                    "scikit-learn",
                    "model library",
                    "scikit-learn==1.9.1",
                ),
            ],
        ),
    ]
    spend = ScanResult("spend", "saas-spend-q3.csv", files_scanned=412)
    spend.findings.append(
        Finding(
            "spend",
            "ChatGPT and the OpenAI API",
            "saas-spend-q3.csv",
            118,
            "openai",
            "OpenAI",
            "ChatGPT and the OpenAI API",
            "api",
            "2026-08-14 | OpenAI, L.L.C. | ChatGPT Team | 25 seats | Claims operations",
        )
    )
    for result in [*scans, spend]:
        discovery.record_scan(db, result, SYSTEM, at)
    by_location = dict(
        zip(*[discovery.list_candidates(db)[c] for c in ("location", "id")], strict=True)
    )
    triaged = at + timedelta(days=2)
    discovery.link_candidate(
        db, by_location["ask-meridian-bot"], organisation.SYSTEM_IDS["chatbot"], SYSTEM, triaged
    )
    discovery.dismiss_candidate(
        db,
        by_location["actuarial-notebooks"],
        "Exploratory notebooks; no model is deployed",
        SYSTEM,
        triaged,
    )
    return {"discovery candidates": len(by_location)}
