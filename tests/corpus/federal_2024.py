"""A synthetic register shaped like the 2024 US federal AI use-case inventory, as published.

The real file (about 2,000 use cases, 62 columns) could not be imported without editing it.
This one, generated deterministically, has every trait that stopped it:

- 62 columns, eight of them headed "If Other, please explain." (after each multiple choice);
- no id column; about 90 use-case names repeat across agencies, and some rows are true twins
  (the same name, agency and bureau);
- "N/A" and "TBD" in yes/no and date columns;
- headers with trailing spaces and curly quotes;
- Windows-1252 text (Excel's "CSV" on Windows), with curly quotes in cells too.

``data/samples/federal_ai_inventory_2024_shaped.csv`` is this generator's output; the README
imports it end to end with ``data/mappings/federal_ai_inventory_2024_shaped.json``.
"""

from __future__ import annotations

import csv
import io
import random

OTHER = "If Other, please explain."
HEADER = [
    "Use Case Name ",
    "Agency",
    "Agency Abbreviation",
    "Bureau / Component",
    "Topic Area",
    OTHER,
    "What is the intended purpose and expected benefits of the AI?",
    "Describe the AI system\u2019s outputs. ",
    "Stage of Development",
    "Is the AI use case rights-impacting, safety-impacting, both, or neither?",
    "Date Initiated",
    "Date when Acquisition and/or Development began",
    "Date Implemented",
    "Date Retired",
    "Was the AI system involved in this use case developed (or is it to be developed) "
    "under contract(s) or in-house?",
    OTHER,
    "Provide the Procurement Instrument Identifier(s) (PIID) of the contract(s) used.",
    "Is this AI use case supporting a High-Impact Service Provider (HISP) public-facing service?",
    "Which HISP is the AI use case supporting?",
    "Which public-facing service is the AI use case supporting?",
    "Does this AI use case disseminate information to the public?",
    "How is the agency ensuring compliance with Information Quality Act guidelines?",
    "Does this AI use case involve personally identifiable information (PII) that is "
    "maintained by the agency?",
    "Has the Senior Agency Official for Privacy (SAOP) assessed the privacy risks?",
    "Do you have access to an enterprise data catalog or agency-wide data repository?",
    "Describe any agency-owned data used to train, fine-tune, and/or evaluate the model(s).",
    OTHER,
    "Is there available documentation for the model training and evaluation data?",
    "Which, if any, demographic variables does the AI use case explicitly use as model features?",
    OTHER,
    "Does this project include custom-developed code?",
    "Does the agency have access to the code associated with the AI use case?",
    "If the code is open-source, provide the link for the publicly available source code.",
    "Does this AI use case have an associated Authority to Operate (ATO) for an AI system?",
    "System Name",
    "How long have you been waiting for the necessary developer tools?",
    "Is the required IT infrastructure provisioned via a centralized intake process?",
    "Do you have a process in place to request access to computing resources?",
    "Has communication regarding the provisioning of your requested resources been timely?",
    "How are existing data science tools and infrastructure being re-used for this use case?",
    OTHER,
    "Has information regarding the AI use case been made available for review within the agency?",
    "Has an AI impact assessment been completed?",
    "Has the AI been tested in a real-world context?",
    "Has an independent evaluation of the AI been conducted?",
    "Is there a process to monitor performance of the AI system?",
    OTHER,
    "Does the AI use case make or support decisions about individuals?",
    "Is there an appropriate human-in-the-loop?",
    OTHER,
    "Is there a fail-safe or opt-out mechanism?",
    "Has the agency consulted affected communities?",
    "Is there an appeal process?",
    OTHER,
    "Point of Contact",
    "Vendor Name",
    "\u201cDevelopment Method\u201d",
    "Techniques",
    "Data Sources",
    "Integration with other systems",
    "Last Reviewed",
    "Department Code",
]
AGENCIES = [
    ("Department of Agriculture", "USDA", ["Forest Service", "Food Safety and Inspection Service"]),
    ("Department of Commerce", "DOC", ["Census Bureau", "Patent and Trademark Office"]),
    ("Department of Energy", "DOE", ["Office of Science", "National Nuclear Security Admin."]),
    ("Department of Health and Human Services", "HHS", ["CDC", "FDA", "NIH"]),
    ("Department of Homeland Security", "DHS", ["Customs and Border Protection", "FEMA"]),
    ("Department of the Interior", "DOI", ["Geological Survey", "National Park Service"]),
    ("Department of Labor", "DOL", ["Employment and Training Admin.", "OSHA"]),
    ("Department of Veterans Affairs", "VA", ["Veterans Health Administration"]),
    ("Social Security Administration", "SSA", ["Office of Operations"]),
]
TOPICS = ["Mission-Enabling", "Health & Medical", "Law & Justice", "Science & Space", "Other"]
STAGES = [
    "Initiated",
    "Acquisition and/or Development",
    "Implementation and Assessment",
    "Operation and Maintenance",
    "Retired",
]
SOURCING = [
    "Developed in-house.",
    "Developed with contracting resources.",
    "Developed with both contracting and in-house resources.",
]
SUBJECTS = [
    "Document",
    "Claims",
    "Call",
    "Image",
    "Inspection",
    "Grant",
    "Fraud",
    "Translation",
    "Forecast",
    "Survey",
    "Records",
    "Wildfire",
    "Cyber",
    "Benefits",
    "Procurement",
]
TASKS = [
    "Classifier",
    "Summarizer",
    "Triage Assistant",
    "Chatbot",
    "Anomaly Detection",
    "Search",
    "Transcription",
    "Prioritization Model",
    "Entity Extraction",
    "Risk Scoring",
]
TECHNIQUES = ["Machine learning", "Natural language processing", "Computer vision", "LLM"]
VENDORS = ["", "Acme Analytics", "Globex", "Initech", "Hooli", "Vandelay Industries"]
YES_NO = ["Yes", "No", "N/A"]
SHARED_NAMES = 90
"""Names used by two agencies each."""
TWINS = 6
"""Rows repeated exactly inside one bureau (true twins)."""
UNIQUE_NAMES = 150


