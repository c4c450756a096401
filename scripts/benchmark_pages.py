"""Benchmark the dashboard against a store, usually the enterprise-scale one.

    python -m store demo --scale enterprise --db /tmp/enterprise.duckdb
    python scripts/benchmark_pages.py --db /tmp/enterprise.duckdb

It prints, against the goals of issue 7:

- every page's server-side run time with Streamlit's AppTest: *cold* is the page's first run
  in a fresh Python process (nothing cached, the page's modules not yet imported; streamlit,
  pandas and duckdb already imported, as in any server process), *warm* the median and max of
  ``--runs`` further runs of the same page in that process;
- the dashboard's cold start: ``streamlit run app.py`` is started on a free port and Debian's
  Chromium (driven by Playwright, never downloaded) opens it; the time from starting the
  process until the first page's content is rendered in the browser;
- the dashboard process's peak resident memory (``VmHWM``) after every page has been opened
  once in the browser.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
CHROMIUM = Path(os.environ.get("AIMS_CHROMIUM", "/usr/bin/chromium"))
GOALS = {"warm_median": 0.3, "cold": 1.0, "start": 3.0, "memory_mb": 400.0}

APP_RENDERED = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (document.querySelector('[data-testid="stAppSkeleton"], [data-stale="true"]')) return false;
  const main = document.querySelector('[data-testid="stMain"] h1');
  return Boolean(main && main.innerText.trim());
}
"""
"""The first page counts as rendered once the script run has ended and its title shows."""


def app_pages() -> list[tuple[str, str]]:
    """(path, title) of every page app.py declares, in navigation order."""
    from ui.page_catalogue import all_pages  # the project root is on sys.path

    return [(page.script, page.title) for page in all_pages()]


def measure_page(page: str, db: str, runs: int) -> dict:
    """In this (fresh) process: the page's first run, then ``runs`` warm reruns."""
    os.environ["AIMS_DB"] = db
    import duckdb  # noqa: F401  (a server process has these loaded before its first page)
    import pandas  # noqa: F401
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP), default_timeout=300)
    app.switch_page(page)
    started = time.perf_counter()
    app.run()
    cold = time.perf_counter() - started
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        app.run()
        warm.append(time.perf_counter() - started)
    errors = [str(e.value)[:200] for e in app.exception]
    titles = [t.value for t in app.title]
    return {"page": page, "cold": cold, "warm": warm, "errors": errors, "titles": titles}


