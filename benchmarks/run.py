"""`make bench`: every benchmark, one table, and the same as JSON (benchmarks/results/latest.json).

    python -m benchmarks.run [--only data,pages,browser] [--with load] [--runs 5] [--sessions 50] [--out FILE]

Sections (each measurement in its own process, see the modules):
  data     benchmarks/bench_data.py     load + validate, statuses, peak memory: 40 / 1,000 / 10,000 metrics
  store    benchmarks/bench_store.py    the 1,000 x 120 plan's data imported into SQLite (and again), status --db
  statistics benchmarks/bench_statistics.py  read + check + compare the DfE's full timeliness file, cold and cached
  pages    benchmarks/bench_pages.py    page script time (AppTest), cold and warm, filter change
  browser  benchmarks/bench_browser.py  navigation until drawn in headless Chromium, and the static floor
  load     benchmarks/bench_load.py     50 readers at once on the 1,000-KPI plan (websocket sessions), the
                                        health check meanwhile, the server's memory per session; not in the
                                        default run (2 to 5 minutes): --only load, --with load, make bench-load
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import (
    RESULTS,
    ROOT,
    SAMPLE_AS_OF,
    SAMPLE_DATA,
    SAMPLE_TARGETS,
    SYNTHETIC_AS_OF,
    run_json,
)

SAMPLE_METRIC = "autism_longest_wait"  # the sample KPI with the most observations
SYNTHETIC_METRIC = "m00000_weeks"  # 120 monthly observations, milestone, SPC
PAGE_PLAN_METRICS = 1_000


# -- the machine ------------------------------------------------------------------------------


def machine() -> dict:
    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.lower().startswith(key.lower()):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    mem_kb = first("/proc/meminfo", "MemTotal").split()[0]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout.strip())
    except OSError:
        commit, dirty = "?", False
    return {
        "nproc": os.cpu_count(),
        "cpu": first("/proc/cpuinfo", "model name"),
        "ram_gb": round(int(mem_kb) / 1024 / 1024, 1) if mem_kb.isdigit() else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit + ("+uncommitted changes" if dirty else ""),
        "load_average_start": os.getloadavg(),
        "started": dt.datetime.now().isoformat(timespec="seconds"),
    }


# -- the table --------------------------------------------------------------------------------


def _s(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f} s"


def _met(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def rows(results: dict) -> list[dict]:
    """One row per figure: section, measure, data, figure, goal, met (True/False/None)."""
    out: list[dict] = []

    def add(section: str, measure: str, data: str, figure: str, goal: str = "", met: bool | None = None) -> None:
        out.append({"section": section, "measure": measure, "data": data, "figure": figure, "goal": goal, "met": met})

    data = [r for r in results.get("data", []) if "error" not in r]
    for r in results.get("data", []):
        if "error" in r:
            add("data", "load + validate + statuses", r.get("size", "?"), "n/a: " + r["error"][:80])
    for r in data:
        size = f"{r['metrics']:,} metrics x {r['observations_each']} ({r['observations']:,} obs)"
        add("data", "load + validate (metrics.domain.load.load)", size, f"{_s(r['load_s'])} (CPU {r['load_cpu_s']:.2f} s)")
        add("data", "every status (plan_status)", size, f"{_s(r['status_s'])} (CPU {r['status_cpu_s']:.2f} s)")
        goal, met = "", None
        if r["metrics"] == 1_000:
            goal, met = "<= 1 s", _met(r["total_s"], 1.0)
        elif r["metrics"] == 10_000 and r["observations_each"] == 120:
            goal, met = "<= 5 s", _met(r["total_s"], 5.0)
        add("data", "load + validate + statuses", size, f"{_s(r['total_s'])} (CPU {r['total_cpu_s']:.2f} s; first run {r['first_total_s']:.2f} s)", goal, met)
        goal, met = ("<= 500 MB", r["peak_rss_mb"] <= 500) if r["metrics"] == 1_000 else ("", None)
        add("data", "peak memory (ru_maxrss, whole process)", size, f"{r['peak_rss_mb']:.0f} MB (after imports {r['rss_after_imports_mb']:.0f} MB)", goal, met)
    big = sorted((r for r in data if r["metrics"] == 10_000), key=lambda r: r["observations"])
    if len(big) >= 2:
        xs = [r["observations"] for r in big]
        ys = [r["total_cpu_s"] for r in big]
        n = len(xs)
        mx, my = sum(xs) / n, sum(ys) / n
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        intercept = my - slope * mx
        ss = sum((y - my) ** 2 for y in ys)
        r2 = 1 - sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys)) / ss if ss else 1.0
        points = ", ".join(f"{r['observations_each']}/metric: {r['total_cpu_s']:.2f} s" for r in big)
        # Linear (or better): doubling the observations at most doubles the time (10% for noise).
        steps = [(b["total_cpu_s"] / a["total_cpu_s"]) / (b["observations"] / a["observations"]) for a, b in zip(big, big[1:])]
        add(
            "data",
            "10,000 metrics: CPU time vs observations",
            points,
            f"fit {slope * 1e6:.2f} us per observation + {intercept:.2f} s per plan (r^2 {r2:.2f}); "
            f"time ratio / observation ratio per step: {', '.join(f'{x:.2f}' for x in steps)}",
            "linear (ratio <= 1)",
            all(x <= 1.1 for x in steps),
        )

    store = results.get("store")
    if store is not None:
        label = f"SQLite, {store.get('size', '?')}" + (f" ({store['rows']:,} rows)" if "rows" in store else "")
        if "error" in store:
            add("store", "import into the database", label, "n/a: " + store["error"][:80])
        else:
            add("store", "import of the data folder (python -m metrics import)", label, f"{_s(store['import_s'])} (CPU {store['import_cpu_s']:.2f} s; {store['database_mb']} MB)", "<= 5 s", _met(store["import_s"], 5.0))
            add("store", "the same import again (nothing new)", label, f"{_s(store['reimport_s'])} (CPU {store['reimport_cpu_s']:.2f} s; {store['reimport_added']} added)")
            add("store", "status --db: plan + figures from the database + every status", label, f"{_s(store['status_s'])} (CPU {store['status_cpu_s']:.2f} s)", "<= 1 s", _met(store["status_s"], 1.0))
            add("store", "status --db as a command (a fresh Python: start-up and imports too)", label, _s(store["status_process_s"]))
            saved = store.get("saved_to_overview_s")
            note = "" if saved is not None else ": " + store.get("saved_to_overview_error", "?")[:80]
            add("store", "a figure saved: the open overview's next run, until the figure is on it", label, _s(saved) + note, "<= 1 s", _met(saved, 1.0))
            sample = store.get("sample") or {}
            saved = sample.get("saved_to_overview_s")
            note = "" if saved is not None else ": " + (sample.get("saved_to_overview_error") or sample.get("error") or "?")[:80]
            add("store", "a figure saved: the open overview's next run, until the figure is on it", "SQLite, sample data", _s(saved) + note, "<= 1 s", _met(saved, 1.0))

    stats = results.get("statistics")
    if stats is not None:
        label = "DfE timeliness_20_week.csv" + (f" ({stats['rows']:,} rows)" if "rows" in stats else "")
        if "error" in stats:
            add("statistics", "read + check + compare (load_statistics), cache cleared", label, "n/a: " + stats["error"][:80])
        else:
            add(
                "statistics", "read + check + compare (load_statistics), cache cleared", label,
                f"{_s(stats['cold_s'], 3)} (CPU {stats['cold_cpu_s']:.3f} s; first run in a fresh process {stats['first_cold_s']:.3f} s)",
                "<= 0.3 s", _met(stats["cold_s"], 0.3),
            )  # fmt: skip
            add("statistics", "the same, file unchanged (cached on path, mtime, size)", label, _s(stats["warm_s"], 3))
            add("statistics", "whole load (plan + data + statistics), warm", label, f"{_s(stats['load_warm_s'], 3)}; {stats['check']}")

    for r in results.get("pages", []):
        label = r.get("label", "?")
        err = r.get("errors", {}) if "error" not in r else {"all": r["error"]}
        for page, title in (("overview", "board overview"), ("kpi", "KPI detail"), ("off_track", "off track")):
            for mode in ("cold", "warm"):
                value = r.get(f"{page}_{mode}_s")
                goal, met = "", None
                if page == "overview" and label != "sample data":
                    goal, met = "<= 2 s", _met(value, 2.0)
                note = "" if value is not None else ": " + (err.get(f"{page}_{mode}") or err.get("all", "?"))[:70]
                add("pages", f"{title} script, {mode} cache", label, _s(value, 3) + note, goal, met)
        value = r.get("filter_s")
        goal, met = ("<= 0.3 s", _met(value, 0.3)) if label == "sample data" else ("", None)
        how = r.get("filter_how") or (err.get("filter") or err.get("all", ""))[:70]
        add("pages", f"rerun after a filter change ({how})", label, _s(value, 3), goal, met)
        add("pages", "rerun after a new as-of date (statuses + SPC not cached)", label, _s(r.get("as_of_change_s"), 3))

    for r in results.get("browser", []):
        label = r.get("label", "?")
        err = r.get("errors", {}) if "error" not in r else {"all": r["error"]}
        sample = label == "sample data"
        for page, title, limit in (("overview", "board overview", 1.0 if sample else 3.0), ("kpi", "KPI detail", 1.0 if sample else None)):
            value = r.get(f"{page}_drawn_s")
            note = "" if value is not None else ": " + (err.get(page) or err.get("all", "?"))[:70]
            settled = f" (with open_app's settle {r[f'{page}_settled_s']:.2f} s)" if r.get(f"{page}_settled_s") else ""
            add("browser", f"{title}: navigation until drawn, median of {r.get('runs', '?')}", label, _s(value) + settled + note, f"<= {limit:g} s" if limit else "", _met(value, limit) if limit else None)
            floor = r.get(f"{page}_static_s")
            charts = r.get(f"{page}_static_charts")
            what = f"{charts} plotly chart(s) via to_html" if charts else "same tiles, no charts"
            add("browser", f"{title}: static HTML floor ({what}, {r.get(f'{page}_static_kb', '?')} KB)", label, _s(floor))
            ratio = r.get(f"{page}_ratio")
            limit_x = 2.0 if sample else 3.0
            goal, met = (f"<= {limit_x:g}x", None if ratio is None else ratio <= limit_x) if page == "overview" else ("", None)
            add("browser", f"{title}: ours / floor", label, "n/a" if ratio is None else f"{ratio:.1f}x", goal, met)
        slide = r.get("slide_change_s")
        note = "" if slide is not None else ": " + (err.get("slides") or err.get("all", "?"))[:70]
        add(
            "browser", f"projector: PageDown until the next slide is drawn, median of {len(r.get('slide_all_s') or [])}", label,
            _s(slide, 3) + note, "<= 0.3 s" if sample else "", _met(slide, 0.3) if sample else None,
        )  # fmt: skip

    report = results.get("reports")
    if report is not None:
        if "error" in report:
            add("reports", "board reports", "sample data", "n/a: " + report["error"][-200:])
        for kind in ("progress", "exception"):
            k = report.get(kind)
            if not k:
                continue
            add("reports", f"{kind} report: HTML (build + render), median of {report['runs']}", "sample data", _s(k["html_s"], 3))
            for engine, words in (("chromium", "Chromium's print-to-PDF, the app's engine where Chromium is installed"), ("weasyprint", "WeasyPrint, where Chromium is not")):
                e = (k.get("engines") or {}).get(engine)
                if not e:
                    continue
                goal = kind == "progress" and engine == "chromium"
                if "error" in e:
                    add("reports", f"{kind} report: PDF ({words})", "sample data", "n/a: " + e["error"][:200], "<= 5 s" if goal else "", False if goal else None)
                    continue
                add(
                    "reports", f"{kind} report: PDF ({words}), median of {report['runs']}", f"sample data, {e['pages']} A4 pages",
                    f"{_s(e['pdf_s'])} (CPU of this process {_s(e['pdf_cpu_s'])}; {e['pdf_kb']} KB; the first in a new process {_s(e['first_s'])})",
                    "<= 5 s" if goal else "", _met(e["pdf_s"], 5.0) if goal else None,
                )  # fmt: skip
            if "press_wait_s" in k:
                add(
                    "reports", f"{kind} report: Reports page, wait after pressing Download PDF {k['reading_s']:.0f} s after Ready (PDF begun at Prepare)",
                    "sample data", f"{_s(k['press_wait_s'])}; the same report again {_s(k['again_s'], 3)}",
                )  # fmt: skip
            # how they are packed (the summary alone on page 1, KPI blocks three a page) is checked by
            # tests/test_report.py::test_the_sample_exception_report_packs_its_pages
            add("reports", f"{kind} report: KPI blocks", "sample data", str(k["kpis"]))

    p = results.get("publish")
    if p is not None:
        if "error" in p:
            add("publish", "static public site (python -m metrics publish)", "sample data", "n/a: " + p["error"][-200:])
        else:
            add("publish", "the whole command (fresh process: imports, reading, writing)", "sample data", f"{_s(p['command_s'])} (CPU {p['command_cpu_s']:.2f} s)", "<= 5 s", _met(p["command_s"], 5.0))
            add("publish", "building the pages (snapshot, page models, HTML)", "sample data", _s(p["build_s"]))
            add(
                "publish", "largest page (inline charts included; site.css shared)", "sample data",
                f"{p['largest_page_kb']} KB ({p['largest_page']}); {p['pages']} pages, {p['csv_files']} CSV files, {p['total_kb']} KB in all, site.css {p['css_kb']} KB",
                "<= 150 KB", p["largest_page_kb"] <= 150,
            )  # fmt: skip
            for name, seconds in (p.get("draw_s") or {}).items():
                add("publish", f"{name} drawn in Chromium (navigation to load event)", "sample data, 390 px", _s(seconds, 3), "<= 0.2 s", _met(seconds, 0.2))
    for r in results.get("load", []):
        label = r.get("label", "?")
        if "error" in r:
            add("load", "many readers at once", label, "n/a: " + r["error"][-200:])
            continue
        n = r["sessions"]
        how = f"{n} readers" + (f" starting over {r['ramp_s']:g} s" if r.get("ramp_s") else " starting together") + (f", {r['think_s']:g} s between pages" if r.get("think_s") else ", no pause between pages")
        data = f"{label}; {how}"
        errors = f"; {r['error_count']} of {r['pages']} pages failed: {r['errors'][0][:80]}" if r.get("error_count") else ""
        add(
            "load", "every page drawn (overview, KPI, off track): 95th percentile", data,
            f"{_s(r['page_p95_s'])} (median {_s(r['page_p50_s'])}, slowest {_s(r['page_max_s'])}; {r['pages']} pages in {r['wall_s']:.1f} s){errors}",
            "<= 3 s", _met(r["page_p95_s"], 3.0) if not r.get("error_count") else False,
        )  # fmt: skip
        for page, p in r.get("by_page", {}).items():
            add("load", f"{page}: 95th percentile (median)", data, f"{_s(p['p95_s'])} ({_s(p['p50_s'])}); {p['mb']} MB per page")
        add(
            "load", "health check meanwhile: slowest answer (95th percentile)", data,
            f"{_s(r['health_max_s'], 3)} ({_s(r['health_p95_s'], 3)}); {r['health_count']} asked, {r['health_failures']} failed",
            "<= 0.5 s", _met(r["health_max_s"], 0.5) if not r["health_failures"] else False,
        )  # fmt: skip
        per = r.get("rss_per_session_mb")
        add(
            "load", "server memory per session (RSS after - RSS after warm-up) / readers", data,
            "n/a" if per is None else f"{per:.2f} MB ({r['rss_idle_mb']:.0f} MB idle, {r['rss_warm_mb']:.0f} MB with the plan, {r['rss_after_mb']:.0f} MB with {n} sessions)",
            "<= 2 MB", None if per is None else per <= 2.0,
        )  # fmt: skip
        cpu = r.get("cpu_per_page_s")
        add("load", "server CPU time per page drawn", data, "n/a" if cpu is None else f"{cpu:.3f} s ({r['cpu_s']:.1f} s for {r['pages']} pages)")
        add("load", "times the plan was read (the first reader's, then shared)", data, str(r.get("plan_reads")), "1", r.get("plan_reads") == 1)
    return out


def markdown(table: list[dict]) -> str:
    lines = ["| section | measure | data | figure | goal | met |", "| --- | --- | --- | --- | --- | --- |"]
    for r in table:
        met = {True: "yes", False: "**no**", None: ""}[r["met"]]
        lines.append(f"| {r['section']} | {r['measure']} | {r['data']} | {r['figure']} | {r['goal']} | {met} |")
    return "\n".join(lines)


# -- running ----------------------------------------------------------------------------------


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="data,store,statistics,reports,publish,pages,browser", help="comma-separated sections (default: all but load)")
    parser.add_argument("--with", dest="also", default="", help="sections to run as well as --only's, e.g. --with load")
    parser.add_argument("--sessions", type=int, default=50, help="readers at once in the load section")
    parser.add_argument("--ramp", type=float, default=0.0, help="load section: seconds over which the readers start (default 0: together)")
    parser.add_argument("--think", type=float, default=0.0, help="load section: seconds each reader pauses between pages (default 0)")
    parser.add_argument("--runs", type=int, default=5, help="timed navigations per page in the browser (after a warm-up)")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    sections = {s.strip() for s in f"{args.only},{args.also}".split(",") if s.strip()}
    started = time.perf_counter()
    results: dict = {"machine": machine()}
    log(f"bench: {results['machine']['nproc']} cores, {results['machine']['cpu']}, {results['machine']['ram_gb']} GB RAM, load average {results['machine']['load_average_start']}")

    if "data" in sections:
        from benchmarks.bench_data import run_all

        log("bench: data scale (a process per size) ...")
        results["data"] = run_all(log=log)

    if "store" in sections:
        from benchmarks.bench_store import run_all as run_store

        log("bench: the database (import into SQLite, status --db) ...")
        results["store"] = run_store(log=log)

    if "statistics" in sections:
        from benchmarks.bench_statistics import run_all as run_statistics

        log("bench: published statistics (the DfE's timeliness file) ...")
        results["statistics"] = run_statistics(log=log)

    if "reports" in sections:
        log("bench: board reports, HTML and PDF (sample data) ...")
        results["reports"] = run_json("benchmarks.bench_report", "--runs", str(min(args.runs, 3)))

    if "publish" in sections:
        log("bench: static public site (python -m metrics publish, sample data) ...")
        results["publish"] = run_json("benchmarks.bench_publish", "--runs", str(min(args.runs, 3)))

    if sections & {"pages", "browser", "load"}:
        from benchmarks.generate import generate

        with tempfile.TemporaryDirectory(prefix=f"bench-pages-{PAGE_PLAN_METRICS}-") as tmp:
            counts = generate(tmp, PAGE_PLAN_METRICS, 120)
            plans = [
                ("sample data", SAMPLE_TARGETS, SAMPLE_DATA, SAMPLE_AS_OF, SAMPLE_METRIC, None),
                (f"{PAGE_PLAN_METRICS:,} metrics x 120", Path(tmp) / "targets.yaml", Path(tmp) / "data", SYNTHETIC_AS_OF, SYNTHETIC_METRIC, counts.metrics),
            ]
            if "pages" in sections:
                results["pages"] = []
                for label, targets, data, as_of, metric, _ in plans:
                    log(f"bench: page scripts (AppTest), {label} ...")
                    r = run_json("benchmarks.bench_pages", "--targets", str(targets), "--data", str(data), "--as-of", as_of, "--metric", metric, "--label", label)
                    r["label"] = label
                    results["pages"].append(r)
            if "browser" in sections:
                results["browser"] = []
                for label, targets, data, as_of, metric, tiles in plans:
                    if tiles is None:
                        tiles = _sample_metrics()
                    log(f"bench: browser (Chromium), {label} ...")
                    r = run_json(
                        "benchmarks.bench_browser", "--targets", str(targets), "--data", str(data), "--as-of", as_of,
                        "--metric", metric, "--tiles", str(tiles), "--runs", str(args.runs), "--label", label,
                    )  # fmt: skip
                    r["label"] = label
                    results["browser"].append(r)
            if "load" in sections:
                label, targets, data, as_of, metric, _ = plans[1]  # the 1,000-KPI plan
                log(f"bench: {args.sessions} readers at once (websocket sessions), {label} ...")
                r = run_json(
                    "benchmarks.bench_load", "--targets", str(targets), "--data", str(data), "--as-of", as_of, "--metric", metric,
                    "--sessions", str(args.sessions), "--ramp", str(args.ramp), "--think", str(args.think), "--label", label, timeout=1800,
                )  # fmt: skip
                r["label"] = label
                results["load"] = [r]

    results["machine"]["load_average_end"] = os.getloadavg()
    results["machine"]["bench_seconds"] = round(time.perf_counter() - started, 1)
    table = rows(results)
    results["table"] = table
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    m = results["machine"]
    print()
    print(f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}; commit {m['commit']}")
    print(f"Load average at start {tuple(round(x, 1) for x in m['load_average_start'])}, at end {tuple(round(x, 1) for x in m['load_average_end'])}; bench took {m['bench_seconds']:.0f} s")
    print()
    print(markdown(table))
    print()
    missed = [r for r in table if r["met"] is False]
    print(f"Goals: {sum(r['met'] is True for r in table)} met, {len(missed)} not met." + (" Not met: " + "; ".join(f"{r['measure']} [{r['data']}] {r['figure']} (goal {r['goal']})" for r in missed) if missed else ""))
    print(f"Written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


def _sample_metrics() -> int:
    from metrics.domain.load import load

    loaded = load(SAMPLE_TARGETS, SAMPLE_DATA)
    return len(loaded.plan.metrics) if loaded.plan else 0


if __name__ == "__main__":
    raise SystemExit(main())
