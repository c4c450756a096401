"""The DuckDB engine against the in-memory engine (the oracle): same test, score within 1e-9
and same verdict on every column, from CSV, Parquet and globs; and its file sandbox."""

import numpy as np
import pandas as pd
import pytest

from monitors import drift_duckdb
from monitors.drift import compute_drift, infer_column_types
from monitors.drift_duckdb import (
    _sturges_edges,
    compute_file_drift,
    file_set,
    sandboxed_connection,
)
from monitors.errors import MonitorInputError


def frames(rng: np.random.Generator, n: int, shift: float) -> pd.DataFrame:
    cat_p = [0.4, 0.3, 0.2, 0.1] if shift == 0 else [0.25, 0.25, 0.25, 0.25]
    frame = pd.DataFrame(
        {
            "num": rng.normal(shift, 1, n),
            "rounded": np.round(rng.normal(shift, 1, n), 1),
            "num_small": rng.integers(0, 4 + (shift > 0), n).astype(float),
            "num_mid": rng.integers(0, 12, n) + (rng.random(n) < shift / 3),
            "numint": rng.poisson(3 + shift, n),
            "cat": rng.choice(["a", "b", "c", "d"], n, p=cat_p),
            "binary": rng.choice(["yes", "no"], n, p=[0.5 + shift / 4, 0.5 - shift / 4]),
            "binint": rng.integers(0, 2, n),
        }
    )
    frame.loc[rng.random(n) < 0.05, "num"] = np.nan
    frame.loc[rng.random(n) < 0.02, "cat"] = None
    return frame


CASES = [
    (500, 400, 0.0),
    (500, 400, 0.3),
    (900, 3000, 0.5),
    (5000, 4000, 0.0),
    (5000, 4000, 0.2),
    (20000, 1000, 0.6),
    (12000, 15000, 0.1),
]


def _write(frame: pd.DataFrame, path, kind: str) -> None:
    if kind == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("method", [None, "psi", "jensenshannon", "ks", "wasserstein"])
@pytest.mark.parametrize("case", range(len(CASES)))
@pytest.mark.parametrize("out_of_core", [True, False])
def test_scores_and_verdicts_equal_the_in_memory_oracle(
    tmp_path, case, method, kind, out_of_core, monkeypatch
):
    """Numeric columns computed out of core (the path for large files) and finished in numpy
    (``numeric_drift_sorted``, the path up to ``IN_MEMORY_VALUES``) equal the oracle."""
    if out_of_core:
        monkeypatch.setattr(drift_duckdb, "IN_MEMORY_VALUES", 0)
    n_ref, n_cur, shift = CASES[case]
    rng = np.random.default_rng(case)
    reference, current = frames(rng, n_ref, 0.0), frames(rng, n_cur, shift)
    _write(reference, tmp_path / f"ref.{kind}", kind)
    _write(current, tmp_path / f"cur.{kind}", kind)
    # the oracle reads the files back as the in-memory CLI does
    read = pd.read_csv if kind == "csv" else pd.read_parquet
    ref_back, cur_back = read(tmp_path / f"ref.{kind}"), read(tmp_path / f"cur.{kind}")
    types = infer_column_types([ref_back, cur_back], list(reference.columns))
    if method in ("ks", "wasserstein"):
        types = {c: t for c, t in types.items() if t == "numerical"}
    expected = compute_drift(ref_back, cur_back, types, method)
    found = compute_file_drift(
        file_set(str(tmp_path / f"ref.{kind}")),
        file_set(str(tmp_path / f"cur.{kind}")),
        list(types),
        method,
    )
    assert found.column_types == types
    assert found.rows == (n_ref, n_cur)
    for name, oracle in expected.columns.items():
        got = found.result.columns[name]
        assert got.method == oracle.method, name
        assert got.score == pytest.approx(oracle.score, abs=1e-9, rel=1e-9), name
        assert got.drifted == oracle.drifted, name
    assert found.result.dataset_drift == expected.dataset_drift


def test_glob_reads_every_partition(tmp_path):
    """Also the default path: numeric columns of small files finished in numpy."""
    rng = np.random.default_rng(7)
    reference, current = frames(rng, 3000, 0.0), frames(rng, 3000, 0.4)
    for i in range(3):
        current.iloc[i * 1000 : (i + 1) * 1000].to_parquet(
            tmp_path / f"cur-2026-11-0{i + 1}.parquet", index=False
        )
    reference.to_parquet(tmp_path / "ref.parquet", index=False)
    found = compute_file_drift(
        file_set(str(tmp_path / "ref.parquet")), file_set(str(tmp_path / "cur-2026-11-*.parquet"))
    )
    types = infer_column_types([reference, current], list(reference.columns))
    expected = compute_drift(reference, current, types)
    assert found.rows == (3000, 3000)
    for name, oracle in expected.columns.items():
        assert found.result.columns[name].score == pytest.approx(oracle.score, abs=1e-9)


@pytest.mark.parametrize("size", [2, 17, 1000, 2_000_000])
def test_sturges_edges_equal_numpys(size):
    values = np.full(size, 1.0)
    values[0], values[-1] = -3.25, 7.5
    expected = np.histogram_bin_edges(values, bins="sturges")
    np.testing.assert_array_equal(_sturges_edges(-3.25, 7.5, size), expected)


def test_a_missing_column_or_inf_is_refused_naming_the_column(tmp_path):
    pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [1, 2, 3]}).to_csv(tmp_path / "r.csv", index=False)
    pd.DataFrame({"x": [1.0, np.inf, 3.0]}).to_csv(tmp_path / "c.csv", index=False)
    with pytest.raises(MonitorInputError, match="column 'y' is missing"):
        compute_file_drift(file_set(str(tmp_path / "r.csv")), file_set(str(tmp_path / "c.csv")))
    with pytest.raises(MonitorInputError, match="column 'x' has 1 infinite"):
        compute_file_drift(
            file_set(str(tmp_path / "r.csv")), file_set(str(tmp_path / "c.csv")), ["x"]
        )


def test_the_engine_connection_opens_only_the_given_files(tmp_path):
    allowed, secret = tmp_path / "data.csv", tmp_path / "secrets.toml"
    allowed.write_text("a\n1\n")
    secret.write_text('cookie_secret = "do-not-leak"\n')
    with sandboxed_connection([allowed]) as connection:
        assert connection.execute(f"SELECT * FROM read_csv('{allowed}')").fetchall() == [(1,)]
        with pytest.raises(Exception, match="disabled by configuration") as error:
            connection.execute(f"SELECT * FROM read_text('{secret}')").fetchall()
        assert "do-not-leak" not in str(error.value)
        with pytest.raises(Exception, match="locked"):
            connection.execute("SET enable_external_access = true")
