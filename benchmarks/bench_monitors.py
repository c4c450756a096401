"""Benchmark: monitors.drift / monitors.fairness against Evidently 0.7 and fairlearn.

Run: ``.venv/bin/python benchmarks/bench_monitors.py [--rows 1000000] [--reference-rows N]``.

Each drift engine runs in its own fresh (spawned) process that generates the same seeded data,
so its peak RSS (VmHWM) is its own: data + computation. The table prints wall time of the drift
call alone, peak RSS, the RSS after generating the data, and the per-column verdict agreement.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

N_NUMERIC, N_CATEGORICAL = 10, 10


def make_frames(rows: int, reference_rows: int, seed: int = 0):
    """Reference and current data; a third of the columns of each kind drift in current."""
    rng = np.random.default_rng(seed)

    def frame(n: int, current: bool) -> pd.DataFrame:
        data = {}
        for i in range(N_NUMERIC):
            shift = 0.3 * (i % 3 == 0) if current else 0.0
            data[f"num_{i}"] = rng.normal(shift, 1.0 + 0.1 * i, n)
        for i in range(N_CATEGORICAL):
            k = 3 + 2 * i
            weights = np.linspace(1.0, 2.0, k)
            if current and i % 3 == 0:
                weights = weights[::-1]
            codes = rng.choice(k, n, p=weights / weights.sum())
            data[f"cat_{i}"] = pd.Categorical.from_codes(codes, [f"c{j}" for j in range(k)])
        out = pd.DataFrame(data)
        for i in range(N_CATEGORICAL):
            out[f"cat_{i}"] = out[f"cat_{i}"].astype(str)
        out.loc[rng.random(n) < 0.01, "num_1"] = np.nan
        return out

    columns = {f"num_{i}": "numerical" for i in range(N_NUMERIC)}
    columns |= {f"cat_{i}": "categorical" for i in range(N_CATEGORICAL)}
    return frame(reference_rows, False), frame(rows, True), columns


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return float("nan")


def _drift_child(engine: str, rows: int, reference_rows: int, queue) -> None:
    if engine == "evidently":
        from monitors.drift_evidently import compute_drift_evidently as run
    else:
        from monitors.drift import compute_drift as run
    reference, current, columns = make_frames(rows, reference_rows)
    data_rss = _rss_mb("VmRSS")
    start = time.perf_counter()
    result = run(reference, current, columns)
    seconds = time.perf_counter() - start
    if isinstance(result, tuple):
        result = result[0]
    verdicts = {c: (r.method, r.drifted, r.score) for c, r in result.columns.items()}
    queue.put((seconds, _rss_mb("VmHWM"), data_rss, verdicts))


def run_drift(engine: str, rows: int, reference_rows: int):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_drift_child, args=(engine, rows, reference_rows, queue))
    process.start()
    out = queue.get()
    process.join()
    return out


def run_fairness(rows: int, seed: int = 0):
    import warnings

    from fairlearn.metrics import (
        MetricFrame,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )

    from monitors.fairness import compute_fairness

    rng = np.random.default_rng(seed)
    group = rng.choice(["a", "b", "c", "d"], rows)
    frame = pd.DataFrame({"group": group, "y": rng.integers(0, 2, rows)})
    frame["pred"] = (rng.random(rows) < 0.4 + 0.05 * (group == "a")).astype(int)

    start = time.perf_counter()
    ours = compute_fairness(frame, "y", "pred", ["group"]).attributes["group"]
    ours_s = time.perf_counter() - start

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mf = MetricFrame(
            metrics={"sr": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate},
            y_true=frame["y"],
            y_pred=frame["pred"],
            sensitive_features=frame["group"],
        )
        diff = mf.difference()
        theirs = {
            "dpd": diff["sr"],
            "dpr": mf.ratio()["sr"],
            "eod": max(diff["tpr"], diff["fpr"]),
        }
    fl_s = time.perf_counter() - start
    deltas = [
        abs(ours.demographic_parity_difference - theirs["dpd"]),
        abs(ours.demographic_parity_ratio - theirs["dpr"]),
        abs(ours.equalized_odds_difference - theirs["eod"]),
    ]
    for name, rates in ours.groups.items():
        row = mf.by_group.loc[name]
        deltas += [
            abs(rates.selection_rate - row["sr"]),
            abs(rates.tpr - row["tpr"]),
            abs(rates.fpr - row["fpr"]),
        ]
    return fl_s, ours_s, max(deltas)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="current rows")
    parser.add_argument("--reference-rows", type=int, default=None, help="default: --rows")
    args = parser.parse_args(argv)
    rows, reference_rows = args.rows, args.reference_rows or args.rows
    print(
        f"data: {rows:,} current x {reference_rows:,} reference rows, 20 features "
        f"({N_NUMERIC} numeric, {N_CATEGORICAL} categorical)"
    )
    ev = run_drift("evidently", rows, reference_rows)
    ours = run_drift("ours", rows, reference_rows)
    same = sum(ev[3][c][0] == ours[3][c][0] and ev[3][c][1] == ours[3][c][1] for c in ours[3])
    max_score_diff = max(abs(ev[3][c][2] - ours[3][c][2]) for c in ours[3])
    drifted = sum(v[1] for v in ours[3].values())
    fl_s, fair_s, fair_diff = run_fairness(rows)
    print(f"{'measure':<44}{'Evidently/fairlearn':>20}{'monitors':>12}")
    print(f"{'drift wall time (s)':<44}{ev[0]:>20.2f}{ours[0]:>12.2f}")
    print(f"{'drift peak RSS (MB, incl. data)':<44}{ev[1]:>20.0f}{ours[1]:>12.0f}")
    print(f"{'RSS after generating data (MB)':<44}{ev[2]:>20.0f}{ours[2]:>12.0f}")
    print(f"{'drift speed-up':<44}{'':>20}{ev[0] / ours[0]:>11.1f}x")
    print(f"{'same method and verdict (columns)':<44}{'':>20}{same:>9}/{len(ours[3])}")
    print(f"{'columns drifted / max |score diff|':<44}{'':>20}{drifted:>5} {max_score_diff:.1e}")
    print(f"{'fairness wall time (s)':<44}{fl_s:>20.2f}{fair_s:>12.3f}")
    print(f"{'fairness max |value diff|':<44}{'':>20}{fair_diff:>12.1e}")


if __name__ == "__main__":
    main()