def run_worker(page: str, db: str, runs: int, timeout: float) -> dict:
    command = [sys.executable, __file__, "--worker", page, "--db", db, "--runs", str(runs)]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"page": page, "cold": None, "warm": [], "errors": [f"over {timeout:.0f} s"]}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"page": page, "cold": None, "warm": [], "errors": [done.stderr[-500:]]}
    return json.loads(lines[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else None


def _current_rss_mb(pid: int) -> float | None:
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except Exception:
        status = Path(f"/proc/{pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def measure_dashboard(db: str, pages: list[tuple[str, str]], start_page: str = "") -> dict:
    """Cold start to the first rendered page, then every page once, then peak memory."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "AIMS_DB"}
    from commands.dashboard_command import dashboard_command  # the project root is on sys.path

    command = dashboard_command(port, db)
    result: dict = {"page_loads": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                        if answer.read().strip() == b"ok":
                            break
                except OSError:
                    time.sleep(0.02)
                if server.poll() is not None or time.perf_counter() - started > 120:
                    raise RuntimeError("the dashboard did not start")
            result["server_ready"] = time.perf_counter() - started
            tab.goto(f"{url}/{start_page}")
            tab.wait_for_function(APP_RENDERED, timeout=600_000, polling=20)
            result["cold_start"] = time.perf_counter() - started
            result["start_page"] = start_page or "(default)"
            result["first_page"] = tab.locator('[data-testid="stMain"] h1').first.inner_text()
            result["rss_after_start_mb"] = _current_rss_mb(server.pid)
            result["peak_rss_mb"] = _peak_rss_mb(server.pid)
            for path, _title in pages:
                slug = Path(path).stem
                began = time.perf_counter()
                tab.goto(f"{url}/{slug}" if slug != "overview" else url)
                tab.wait_for_function(APP_RENDERED, timeout=300_000, polling=20)
                result["page_loads"][path] = time.perf_counter() - began
            result["peak_rss_mb"] = _peak_rss_mb(server.pid)
            result["pages_opened"] = len(pages)
        finally:
            server.terminate()
            server.wait(timeout=30)
            browser.close()
    return result


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def report(rows: list[dict], titles: dict[str, str], dashboard: dict | None) -> str:
    lines = [
        "| Page | Cold (s) | Warm median (s) | Warm max (s) | Browser load (s) | Goal met |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    loads = (dashboard or {}).get("page_loads", {})
    for row in rows:
        median = statistics.median(row["warm"]) if row["warm"] else None
        worst = max(row["warm"]) if row["warm"] else None
        met = (
            not row["errors"]
            and row["cold"] is not None
            and row["cold"] <= GOALS["cold"]
            and median is not None
            and median <= GOALS["warm_median"]
        )
        timed_out = any(e.startswith("over ") for e in row["errors"])
        note = "yes" if met else ("timeout" if timed_out else "error" if row["errors"] else "no")
        lines.append(
            f"| {titles[row['page']]} | {_fmt(row['cold'])} | {_fmt(median)} | {_fmt(worst)} "
            f"| {_fmt(loads.get(row['page']))} | {note} |"
        )
    if dashboard:
        start, peak = dashboard.get("cold_start"), dashboard.get("peak_rss_mb")
        lines += [
            "",
            "| Dashboard | Measured | Goal | Goal met |",
            "|---|---:|---:|:---:|",
            f"| Cold start to the first rendered page ({dashboard.get('first_page')}) (s)"
            f" | {_fmt(start)} | {GOALS['start']:.0f}"
            f" | {'yes' if start is not None and start <= GOALS['start'] else 'no'} |",
            f"| of which the server answering its health check (s) |"
            f" {_fmt(dashboard.get('server_ready'))} | | |",
            f"| Memory after the first page (MB) | {_fmt(dashboard.get('rss_after_start_mb'))} |"
            " | |",
            f"| Peak memory after opening {dashboard.get('pages_opened') or 'the first'} page(s)"
            f" (MB) | {_fmt(peak)} |"
            f" {GOALS['memory_mb']:.0f} |"
            f" {'yes' if peak is not None and peak <= GOALS['memory_mb'] else 'no'} |",
        ]
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", info).group(1).strip()
    except (OSError, AttributeError):
        pass
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 2**20:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    return (
        f"{os.cpu_count()} CPUs ({cpu}){memory}, {platform.system()} {platform.release()},"
        f" Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the store to benchmark")
    parser.add_argument("--runs", type=int, default=5, help="warm runs per page")
    parser.add_argument("--pages", nargs="*", help="only these pages (e.g. pages/risk/risks.py)")
    parser.add_argument(
        "--start-page", default="", help="URL path of the first page (default: the default page)"
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per page")
    parser.add_argument("--no-browser", action="store_true", help="skip the dashboard measures")
    parser.add_argument(
        "--first-page-only",
        action="store_true",
        help="measure the memory after the first page instead of after opening every page",
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(measure_page(args.worker, args.db, args.runs)))
        return 0
    db = str(Path(args.db).resolve())
    pages = [p for p in app_pages() if not args.pages or p[0] in args.pages]
    titles = dict(pages)
    rows = []
    for path, title in pages:
        row = run_worker(path, db, args.runs, args.timeout)
        rows.append(row)
        median = statistics.median(row["warm"]) if row["warm"] else None
        print(
            f"{title}: cold {_fmt(row['cold'])} s, warm median {_fmt(median)} s"
            + (f"  ERROR {row['errors']}" if row["errors"] else ""),
            file=sys.stderr,
        )
    dashboard = None
    if not args.no_browser:
        if CHROMIUM.exists():
            dashboard = measure_dashboard(
                db, [] if args.first_page_only else pages, args.start_page
            )
        else:
            print(f"{CHROMIUM} not found: skipping the dashboard measures", file=sys.stderr)
    print(f"Machine: {machine()}\nStore: {db}\n")
    print(report(rows, titles, dashboard))
    if args.json:
        args.json.write_text(json.dumps({"pages": rows, "dashboard": dashboard}, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
