"""The database (metrics/store) at scale: import of the 1,000 x 120 generated plan's data into
SQLite, importing it again (nothing new), and `status --db` for it.

    python -m benchmarks.bench_store --measure DIR [--repeat 3]   (the child: prints JSON)
    python -m benchmarks.bench_store                              (generate + measure)

`status --db` is timed in the child as the data section times `status` from a folder: reading the
plan and the figures (`metrics.store.load_from_store`) and every status (`plan_status`), after
the imports; the whole command in a fresh Python (`python -m metrics status --db ...`, with
its start-up and imports) is timed beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, SYNTHETIC_AS_OF, emit, median, run_json, timed

METRICS, OBSERVATIONS = 1_000, 120


def measure(directory: Path, as_of: str, repeat: int) -> dict:
    from metrics.domain.plan import load_plan
    from metrics.domain.rules import plan_status
    from metrics.store import load_from_store, open_store

    targets, data = directory / "targets.yaml", directory / "data"
    plan, problems = load_plan(targets, str(targets))
    if problems:
        return {"error": f"{targets}: {problems[0]}"}
    url = f"sqlite:///{directory / 'dashboard.db'}"
    with open_store(url, plan) as store:
        import_s, import_cpu_s, result = timed(lambda: store.import_dir(data, by="bench"))
        again_s, again_cpu_s, again = timed(lambda: store.import_dir(data, by="bench"))
        rows = store.count()
        day = dt.date.fromisoformat(as_of)
        runs, cpus = [], []
        for _ in range(repeat):
            wall, cpu, loaded = timed(lambda: load_from_store(targets, store))
            if not loaded.ok:
                return {"error": f"load_from_store: {loaded.problems[0]}"}
            sw, sc, status = timed(lambda loaded=loaded: plan_status(loaded.plan, loaded.dataset, day))
            runs.append(wall + sw)
            cpus.append(cpu + sc)
    saved_s, saved_error = _saved_to_overview(targets, url, plan)
    size = (directory / "dashboard.db").stat().st_size
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "metrics", "status", "--targets", str(targets), "--db", url, "--format", "csv"]
    processes = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        processes.append(time.perf_counter() - started)
        if done.returncode:
            return {"error": f"status --db exited {done.returncode}: {done.stderr[-500:]}"}
    return {
        "rows": rows,
        "added": result.added,
        "import_s": round(import_s, 3),
        "import_cpu_s": round(import_cpu_s, 3),
        "reimport_s": round(again_s, 3),
        "reimport_cpu_s": round(again_cpu_s, 3),
        "reimport_added": again.added,
        "status_s": median(runs),
        "status_cpu_s": median(cpus),
        "status_all_s": runs,
        "status_process_s": median(processes),
        "database_mb": round(size / 1e6, 1),
        "saved_to_overview_s": saved_s,
        **({"saved_to_overview_error": saved_error} if saved_error else {}),
    }


def measure_sample() -> dict:
    """The sample plan imported into SQLite, then a figure saved while the overview is open."""
    from benchmarks.common import SAMPLE_DATA, SAMPLE_TARGETS
    from metrics.domain.plan import load_plan
    from metrics.store import open_store

    plan, problems = load_plan(SAMPLE_TARGETS, str(SAMPLE_TARGETS))
    if problems:
        return {"error": str(problems[0])}
    with tempfile.TemporaryDirectory(prefix="bench-store-sample-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'dashboard.db'}"
        with open_store(url, plan) as store:
            store.import_dir(SAMPLE_DATA, by="bench")
        saved_s, error = _saved_to_overview(SAMPLE_TARGETS, url, plan, date="2026-11-15")
    return {"saved_to_overview_s": saved_s, **({"saved_to_overview_error": error} if error else {})}


def _saved_to_overview(targets: Path, url: str, plan, date: str | None = None) -> tuple[float | None, str | None]:
    """A figure saved while a reader has the board overview open: the time of the reader's next
    page run, which reads the database again (its newest entry changed), works out every status
    and draws the tiles, until the saved figure is on the page (AppTest, in this process)."""
    import logging

    from streamlit.testing.v1 import AppTest

    from metrics.store import open_store
    from ui import state

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for name in ("DASHBOARD_TARGETS", "DASHBOARD_DATA", "DASHBOARD_AS_OF", "DASHBOARD_PUBLIC", "DASHBOARD_DB"):
        os.environ.pop(name, None)
    sys.argv = ["app.py", "--targets", str(targets), "--db", url]
    state.clear_caches()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()  # the overview, read and drawn once
        if at.exception:
            return None, str(at.exception[0].value)[:300]
        metric = plan.metrics[0]
        with open_store(url, plan) as store:
            store.add_observation(metric.id, date or SAVED_DATE, "12345", by="bench@example.org", source="bench")
        seconds, _, _ = timed(at.run)
        if at.exception:
            return None, str(at.exception[0].value)[:300]
        shown = "12,345" in "".join(e.proto.body for e in at.get("html"))
        return (seconds, None) if shown else (None, "the saved figure did not reach the overview")
    finally:
        state.forget_stores()
        state.clear_caches()


SAVED_DATE = "2025-01-10"  # after the generated data (which runs to 2024-12-31), within the plan's dates


def run_all(log=print) -> dict:
    from benchmarks.generate import generate

    with tempfile.TemporaryDirectory(prefix=f"bench-store-{METRICS}x{OBSERVATIONS}-") as tmp:
        generate(tmp, METRICS, OBSERVATIONS)
        result = run_json("benchmarks.bench_store", "--measure", tmp, "--as-of", SYNTHETIC_AS_OF, "--repeat", "3")
    result["size"] = f"{METRICS:,} metrics x {OBSERVATIONS}"
    result["sample"] = run_json("benchmarks.bench_store", "--sample")
    if "error" in result:
        log(f"  store: ERROR {result['error'][:300]}")
    else:
        log(f"  store: import {result['import_s']:.2f} s ({result['rows']:,} rows), again {result['reimport_s']:.2f} s, status --db {result['status_s']:.2f} s (whole command {result['status_process_s']:.2f} s)")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_store")
    parser.add_argument("--measure", type=Path, help="measure this generated plan (the child process)")
    parser.add_argument("--as-of", default=SYNTHETIC_AS_OF)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", action="store_true", help="the sample plan: a figure saved while the overview is open (the child process)")
    args = parser.parse_args(argv)
    if args.sample:
        emit(measure_sample())
        return 0
    if args.measure:
        emit(measure(args.measure, args.as_of, args.repeat))
        return 0
    emit(run_all(log=lambda text: print(text, file=sys.stderr)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
