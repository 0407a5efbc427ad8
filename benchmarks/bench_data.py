"""Data scale: load + validate (metrics.domain.load.load) and every status (metrics.domain.rules.plan_status).

Each plan size is measured in its own Python process, so peak memory (ru_maxrss) is that
size's alone and one size's caches and heap do not flatter the next.

    python -m benchmarks.bench_data --measure DIR [--repeat 3]   (the child: prints JSON)
    python -m benchmarks.bench_data                              (generate + measure every size)
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from benchmarks.common import SYNTHETIC_AS_OF, emit, median, run_json, timed

# (metrics, observations each, repeats): the three sizes of the brief, then 10,000 metrics with
# fewer observations to show that the time grows linearly with the number of observations.
SIZES = [(40, 120, 5), (1_000, 120, 3), (10_000, 120, 2)]
LINEARITY = [(10_000, 30, 2), (10_000, 60, 2)]


def _rss_mb() -> float:
    """Current resident set size (Linux /proc), MB."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 1e6
    except OSError:
        return float("nan")


def measure(directory: Path, as_of: str, repeat: int) -> dict:
    """In this (fresh) process: time load and plan_status ``repeat`` times; report medians and peak RSS."""
    import datetime as dt

    rss_start = _rss_mb()
    started = time.perf_counter()
    from metrics.domain.load import load
    from metrics.domain.rules import plan_status

    w = time.perf_counter() - started

    rss_imported = _rss_mb()
    day = dt.date.fromisoformat(as_of)
    loads, load_cpu, statuses, status_cpu = [], [], [], []
    counts = {}
    for _ in range(repeat):
        lw, lc, loaded = timed(lambda: load(directory / "targets.yaml", directory / "data"))
        if not loaded.ok:
            return {"error": f"{directory}: {len(loaded.problems)} problems, first: {loaded.problems[0]}"}
        sw, sc, status = timed(lambda loaded=loaded: plan_status(loaded.plan, loaded.dataset, day))
        loads.append(lw)
        load_cpu.append(lc)
        statuses.append(sw)
        status_cpu.append(sc)
        counts = {
            "metrics": len(loaded.plan.metrics),
            "actions": len(loaded.plan.actions),
            "observations": len(loaded.dataset.observations),
            "updates": len(loaded.dataset.updates),
            "statuses": {s.value: n for s, n in status.counts().items()},
        }
        rss_loaded = _rss_mb()
        del loaded, status
        gc.collect()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB on Linux -> MB
    return {
        **counts,
        "import_s": round(w, 3),
        "load_s": median(loads),
        "load_cpu_s": median(load_cpu),
        "status_s": median(statuses),
        "status_cpu_s": median(status_cpu),
        "total_s": median([a + b for a, b in zip(loads, statuses)]),
        "total_cpu_s": median([a + b for a, b in zip(load_cpu, status_cpu)]),
        "first_total_s": loads[0] + statuses[0],  # the first run also pays for lazy imports inside pandas
        "runs": repeat,
        "all_load_s": loads,
        "all_status_s": statuses,
        "rss_start_mb": round(rss_start, 1),
        "rss_after_imports_mb": round(rss_imported, 1),
        "rss_loaded_mb": round(rss_loaded, 1),
        "peak_rss_mb": round(peak, 1),
    }


def run_all(log=print, sizes=None) -> list[dict]:
    from benchmarks.generate import generate

    results = []
    for metrics, observations, repeat in sizes or (SIZES + LINEARITY):
        with tempfile.TemporaryDirectory(prefix=f"bench-{metrics}x{observations}-") as tmp:
            started = time.perf_counter()
            counts = generate(tmp, metrics, observations)
            generated = time.perf_counter() - started
            result = run_json("benchmarks.bench_data", "--measure", tmp, "--as-of", SYNTHETIC_AS_OF, "--repeat", str(repeat))
        result.update({"size": f"{metrics:,} x {observations}", "metrics_requested": metrics, "observations_each": observations, "generate_s": round(generated, 2), "generated": asdict(counts)})
        if "error" in result:
            log(f"  data {result['size']}: ERROR {result['error'][:300]}")
        else:
            log(
                f"  data {result['size']}: load {result['load_s']:.2f} s + statuses {result['status_s']:.2f} s "
                f"(CPU {result['total_cpu_s']:.2f} s), peak RSS {result['peak_rss_mb']:.0f} MB"
            )
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_data")
    parser.add_argument("--measure", type=Path, help="measure this generated plan (the child process)")
    parser.add_argument("--as-of", default=SYNTHETIC_AS_OF)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.measure:
        emit(measure(args.measure, args.as_of, args.repeat))
        return 0
    for result in run_all(log=lambda text: print(text, file=sys.stderr)):
        emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
