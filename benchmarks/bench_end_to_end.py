"""End-to-end benchmark: Evidently's ``DataDriftPreset`` (pandas ``read_csv``/``read_parquet``
+ report) against ``python -m monitors drift`` on the same files, each a whole fresh process
(start to JSON written), side by side in one run.

Run: ``.venv/bin/python benchmarks/bench_end_to_end.py [--rows 1000000] [--data DIR]
[--engines evidently,duckdb,memory] [--formats csv,parquet]``.

The data (``benchmarks/bench_monitors.make_frames``: 10 numeric, 10 categorical columns, a
third of each drifting) is generated once into ``--data`` (default: a folder in the system's
temporary directory, outside the repository) and reused. Peak RSS is the child's own
``ru_maxrss`` from ``os.wait4``; verdicts are compared per column with Evidently's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EVIDENTLY_SCRIPT = """
import json, sys
import pandas as pd
from monitors.drift import infer_column_types
from monitors.drift_evidently import compute_drift_evidently
kind, ref_path, cur_path, out = sys.argv[1:5]
read = pd.read_csv if kind == "csv" else pd.read_parquet
reference, current = read(ref_path), read(cur_path)
columns = infer_column_types([reference, current], list(reference.columns))
result, _ = compute_drift_evidently(reference, current, columns)
with open(out, "w") as handle:
    json.dump(result.to_json_dict(), handle)
"""


def ensure_data(folder: Path, rows: int, kinds: list[str]) -> dict[str, tuple[Path, Path]]:
    from benchmarks.bench_monitors import make_frames

    folder.mkdir(parents=True, exist_ok=True)
    paths = {k: (folder / f"reference-{rows}.{k}", folder / f"current-{rows}.{k}") for k in kinds}
    if all(p.exists() for pair in paths.values() for p in pair):
        return paths
    reference, current, _ = make_frames(rows, rows)
    for kind, (ref_path, cur_path) in paths.items():
        for frame, path in ((reference, ref_path), (current, cur_path)):
            if kind == "csv":
                frame.to_csv(path, index=False)
            else:
                frame.to_parquet(path, index=False)
    return paths


def measure(command: list[str], out: Path) -> tuple[float, float, dict]:
    """Wall seconds, peak RSS (MB) of the child process, and its JSON result."""
    start = time.perf_counter()
    with open(out.with_suffix(".stdout"), "w") as stdout:
        process = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{command[:4]} failed: {process.stderr.read().decode()[-2000:]}")
    text = out.read_text() if out.exists() else out.with_suffix(".stdout").read_text()
    return seconds, usage.ru_maxrss / 1024, json.loads(text)


def run(rows: int, data: Path, engines: list[str], kinds: list[str]) -> list[dict]:
    paths = ensure_data(data, rows, kinds)
    python = sys.executable
    results = []
    for kind in kinds:
        ref_path, cur_path = map(str, paths[kind])
        rows_out = {}
        for engine in engines:
            out = data / f"result-{engine}-{kind}.json"
            out.unlink(missing_ok=True)
            if engine == "evidently":
                command = [python, "-c", EVIDENTLY_SCRIPT, kind, ref_path, cur_path, str(out)]
            else:
                command = [python, "-m", "monitors", "drift", "--reference", ref_path]
                command += ["--current", cur_path, "--engine", engine]
                out = out.with_suffix(".stdout")
            rows_out[engine] = measure(command, out)
        results.append({"kind": kind, **rows_out})
    return results


def verdicts(result: dict) -> dict[str, tuple[str, bool, float]]:
    return {c: (v["method"], v["drifted"], v["score"]) for c, v in result["columns"].items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "aims-bench")
    parser.add_argument("--engines", default="evidently,duckdb")
    parser.add_argument("--formats", default="csv,parquet")
    args = parser.parse_args(argv)
    engines, kinds = args.engines.split(","), args.formats.split(",")
    print(
        f"data: {args.rows:,} reference + {args.rows:,} current rows x 20 columns, in {args.data}"
    )
    for row in run(args.rows, args.data, engines, kinds):
        base = row.get("evidently")
        for engine in engines:
            seconds, rss, result = row[engine]
            line = f"{row['kind']:<8} {engine:<10} {seconds:8.1f} s {rss:8.0f} MB peak RSS"
            if base and engine != "evidently":
                theirs, ours = verdicts(base[2]), verdicts(result)
                same = sum(theirs[c][:2] == ours[c][:2] for c in ours)
                diff = max(abs(theirs[c][2] - ours[c][2]) for c in ours)
                line += (
                    f"  {seconds / base[0]:.3f}x time, {rss / base[1]:.2f}x RSS, "
                    f"verdicts {same}/{len(ours)}, max |score diff| {diff:.1e}"
                )
            print(line, flush=True)


if __name__ == "__main__":
    main()
