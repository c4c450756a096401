"""Monitors at scale, each measured as a whole fresh process (wall time, peak RSS from
``os.wait4``), with the machine's load average noted beside each figure:

- ``big``: ``python -m monitors drift --engine duckdb`` on 100 M current rows x 20 columns
  from Parquet (and a 10 M-row reference), generated once by DuckDB into ``--data`` (outside
  the repository). Numeric values are rounded to 2 decimals (about a thousand distinct values
  per column, as logged features usually are), so the exact ordered pass stays on disk-friendly
  sizes; ``--exact-values`` keeps them unrounded (nearly every value distinct: the ordered
  pass sorts about 110 M values per column out of core). The goal is <= 3 GB peak RSS and
  <= 15 minutes.
- ``spark``: ``--engine spark`` (``local[2]``) on the 1 M-row Parquet set of
  ``bench_end_to_end.py``, its scores against the DuckDB engine's (equal to the oracle), and
  the time of each of its steps.
- ``fairness``: ``python -m monitors fairness`` on 1 M predictions from Parquet against a
  process that reads the same file and computes fairlearn's ``MetricFrame`` (selection rate,
  TPR, FPR per group), values compared.
- ``scheduled``: ``python -m monitors run --due`` on a copy of the demo store with one demo
  model scheduled and due: the first run profiles the reference, the next one reuses it.

Run: ``.venv/bin/python benchmarks/bench_scale.py big|spark|fairness|scheduled [--data DIR]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_end_to_end import ensure_data, measure, verdicts  # noqa: E402

FAIRLEARN_SCRIPT = """
import json, sys
import pandas as pd
from fairlearn.metrics import MetricFrame, false_positive_rate, selection_rate, true_positive_rate
data, out = sys.argv[1:3]
frame = pd.read_parquet(data)
result = {}
for attribute in ("sex", "age_band"):
    metrics = MetricFrame(
        metrics={"selection_rate": selection_rate, "tpr": true_positive_rate,
                 "fpr": false_positive_rate},
        y_true=frame["outcome"], y_pred=frame["decision"], sensitive_features=frame[attribute],
    )
    result[attribute] = {str(g): row.to_dict() for g, row in metrics.by_group.iterrows()}
with open(out, "w") as handle:
    json.dump(result, handle)
