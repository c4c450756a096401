"""Issue 17 item 1: a lake table is computed in place. Two child processes read the same Delta
tables: one computes drift through the DuckDB engine on the tables (what a monitor run does),
the other reads the current table into pandas (what the monitor did before). The first one's
peak memory grows by a small fraction of the second's (measured alone: 0 MB above the peak of
its imports, against 780 MB): the table never comes to Python."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

ROOT = Path(__file__).resolve().parents[2]
ROWS, BATCH, WIDTH = 200_000, 20_000, 1000
"""Two text columns of 1,000-character values: about 400 MB per table once in memory."""

CHILD = """
import json, resource, sys
from store.connection import Store
from store import lake_sources

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

db = Store(sys.argv[1])
sources = ["delta:reference", "delta:current"]
from monitors.drift_duckdb import TableRelation, compute_relation_drift
import pandas, scipy.stats  # both children pay the same imports before measuring
before = peak_mb()
if sys.argv[2] == "in_place":
    with lake_sources.open_tables(db, sources) as (connection, tables):
        sides = [TableRelation(t.relation, t.source) for t in tables]
        columns = {"amount": "numerical", "note": "categorical", "region": "categorical"}
        found = compute_relation_drift(connection, *sides, columns, refuse_missing=True)
    answer = {c: d.score for c, d in found.result.columns.items()}
else:
    frame = lake_sources.read(db, "delta:current")
    answer = {"rows": len(frame)}
print(json.dumps({"grew_mb": peak_mb() - before, "peak_mb": peak_mb(), "answer": answer}))
"""


def _batches(shift: int):
    texts = pa.array([chr(ord("a") + i) * WIDTH for i in range(4)])
    for start in range(0, ROWS, BATCH):
        index = pa.array([(i * 7 + shift) % 4 for i in range(start, start + BATCH)], pa.int8())
        yield pa.record_batch(
            {
                "amount": pa.array([float(i % 997 + shift) for i in range(start, start + BATCH)]),
                "note": texts.take(index),
                "region": texts.take(pa.array([(i + shift) % 3 for i in range(BATCH)], pa.int8())),
            }
        )


def _child(store: Path, mode: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(store), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_drift_on_a_delta_table_does_not_bring_the_table_into_memory(tmp_path):
    from deltalake import write_deltalake

    for name, shift in (("reference", 0), ("current", 1)):
        schema = next(_batches(shift)).schema
        reader = pa.RecordBatchReader.from_batches(schema, _batches(shift))
        write_deltalake(tmp_path / name, reader)
    store = tmp_path / "aims.duckdb"
    in_place = _child(store, "in_place")
    in_memory = _child(store, "in_memory")
    assert in_memory["answer"] == {"rows": ROWS}
    assert set(in_place["answer"]) == {"amount", "note", "region"}
    assert in_place["answer"]["note"] < 0.05  # shifted categories drift
    assert in_memory["grew_mb"] > 300, in_memory  # the table is about 400 MB in memory
    assert in_place["grew_mb"] < in_memory["grew_mb"] / 5, (in_place, in_memory)
