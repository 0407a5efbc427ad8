"""Published statistics: read + check + compare the DfE's full timeliness file (12,211 rows).

A plan in a temporary folder compares one metric (and takes a context measure's observations)
with ../shared/dfe_send_statistics/timeliness_20_week.csv, Warwickshire's statistical neighbours
coming from sn_may_2025.xlsx. Measured in a fresh process:

- cold: `metrics.domain.statistics.load_statistics` with its cache cleared (parse the CSV and the
  workbook, check, compare), median of several runs; the first run (which also imports openpyxl's
  reader) is printed beside it;
- warm: the same call again, nothing changed (the cache keyed on path, mtime and size);
- the whole `metrics.domain.load.load` of that plan, warm.

    python -m benchmarks.bench_statistics --measure   (the child: prints JSON)
    python -m benchmarks.bench_statistics             (runs the child)
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, emit, median, run_json, timed

SHARED = ROOT.parent / "shared" / "dfe_send_statistics"
TIMELINESS = SHARED / "timeliness_20_week.csv"
NEIGHBOURS = SHARED / "sn_may_2025.xlsx"

PLAN = """\
title: Statistics benchmark
organisation: Warwickshire
areas:
  - id: plans
    title: EHC plans
local_authority:
  name: Warwickshire
  code: E10000031
  old_code: 937
  neighbours_file: {neighbours}
statistics:
  - id: timeliness
    file: {timeliness}
    value: PC_plans_issued_20_weeks_ex
    filters: {{breakdown_topic: All EHC plans issued, breakdown: All EHC plans issued}}
    release: "DfE: Education, health and care plans, 2025 release"
metrics:
  - id: plans_20_weeks
    title: EHC plans issued within 20 weeks
    area: plans
    unit: percent
    direction: increase
    baseline: {{date: 2024-01-01, value: 21.3}}
    target: {{date: 2026-12-31, value: 60}}
    frequency: annual
    lead: SEND lead
    source: SEN2
    public: true
    compare: timeliness
  - id: plans_20_weeks_published
    title: EHC plans issued within 20 weeks (published)
    area: plans
    unit: percent
    frequency: annual
    lead: SEND lead
    source: DfE
    public: true
    compare: timeliness
    observations_from: timeliness
"""


def measure(repeat: int) -> dict:
    from metrics.domain.load import load
    from metrics.domain.plan import load_plan
    from metrics.domain.statistics import clear_cache, load_statistics

    for path in (TIMELINESS, NEIGHBOURS):
        if not path.is_file():
            return {"error": f"{path} is missing (the DfE files, ../shared/dfe_send_statistics beside the repository)"}
    with tempfile.TemporaryDirectory(prefix="bench-statistics-") as tmp:
        folder = Path(tmp)
        (folder / "data").mkdir()
        (folder / "data" / "observations.csv").write_text("metric_id,date,value\nplans_20_weeks,2025-06-30,30\n", encoding="utf-8")
        targets = folder / "targets.yaml"
        targets.write_text(PLAN.format(neighbours=NEIGHBOURS, timeliness=TIMELINESS), encoding="utf-8")
        plan, problems = load_plan(targets)
        if plan is None:
            return {"error": f"the benchmark plan has problems: {problems[0]}"}
        cold, cold_cpu = [], []
        for _ in range(repeat):
            clear_cache()
            wall, cpu, (statistics, found, rows) = timed(lambda: load_statistics(plan, targets))
            if found:
                return {"error": f"load_statistics: {found[0]}"}
            cold.append(wall)
            cold_cpu.append(cpu)
        warm = [timed(lambda: load_statistics(plan, targets))[0] for _ in range(repeat)]
        loads = [timed(lambda: load(targets, folder / "data"))[0] for _ in range(repeat)]
        latest = statistics.comparison("plans_20_weeks").period("2024")
        rows_in_file = sum(1 for _ in TIMELINESS.open(encoding="utf-8-sig")) - 1
    return {
        "rows": rows_in_file,
        "cold_s": median(cold),
        "cold_cpu_s": median(cold_cpu),
        "first_cold_s": cold[0],
        "warm_s": median(warm),
        "load_warm_s": median(loads),
        "runs": repeat,
        "all_cold_s": cold,
        "check": f"Warwickshire 2024: {latest.value}% ({latest.rank} of {latest.of}); England {latest.england}%",
        "observations": len(rows),
    }


def run_all(log=print, repeat: int = 5) -> dict:
    result = run_json("benchmarks.bench_statistics", "--measure", "--repeat", str(repeat))
    if "error" in result:
        log(f"  statistics: ERROR {result['error'][:300]}")
    else:
        log(
            f"  statistics: read + compare {result['rows']:,} rows cold {result['cold_s']:.3f} s (first {result['first_cold_s']:.3f} s), "
            f"warm {result['warm_s'] * 1000:.1f} ms; {result['check']}"
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_statistics")
    parser.add_argument("--measure", action="store_true", help="measure in this process (the child)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    emit(measure(args.repeat) if args.measure else run_all(repeat=args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