"""


def load() -> str:
    return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def _numeric(i: int, shift: float, exact: bool = False) -> str:
    """A normal value (Box-Muller on DuckDB's random()), rounded to 2 decimals unless ``exact``
    (then nearly every value is distinct, the hardest case for the ordered pass)."""
    value = f"{shift} + {1.0 + 0.1 * i} * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())"
    return f"{value if exact else f'round({value}, 2)'} AS num_{i}"


def make_big(
    folder: Path, rows: int, reference_rows: int, exact: bool = False
) -> tuple[Path, Path]:
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    kind = "-exact" if exact else ""
    paths = (
        folder / f"reference-{reference_rows}{kind}.parquet",
        folder / f"current-{rows}{kind}.parquet",
    )
    for path, n, current in ((paths[0], reference_rows, False), (paths[1], rows, True)):
        if path.exists():
            continue
        columns = [_numeric(i, 0.3 * (i % 3 == 0) if current else 0.0, exact) for i in range(10)]
        for i in range(10):
            k = 3 + 2 * i
            skew = "1 - random() * random()" if current and i % 3 == 0 else "random()"
            columns.append(f"'c' || CAST(floor(({skew}) * {k}) AS INTEGER) AS cat_{i}")
        started = time.perf_counter()
        with duckdb.connect() as connection:
            connection.execute("SET preserve_insertion_order = false")
            connection.execute(
                f"COPY (SELECT {', '.join(columns)} FROM range({n})) TO '{path}.part' "
                "(FORMAT parquet, ROW_GROUP_SIZE 1000000)"
            )
        Path(f"{path}.part").rename(path)
        print(f"generated {path} ({n:,} rows) in {time.perf_counter() - started:.0f} s, {load()}")
    return paths


def bench_big(data: Path, rows: int, reference_rows: int, exact: bool = False) -> None:
    reference, current = make_big(data, rows, reference_rows, exact)
    out = data / "result-big.stdout"
    before = load()
    command = [sys.executable, "-m", "monitors", "drift", "--engine", "duckdb"]
    seconds, rss, result = measure(
        [*command, "--reference", str(reference), "--current", str(current)], out
    )
    drifted = sum(c["drifted"] for c in result["columns"].values())
    print(
        f"big: {rows:,} current + {reference_rows:,} reference rows x 20 columns: "
        f"{seconds:.0f} s, {rss:.0f} MB peak RSS, {drifted}/20 drifted "
        f"(before: {before}; after: {load()})"
    )


SPARK_TIMED = """
import logging, sys
logging.basicConfig(filename=sys.argv.pop(1), level=logging.INFO, format="%(message)s")
from commands.monitors_cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def bench_spark(data: Path, rows: int) -> None:
    """DuckDB, then Spark ``local[2]`` (whole process, as ``python -m monitors``), whose
    steps' times (``drift_spark``'s INFO log) are printed after its figure."""
    paths = ensure_data(data, rows, ["parquet"])
    ref, cur = map(str, paths["parquet"])
    timings = data / "spark-steps.log"
    timings.unlink(missing_ok=True)
    results = {}
    for engine in ("duckdb", "spark"):
        before = load()
        if engine == "spark":
            command = [sys.executable, "-c", SPARK_TIMED, str(timings), "drift"]
            command += ["--engine", "spark", "--spark-master", "local[2]"]
        else:
            command = [sys.executable, "-m", "monitors", "drift", "--engine", engine]
        command += ["--reference", ref, "--current", cur]
        seconds, rss, result = measure(command, data / f"result-scale-{engine}.stdout")
        results[engine] = result
        print(f"spark set, {engine}: {seconds:.1f} s, {rss:.0f} MB (before: {before})")
    steps = [line for line in timings.read_text().splitlines() if "spark drift:" in line]
    print("spark steps: " + "; ".join(line.removeprefix("spark drift: ") for line in steps))
    ours, theirs = verdicts(results["spark"]), verdicts(results["duckdb"])
    same = sum(ours[c][:2] == theirs[c][:2] for c in ours)
    diff = max(abs(ours[c][2] - theirs[c][2]) for c in ours)
    print(f"spark vs duckdb: verdicts {same}/{len(ours)}, max |score diff| {diff:.1e}; {load()}")


def make_predictions(path: Path, rows: int) -> None:
    import numpy as np
    import pandas as pd

    if path.exists():
        return
    rng = np.random.default_rng(3)
    sex = rng.choice(["female", "male"], rows)
    age = rng.choice(["18-30", "31-50", "51+"], rows, p=[0.3, 0.5, 0.2])
    outcome = (rng.random(rows) < 0.4).astype(int)
    bias = np.where(sex == "female", 0.08, 0.0)
    decision = (rng.random(rows) < 0.25 + 0.4 * outcome - bias).astype(int)
    frame = pd.DataFrame({"sex": sex, "age_band": age, "outcome": outcome, "decision": decision})
    frame.to_parquet(path, index=False)


def bench_fairness(data: Path, rows: int) -> None:
    data.mkdir(parents=True, exist_ok=True)
    path = data / f"predictions-{rows}.parquet"
    make_predictions(path, rows)
    before = load()
    out = data / "result-fairlearn.json"
    theirs_s, theirs_rss, theirs = measure(
        [sys.executable, "-c", FAIRLEARN_SCRIPT, str(path), str(out)], out
    )
    command = [sys.executable, "-m", "monitors", "fairness", "--data", str(path)]
    command += ["--target", "outcome", "--prediction", "decision", "--sensitive", "sex,age_band"]
    ours_s, ours_rss, ours = measure(command, data / "result-fairness.stdout")
    diff = max(
        abs(ours["attributes"][a]["groups"][g][m] - theirs[a][g][m])
        for a in theirs
        for g in theirs[a]
        for m in ("selection_rate", "tpr", "fpr")
    )
    print(
        f"fairness {rows:,} rows end to end: fairlearn MetricFrame {theirs_s:.1f} s / "
        f"{theirs_rss:.0f} MB, monitors {ours_s:.1f} s / {ours_rss:.0f} MB "
        f"({ours_s / theirs_s:.3f}x time); max |value diff| {diff:.1e} "
        f"(before: {before}; after: {load()})"
    )


def bench_scheduled(data: Path, demo_db: Path) -> None:
    """Copy the demo store, schedule its first model hourly, run ``run --due`` twice."""
    from risk_model.access import SYSTEM
    from store import Store, monitored_models

    folder = data / "scheduled"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db_path = folder / "demo.duckdb"
    shutil.copy(demo_db, db_path)
    files = demo_db.with_suffix(".files")
    if files.is_dir():
        shutil.copytree(files, folder / "demo.files")
    db = Store(db_path)
    models = monitored_models.list_models(db)
    picked = next(m for m in models if not str(m["reference_source"]).startswith(("table:", "q")))
    monitored_models.update_model(db, picked["id"], {"schedule": "0 * * * *"}, SYSTEM)
    del db  # registered long ago, last run in the past: the last hourly slot is due
    for attempt in ("first (profiles the reference)", "second (reuses the profile)"):
        if attempt.startswith("second"):
            _forget_claims(db_path)
        before = load()
        command = [sys.executable, "-m", "monitors", "run", "--due", "--db", str(db_path)]
        command += ["--no-report"]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        print(
            f"scheduled run, {attempt}: {seconds:.1f} s, exit {done.returncode}: "
            f"{done.stdout.strip()[:200]} (before: {before})"
        )


def _forget_claims(db_path: Path) -> None:
    import duckdb

    with duckdb.connect(str(db_path)) as connection:
        connection.execute("DELETE FROM monitor_schedule_claims")
        connection.execute("UPDATE monitor_runs SET started_at = started_at - INTERVAL 2 HOUR")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("big", "spark", "fairness", "scheduled"))
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "aims-bench")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--demo-db", type=Path, help="a built demo store (python -m store demo)")
    parser.add_argument(
        "--exact-values", action="store_true", help="big: numeric values not rounded (distinct)"
    )
    args = parser.parse_args(argv)
    print(f"{datetime.now():%Y-%m-%d %H:%M}, {load()}")
    if args.what == "big":
        bench_big(args.data, args.rows or 100_000_000, 10_000_000, args.exact_values)
    elif args.what == "spark":
        bench_spark(args.data, args.rows or 1_000_000)
    elif args.what == "fairness":
        bench_fairness(args.data, args.rows or 1_000_000)
    else:
        bench_scheduled(args.data, args.demo_db or ROOT / "data" / "aims.duckdb")


if __name__ == "__main__":
    main()
