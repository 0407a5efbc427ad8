"""The static public site of the sample plan (`python -m metrics publish`), timed.

- the whole command in a fresh interpreter (imports, reading the plan and data, writing the files),
  the median of ``runs``;
- building the pages alone (public snapshot, page models, HTML), in this process after a warm-up;
- the largest page (its inline charts included; the CSS is shared) and the site's total size;
- each kind of page drawn in headless Chromium from a local web server: navigation start to the
  load event, the median of ``runs`` after a warm-up.

    python -m benchmarks.bench_publish [--runs 3] [--no-browser]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import (
    ROOT,
    SAMPLE_AS_OF,
    SAMPLE_DATA,
    SAMPLE_TARGETS,
    emit,
    median,
    timed,
)

KINDS = ("index.html", "actions.html", "about.html", "measures/autism_longest_wait.html")


def measure(runs: int = 3, browser: bool = True) -> dict:
    from metrics.domain.load import load
    from metrics.domain.public import public_snapshot
    from metrics.render.site_html import site_files
    from metrics.views.site import build_site

    result: dict = {"runs": runs}
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        command = [sys.executable, "-m", "metrics", "publish", "--targets", str(SAMPLE_TARGETS), "--data", str(SAMPLE_DATA), "--as-of", SAMPLE_AS_OF]
        walls, cpus = [], []
        for i in range(runs):
            started, cpu = time.perf_counter(), _children_cpu()
            subprocess.run([*command, "--out", str(Path(tmp) / "site")], cwd=ROOT, check=True, capture_output=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
            walls.append(time.perf_counter() - started)
            cpus.append(_children_cpu() - cpu)
        result["command_s"] = median(walls)
        result["command_cpu_s"] = median(cpus)  # on a busy machine the wall time is mostly waiting

        loaded = load(SAMPLE_TARGETS, SAMPLE_DATA)
        as_of = dt.date.fromisoformat(SAMPLE_AS_OF)

        def build() -> dict:
            return site_files(build_site(public_snapshot(loaded.plan, loaded.dataset, as_of), loaded.statistics))

        build()  # warm-up
        times = [timed(build)[0] for _ in range(runs)]
        files = build()
        result["build_s"] = median(times)
        pages = {name: len(data) for name, data in files.items() if name.endswith(".html")}
        largest = max(pages, key=pages.get)
        result |= {
            "pages": len(pages),
            "csv_files": sum(n.endswith(".csv") for n in files),
            "largest_page": largest,
            "largest_page_kb": round(pages[largest] / 1024, 1),
            "css_kb": round(len(files["site.css"]) / 1024, 1),
            "total_kb": round(sum(len(d) for d in files.values()) / 1024, 1),
        }
        if browser:
            result["draw_s"] = _draw(Path(tmp) / "site", runs)
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _draw(site: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=["--no-sandbox"], headless=True)
            page = browser.new_page(viewport={"width": 390, "height": 844})
            for name in KINDS:
                page.goto(f"{base}/{name}")  # warm-up
                times = []
                for _ in range(runs):
                    page.goto(f"{base}/{name}")
                    times.append(page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0]; return (n.loadEventEnd - n.startTime) / 1000; })()"))
                out[name] = median(times)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_publish")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    args = parser.parse_args(argv)
    emit(measure(args.runs, args.browser))
    return 0


if __name__ == "__main__":
    sys.exit(main())
