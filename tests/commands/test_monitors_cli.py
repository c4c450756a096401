"""``python -m monitors`` run as a subprocess: JSON values, exit codes, error messages."""

import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import demographic_parity_difference, equalized_odds_difference
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitors", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    rng = np.random.default_rng(0)
    n = 800
    frame = pd.DataFrame(
        {
            "age": rng.normal(40, 10, n),
            "colour": rng.choice(["Black", "White"], n),
            "sex": rng.choice(["F", "M"], n),
            "y": rng.integers(0, 2, n),
        }
    )
    frame["biased"] = (rng.random(n) < 0.4 + 0.3 * (frame["colour"] == "White")).astype(int)
    frame["fair"] = rng.integers(0, 2, n)
    paths = {"data": folder / "data.csv", "current": folder / "current.parquet"}
    frame.to_csv(paths["data"], index=False)
    frame.assign(age=frame["age"] + 8, sex=rng.choice(["F", "M"], n, p=[0.8, 0.2])).to_parquet(
        paths["current"]
    )
    paths["bad"] = folder / "data.txt"
    paths["bad"].write_text("x")
    return paths


def test_help_lists_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "fairness" in result.stdout and "drift" in result.stdout


def test_fairness_breach_values_match_fairlearn(files):
    result = run_cli(
        "fairness",
        "--data",
        str(files["data"]),
        "--target",
        "y",
        "--prediction",
        "biased",
        "--sensitive",
        "colour,sex",
        "--intersections",
    )
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    frame = pd.read_csv(files["data"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for attribute in ("colour", "sex"):
            got = data["attributes"][attribute]
            expected = demographic_parity_difference(
                frame["y"], frame["biased"], sensitive_features=frame[attribute]
            )
            assert got["demographic_parity_difference"] == pytest.approx(expected, abs=1e-9)
            expected_eo = equalized_odds_difference(
                frame["y"], frame["biased"], sensitive_features=frame[attribute]
            )
            assert got["equalized_odds_difference"] == pytest.approx(expected_eo, abs=1e-9)
    assert "colour×sex" in data["attributes"]
    assert data["attributes"]["colour"]["demographic_parity_difference"] > 0.1
    assert data["breaches"]


def test_fairness_within_thresholds_exits_0(files):
    result = run_cli(
        "fairness",
        "--data",
        str(files["data"]),
        "--target",
        "y",
        "--prediction",
        "fair",
        "--sensitive",
        "colour",
        "--max-eo-difference",
        "0.5",
        "--max-dp-difference",
        "0.5",
        "--min-ratio",
        "0.5",
        "--format",
        "text",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "within thresholds" in result.stdout


def test_drift_values_and_exit_code(files):
    result = run_cli(
        "drift",
        "--reference",
        str(files["data"]),
        "--current",
        str(files["current"]),
        "--columns",
        "age,sex",
    )
    assert result.returncode == 1, result.stderr  # both columns drift -> share 1.0
    data = json.loads(result.stdout)
    reference, current = pd.read_csv(files["data"]), pd.read_parquet(files["current"])
    age = data["columns"]["age"]
    assert age["method"] == "ks"
    assert age["score"] == pytest.approx(stats.ks_2samp(reference["age"], current["age"]).pvalue)
    assert data["columns"]["sex"]["method"] == "z"
    assert data["dataset_drift"] is True and data["drifted_share"] == 1.0


def test_drift_without_drift_exits_0(files):
    result = run_cli(
        "drift",
        "--reference",
        str(files["data"]),
        "--current",
        str(files["data"]),
        "--format",
        "text",
    )
    assert result.returncode == 0, result.stderr
    assert "no dataset drift" in result.stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["drift", "--reference", "{data}", "--current", "{current}", "--columns", "nope"], "nope"),
        (["drift", "--reference", "{bad}", "--current", "{current}"], "data.txt"),
        (
            [
                "fairness",
                "--data",
                "{data}",
                "--target",
                "y",
                "--prediction",
                "biased",
                "--sensitive",
                "race",
            ],
            "'race'",
        ),
        (
            [
                "fairness",
                "--data",
                "/no/such.csv",
                "--target",
                "y",
                "--prediction",
                "p",
                "--sensitive",
                "s",
            ],
            "/no/such.csv",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(files, args, fragment):
    result = run_cli(*[a.format(**{k: str(v) for k, v in files.items()}) for a in args])
    assert result.returncode == 2
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_fairness_does_not_import_evidently():
    code = "import sys; from commands.monitors_cli import main; main(['fairness', '--help'])"
    probe = "import atexit, sys; atexit.register(lambda: print('evidently' in sys.modules)); "
    result = subprocess.run(
        [sys.executable, "-c", probe + code], cwd=ROOT, capture_output=True, text=True
    )
    assert result.stdout.strip().endswith("False")
