"""The DuckDB engine's shortcuts against what they replace: Wasserstein from one merge equals
the oracle's to the last bit, the Jensen-Shannon replica equals SciPy's, a numerical column
finished in numpy gives the oracle's test, score and verdict, type inference from one scan per
side equals the oracle's, and a default run does not load SciPy's statistics."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.spatial import distance

from monitors import drift
from monitors.drift_duckdb import (
    compute_file_drift,
    file_set,
    numeric_drift_sorted,
    wasserstein_normed_sorted,
)

ROOT = Path(__file__).resolve().parents[2]


def _samples(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return [
        (rng.normal(0, 1, 1000), rng.normal(0.2, 1.3, 700)),
        (np.round(rng.normal(0, 1, 5000), 1), np.round(rng.normal(0.1, 1, 6000), 1)),  # ties
        (rng.integers(0, 4, 3000).astype(float), rng.integers(0, 5, 2000).astype(float)),
        (np.array([2.0]), np.array([2.0, 2.0, 3.0])),
        (np.array([-0.0, 0.0, 0.0, 1.0]), np.array([0.0, -0.0, 1.0, 1.0, 5.0])),
        (rng.normal(0, 1e-6, 4000), rng.normal(0, 1e-6, 4000)),  # std below the 0.001 floor
        (np.full(100, 7.0), np.full(50, 7.0)),
    ]


@pytest.mark.parametrize("case", range(7))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_wasserstein_from_one_merge_equals_the_oracle_to_the_last_bit(case, seed):
    ref, cur = (np.sort(a) for a in _samples(seed)[case])
    expected = drift._wasserstein_normed(ref, cur)
    assert wasserstein_normed_sorted(ref, cur) == expected
    assert wasserstein_normed_sorted(cur, ref) == drift._wasserstein_normed(cur, ref)


@pytest.mark.parametrize("seed", range(5))
def test_jensenshannon_equals_scipys_to_the_last_bit(seed):
    rng = np.random.default_rng(seed)
    p, q = rng.random(12), rng.random(12)
    p[3] = 0.0  # a share missing on one side
    assert drift.jensenshannon(p, q) == float(distance.jensenshannon(p, q))
    assert drift.jensenshannon(p, p) == float(distance.jensenshannon(p, p)) == 0.0


@pytest.mark.parametrize("method", [None, "ks", "wasserstein", "psi", "jensenshannon"])
@pytest.mark.parametrize("case", range(7))
def test_a_numerical_column_in_numpy_equals_the_oracle(case, method):
    ref, cur = _samples(3)[case]
    expected = drift.column_drift(pd.Series(ref), pd.Series(cur), "x", "numerical", method)
    found = numeric_drift_sorted("x", np.sort(ref), np.sort(cur), method, None)
    assert found == expected


def test_type_inference_from_one_scan_per_side_equals_the_oracles(tmp_path):
    """``wide`` has > 1000 values on one side only; ``few`` 5 across both sides (categorical),
    ``six`` 6 across both though at most 4 on each side (numerical)."""
    rng = np.random.default_rng(5)
    reference = pd.DataFrame(
        {
            "wide": rng.normal(0, 1, 3000),
            "few": rng.integers(0, 3, 3000),
            "six": rng.integers(0, 4, 3000),
        }
    )
    current = pd.DataFrame(
        {
            "wide": rng.integers(0, 3, 2000).astype(float),
            "few": rng.integers(2, 5, 2000),
            "six": rng.integers(2, 6, 2000),
        }
    )
    reference.to_csv(tmp_path / "ref.csv", index=False)
    current.to_parquet(tmp_path / "cur.parquet", index=False)
    found = compute_file_drift(
        file_set(str(tmp_path / "ref.csv")), file_set(str(tmp_path / "cur.parquet"))
    )
    expected = drift.infer_column_types([reference, current], list(reference.columns))
    assert expected == {"wide": "numerical", "few": "categorical", "six": "numerical"}
    assert found.column_types == expected
    oracle = drift.compute_drift(reference, current, expected)
    for name, column in oracle.columns.items():
        assert found.result.columns[name].method == column.method
        assert found.result.columns[name].score == pytest.approx(column.score, abs=1e-9)


def test_a_default_run_does_not_load_scipys_statistics(tmp_path):
    """Importing ``scipy.stats`` costs about a second of every run; the default tests of the
    DuckDB engine (Wasserstein, Jensen-Shannon) need none of it."""
    rng = np.random.default_rng(9)
    for name, shift in (("ref", 0.0), ("cur", 0.5)):
        pd.DataFrame(
            {"x": rng.normal(shift, 1, 2000), "c": rng.choice(["a", "b", "c"], 2000)}
        ).to_csv(tmp_path / f"{name}.csv", index=False)
    script = (
        "import json, sys\n"
        "from commands.monitors_cli import main\n"
        "code = main(['drift', '--engine', 'duckdb', '--format', 'json',\n"
        f"    '--reference', {str(tmp_path / 'ref.csv')!r},\n"
        f"    '--current', {str(tmp_path / 'cur.csv')!r}])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('scipy.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    *report, modules = done.stdout.strip().splitlines()
    assert json.loads("\n".join(report))["columns"]["x"]["method"] == "wasserstein"
    loaded = json.loads(modules)
    assert not [m for m in loaded if m.startswith(("scipy.stats", "scipy.spatial"))], loaded
