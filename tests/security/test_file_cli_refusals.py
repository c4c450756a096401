"""Issue 14 item 14: the file commands refuse what the monitor job refuses (exit 2, one line
naming the column) instead of saying "pass"."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "monitors", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def _refused(result: subprocess.CompletedProcess, column: str) -> None:
    assert result.returncode == 2, result.stdout
    assert f"'{column}'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


@pytest.fixture()
def decisions(tmp_path) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n = 400
    return pd.DataFrame(
        {
            "y": rng.integers(0, 2, n),
            "pred": rng.integers(0, 2, n),
            "sex": rng.choice(["F", "M"], n),
            "region": ["north"] * n,
        }
    )


def test_fairness_refuses_a_sensitive_attribute_with_one_group(tmp_path, decisions):
    decisions.to_csv(tmp_path / "d.csv", index=False)
    args = ["--target", "y", "--prediction", "pred", "--sensitive", "sex,region"]
    _refused(run_cli("fairness", "--data", str(tmp_path / "d.csv"), *args), "region")


def test_fairness_refuses_a_target_with_one_class(tmp_path, decisions):
    decisions.assign(y=1).to_csv(tmp_path / "d.csv", index=False)
    args = ["--target", "y", "--prediction", "pred", "--sensitive", "sex"]
    _refused(run_cli("fairness", "--data", str(tmp_path / "d.csv"), *args), "y")


@pytest.mark.parametrize("engine", ["duckdb", "memory"])
def test_drift_refuses_a_current_file_without_a_feature_column(tmp_path, engine):
    rng = np.random.default_rng(2)
    reference = pd.DataFrame({"age": rng.normal(40, 9, 300), "income": rng.normal(5, 1, 300)})
    reference.to_csv(tmp_path / "ref.csv", index=False)
    reference[["age"]].to_csv(tmp_path / "cur.csv", index=False)
    files = ["--reference", str(tmp_path / "ref.csv"), "--current", str(tmp_path / "cur.csv")]
    _refused(run_cli("drift", *files, "--engine", engine), "income")


@pytest.mark.parametrize("engine", ["duckdb", "memory"])
def test_drift_refuses_infinite_values_naming_the_column(tmp_path, engine):
    rng = np.random.default_rng(3)
    reference = pd.DataFrame({"age": rng.normal(40, 9, 300), "score": rng.normal(0, 1, 300)})
    current = reference.copy()
    current.loc[5, "score"] = np.inf
    reference.to_parquet(tmp_path / "ref.parquet")
    current.to_parquet(tmp_path / "cur.parquet")
    files = ["--reference", str(tmp_path / "ref.parquet"), "--current"]
    _refused(run_cli("drift", *files, str(tmp_path / "cur.parquet"), "--engine", engine), "score")