def _names(rng: random.Random) -> list[str]:
    pool = [f"{s} {t}" for s in SUBJECTS for t in TASKS]
    rng.shuffle(pool)
    return pool


def rows() -> list[list[str]]:
    rng = random.Random(2024)
    names = _names(rng)
    shared, unique = names[:SHARED_NAMES], names[SHARED_NAMES : SHARED_NAMES + UNIQUE_NAMES]
    plan = [(n, a) for n in shared for a in rng.sample(range(len(AGENCIES)), 2)]
    plan += [(n, rng.randrange(len(AGENCIES))) for n in unique]
    rng.shuffle(plan)
    out = [_row(rng, name, AGENCIES[agency]) for name, agency in plan]
    for index in rng.sample(range(len(out)), TWINS):
        out.insert(rng.randrange(len(out)), list(out[index]))
    return out


def _row(rng: random.Random, name: str, agency: tuple[str, str, list[str]]) -> list[str]:
    title, code, bureaus = agency
    stage = rng.choice(STAGES)
    topic = rng.choice(TOPICS)
    sourcing = rng.choice(SOURCING)
    vendor = "" if sourcing == SOURCING[0] else rng.choice(VENDORS[1:])
    values = {
        "Use Case Name ": name,
        "Agency": title,
        "Agency Abbreviation": code,
        "Bureau / Component": rng.choice(bureaus),
        "Topic Area": topic,
        "What is the intended purpose and expected benefits of the AI?": (
            f"Helps staff handle {name.split()[0].lower()} work faster; the agency\u2019s "
            "\u201cfirst pass\u201d is reviewed by a person."
        ),
        "Describe the AI system\u2019s outputs. ": rng.choice(
            ["Scores", "Draft text", "Flags for review", "Forecasts"]
        ),
        "Stage of Development": stage,
        "Is the AI use case rights-impacting, safety-impacting, both, or neither?": rng.choice(
            ["Neither", "Rights-Impacting", "Safety-Impacting", "Both"]
        ),
        "Date Initiated": f"{rng.randrange(2018, 2024)}-{rng.randrange(1, 13):02d}",
        "Was the AI system involved in this use case developed (or is it to be developed) "
        "under contract(s) or in-house?": sourcing,
        "Does this AI use case involve personally identifiable information (PII) that is "
        "maintained by the agency?": rng.choice(YES_NO),
        "Has an AI impact assessment been completed?": rng.choice(YES_NO),
        "Does the AI use case make or support decisions about individuals?": rng.choice(YES_NO),
        "Point of Contact": rng.choice(["", "Chief AI Officer", f"{code} AI Program Office"]),
        "Vendor Name": vendor or rng.choice(["", "N/A"]),
        "\u201cDevelopment Method\u201d": rng.choice(["Agile", "Waterfall", "-"]),
        "Techniques": rng.choice(TECHNIQUES),
        "Data Sources": "; ".join(rng.sample(["Case files", "Public web", "Sensor data"], 2)),
        "Integration with other systems": rng.choice(["", "Case management system", "N/A"]),
        "Last Reviewed": rng.choice(["2024-06-30", "2024-11-15", "TBD", ""]),
        "Department Code": code,
    }
    if topic == "Other":
        values[OTHER] = "Workforce support"
    cells = [values.get(column, "") for column in HEADER]
    if topic == "Other":
        cells[HEADER.index(OTHER)] = "Workforce support"
    for index, column in enumerate(HEADER):
        if not cells[index] and column.startswith(("Has ", "Is ", "Does ", "Do ")):
            cells[index] = rng.choice(YES_NO)
    return cells


def file_bytes() -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows())
    return out.getvalue().encode("cp1252")
