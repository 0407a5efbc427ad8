"""Shared bits of the benchmarks: paths, timing, running a measurement in its own process."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SAMPLE_TARGETS = ROOT / "targets.yaml"
SAMPLE_DATA = ROOT / "sample_data"
SAMPLE_AS_OF = "2025-08-01"  # fixed, so figures do not drift with the calendar
SYNTHETIC_AS_OF = "2025-01-15"  # the generated data runs to 2024-12-31


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process, result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def run_json(module: str, *args: str, timeout: float = 600) -> dict:
    """Run ``python -m module args`` in a fresh interpreter; it prints one JSON object last."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout)[-2000:]
        return {"error": f"{module} {' '.join(args)} exited {proc.returncode}: {tail}"}
    return json.loads(lines[-1])


def emit(result: dict) -> None:
    """A child's answer to run_json: one JSON line on stdout."""
    print(json.dumps(result), flush=True)
