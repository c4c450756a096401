"""The Spark engine (``local[2]``, Java 17) against the in-memory engine (the oracle): same
test, score within 1e-9 and same verdict on every column, from Parquet and CSV."""

import os
import shutil

import numpy as np
import pandas as pd
import pytest

from monitors.drift import compute_drift, infer_column_types
from monitors.errors import MonitorInputError
from tests.monitors.test_drift_duckdb import frames

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.path.isdir("/usr/lib/jvm/java-17-openjdk-amd64"):
    pytest.skip(
        "no Java for Spark (.ci/run installs openjdk-17-jre-headless)", allow_module_level=True
    )

from monitors.drift_spark import compute_spark_drift, spark_session  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    yield session
    session.stop()


CASES = [(500, 400, 0.3, None), (5000, 4000, 0.2, "psi")]


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
        str(tmp_path / "ref.parquet"),
        str(tmp_path / "cur.parquet"),
        list(types),
        method,
        spark=spark,
    )
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


def test_a_monitored_model_set_to_spark_runs_on_spark(db, tmp_path, spark, capsys):
    """The model's drift setting ``engine: spark`` computes its run's drift on Spark (no DuckDB
    profile is built), with the oracle's scores; the CLI's --engine spark gives the same."""
    from datetime import date

    from commands.monitors_cli import main
    from demo.models import build_demo_models
    from monitors.jobs import run_monitor
    from risk_model.access import SYSTEM
    from store import inventory, monitored_models, monitoring

    demo = build_demo_models(date(2026, 1, 31), days=2, seed=3)[0]
    demo.frame_reference.to_parquet(tmp_path / "reference.parquet")
    current = demo.batches[-1][1]
    current.to_parquet(tmp_path / "current.parquet")
    system = inventory.add_system(db, {"name": "Credit scoring", "owner": "Priya"}, SYSTEM)
    values = {
        "name": demo.name,
        "system_id": system,
        "reference_source": "reference.parquet",
        "current_source": "current.parquet",
        "target_column": demo.target,
        "prediction_column": demo.prediction,
        "probability_column": demo.probability,
        "features": demo.features,
        "sensitive_attributes": demo.sensitive,
        "thresholds": {"drift": {"engine": "spark"}},
    }
    model_id = monitored_models.register_model(db, values, SYSTEM)
    run = run_monitor(db, model_id, SYSTEM, with_report=False, evidence=False)
    assert run.status in ("succeeded", "breached"), run.failure_reason
    assert not (db.files_dir / "profiles" / model_id).exists()
    metrics = monitoring.run_metrics(db, run.run_id)
    scores = metrics[metrics["metric"] == "drift_score"]
    expected = compute_drift(demo.frame_reference, current, demo.features)
    assert set(scores["column_name"]) == set(demo.features)
    for column, score in zip(scores["column_name"], scores["value"], strict=True):
        assert score == pytest.approx(expected.columns[column].score, abs=1e-9), column

    features = ",".join(demo.features)
    code = main(
        [
            "drift",
            "--engine",
            "spark",
            "--spark-master",
            "local[2]",
            "--columns",
            features,
            "--reference",
            str(tmp_path / "reference.parquet"),
            "--current",
            str(tmp_path / "current.parquet"),
        ]
    )
    printed = __import__("json").loads(capsys.readouterr().out)
    inferred = infer_column_types([demo.frame_reference, current], list(demo.features))
    expected = compute_drift(demo.frame_reference, current, inferred)
    assert code == (1 if expected.dataset_drift else 0)
    for column, oracle in expected.columns.items():
        assert printed["columns"][column]["score"] == pytest.approx(oracle.score, abs=1e-9)
        assert printed["columns"][column]["drifted"] == oracle.drifted


def test_an_unknown_engine_is_refused():
    from risk_model.monitor_thresholds import DriftThresholds

    with pytest.raises(ValueError, match="drift engine must be duckdb or spark"):
        DriftThresholds.from_dict({"engine": "hadoop"})


def _boundary_frames(rng: np.random.Generator, n: int, shift: float) -> pd.DataFrame:
    """Columns that put the ordered pass's range boundaries to the test: a smooth one, one
    whose single value 2.0 holds half the rows (so several quantile cuts fall on it), a
    rounded one (ties everywhere), one constant on both sides and one constant only in the
    reference."""
    return pd.DataFrame(
        {
            "smooth": rng.normal(shift, 1.0, n),
            "tied": np.where(rng.random(n) < 0.5, 2.0, rng.integers(0, 40, n) + shift),
            "rounded": np.round(rng.normal(shift, 1.0, n), 1),
            "constant": np.full(n, 3.5),
            "constant_ref": np.full(n, 1.0) if shift == 0 else rng.normal(1.0, 1.0, n),
        }
    )


def test_value_ranges_join_exactly_at_their_boundaries(spark, monkeypatch):
    """With ranges of ~60 rows every column is cut in many places; the joined summary equals
    one ordered pass over all values (``drift_duckdb.stream_batches``, the DuckDB engine's),
    and the scores equal the oracle's. An off-by-one in the counts before a range, a tie
    split across ranges or a missing area at a boundary would each change these numbers."""
    from monitors import drift_spark
    from monitors.drift_duckdb import _sturges_edges, stream_batches

    monkeypatch.setattr(drift_spark, "BUCKET_ROWS", 60)
    rng = np.random.default_rng(7)
    reference, current = _boundary_frames(rng, 700, 0.0), _boundary_frames(rng, 900, 0.25)
    columns = list(reference.columns)
    ref = drift_spark._side(spark.createDataFrame(reference), "reference")
    cur = drift_spark._side(spark.createDataFrame(current), "current")
    shapes = drift_spark._shapes(ref, cur, columns)
    assert len(shapes["smooth"].splits()) >= 10
    assert len(shapes["tied"].splits()) >= 5
    assert shapes["constant"].splits() == [3.5]  # everything in the range from 3.5 up
    ordered = drift_spark._ordered(ref, cur, columns, shapes)
    for column in columns:
        values, inverse = np.unique(
            np.concatenate([reference[column], current[column]]), return_inverse=True
        )
        r = np.bincount(inverse[: len(reference)], minlength=len(values))
        c = np.bincount(inverse[len(reference) :], minlength=len(values))
        sizes = (len(reference), len(current))
        edges = _sturges_edges(values[0], values[-1], sum(sizes))
        expected = stream_batches([(values, r, c)], sizes, edges)
        got = ordered[column]
        assert got.values == len(values), column
        assert got.ref_values == reference[column].nunique(), column
        assert got.d_plus == pytest.approx(expected.d_plus, abs=1e-12), column
        assert got.d_minus == pytest.approx(expected.d_minus, abs=1e-12), column
        assert got.area == pytest.approx(expected.area, abs=1e-12, rel=1e-12), column
        assert np.array_equal(got.ref_hist, expected.ref_hist), column
        assert np.array_equal(got.cur_hist, expected.cur_hist), column

    types = dict.fromkeys(columns, "numerical")
    for method in ("ks", "wasserstein", "psi"):
        oracle = compute_drift(reference, current, types, method)
        frames = spark.createDataFrame(reference), spark.createDataFrame(current)
        found = compute_spark_drift(*frames, types, method, spark=spark)
        for name, want in oracle.columns.items():
            got = found.result.columns[name]
            assert got.score == pytest.approx(want.score, abs=1e-9, rel=1e-9), (method, name)
            assert got.drifted == want.drifted, (method, name)
