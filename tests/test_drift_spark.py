"""The Spark engine (``local[2]``, Java 17) against the in-memory engine (the oracle): same
test, score within 1e-9 and same verdict on every column, from Parquet and CSV."""

import shutil

import numpy as np
import pandas as pd
import pytest

from monitors.drift import compute_drift, infer_column_types
from monitors.errors import MonitorInputError
from tests.test_drift_duckdb import frames

pytest.importorskip("pyspark")
if shutil.which("java") is None and not __import__("os").path.isdir(
    "/usr/lib/jvm/java-17-openjdk-amd64"
):
    pytest.skip("no Java for Spark (.ci/run installs openjdk-17-jre-headless)", allow_module_level=True)

from monitors.drift_spark import compute_spark_drift, spark_session  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    yield session
    session.stop()


CASES = [(500, 400, 0.3, None), (5000, 4000, 0.2, None), (3000, 2500, 0.4, "psi")]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_scores_and_verdicts_equal_the_in_memory_oracle(tmp_path, spark, case):
    n_ref, n_cur, shift, method = CASES[case]
    rng = np.random.default_rng(case)
    reference, current = frames(rng, n_ref, 0.0), frames(rng, n_cur, shift)
    reference.to_parquet(tmp_path / "ref.parquet", index=False)
    current.to_parquet(tmp_path / "cur.parquet", index=False)
    ref_back = pd.read_parquet(tmp_path / "ref.parquet")
    cur_back = pd.read_parquet(tmp_path / "cur.parquet")
    types = infer_column_types([ref_back, cur_back], list(reference.columns))
    expected = compute_drift(ref_back, cur_back, types, method)
    found = compute_spark_drift(
        str(tmp_path / "ref.parquet"), str(tmp_path / "cur.parquet"), list(types), method,
        spark=spark,
    )  # fmt: skip
    assert found.column_types == types
    assert found.rows == (n_ref, n_cur)
    assert found.result.columns.keys() == expected.columns.keys()
    for name, oracle in expected.columns.items():
        got = found.result.columns[name]
        assert got.method == oracle.method, name
        assert got.score == pytest.approx(oracle.score, abs=1e-9, rel=1e-9), name
        assert got.drifted == oracle.drifted, name
    assert found.result.dataset_drift == expected.dataset_drift


def test_ks_and_wasserstein_from_csv_equal_the_oracle(tmp_path, spark):
    rng = np.random.default_rng(11)
    reference, current = frames(rng, 1500, 0.0), frames(rng, 1200, 0.3)
    numeric = ["num", "rounded", "num_mid", "numint"]
    reference[numeric].to_csv(tmp_path / "ref.csv", index=False)
    current[numeric].to_csv(tmp_path / "cur.csv", index=False)
    ref_back, cur_back = pd.read_csv(tmp_path / "ref.csv"), pd.read_csv(tmp_path / "cur.csv")
    types = dict.fromkeys(numeric, "numerical")
    for method in ("ks", "wasserstein"):
        expected = compute_drift(ref_back, cur_back, types, method)
        found = compute_spark_drift(
            str(tmp_path / "ref.csv"), str(tmp_path / "cur.csv"), types, method, spark=spark
        )
        for name, oracle in expected.columns.items():
            got = found.result.columns[name]
            assert got.score == pytest.approx(oracle.score, abs=1e-9, rel=1e-9), (method, name)
            assert got.drifted == oracle.drifted


def test_bad_input_names_the_column(tmp_path, spark):
    pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [1, 2, 3]}).to_parquet(tmp_path / "r.parquet")
    pd.DataFrame({"x": [1.0, np.inf, 3.0]}).to_parquet(tmp_path / "c.parquet")
    ref, cur = str(tmp_path / "r.parquet"), str(tmp_path / "c.parquet")
    with pytest.raises(MonitorInputError, match="column 'y' is missing from current"):
        compute_spark_drift(ref, cur, spark=spark)
    with pytest.raises(MonitorInputError, match="column 'x' has 1 infinite"):
        compute_spark_drift(ref, cur, ["x"], spark=spark)
    with pytest.raises(MonitorInputError, match="cannot read"):
        compute_spark_drift(str(tmp_path / "none.parquet"), cur, spark=spark)
