"""Issue 19 item 9: the Statement of Applicability is ISO/IEC 42001 6.1.3 f), everywhere the
product cites it (checks, pages, the getting-started steps), never the old "6.1.3 d"."""

from __future__ import annotations

import re
from pathlib import Path

from risk_model.getting_started import STEPS

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("risk_model", "store", "pages", "ui", "reports", "commands", "demo")


def test_no_code_cites_the_soa_as_6_1_3_d():
    wrong = re.compile(r"6\.1\.3\s*\(?d\b")
    cited = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in PRODUCT
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if wrong.search(line)
    ]
    assert cited == []


def test_the_getting_started_step_cites_6_1_3_f():
    (step,) = [s for s in STEPS if s.page == "pages/controls/soa.py"]
    assert step.clauses == "6.1.3 f)"
