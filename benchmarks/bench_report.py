"""The board reports of the sample plan: building, HTML and PDF, timed in a fresh process.

For each kind (progress, exception): ``build_report`` + ``render_html`` (the HTML the Reports page
offers at once), then ``html_to_pdf`` with each engine (Chromium, what "Download PDF" waits for
where Chromium is installed; WeasyPrint, where it is not), ``runs`` times each after one warm-up
(Chromium's start, fonts, imports: timed too, as the first PDF of a process); the median, the
PDF's size and its page count (pages per KPI: the exception report packs about three KPIs a page).

Then the Reports page's way (``PdfJobs``, as ui/state.report_pdfs): the PDF begun when the report
is prepared, and "Download PDF" pressed ``READING`` seconds later (the reader reads "Ready" and
moves to the button); the wait after the press, and the wait when the same report is asked for again.

    python -m benchmarks.bench_report [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time
import zlib

from benchmarks.common import (
    SAMPLE_AS_OF,
    SAMPLE_DATA,
    SAMPLE_TARGETS,
    emit,
    median,
    timed,
)

RUNS = 3
READING = 3.0  # seconds from "Ready" to the press of "Download PDF"


def measure(runs: int = RUNS) -> dict:
    from metrics.domain.load import load
    from metrics.render.pdf import PdfJobs, html_to_pdf, pdf_unavailable_reason
    from metrics.render.report_html import render_html
    from metrics.views.audience import internal_audience
    from metrics.views.report import build_report

    loaded = load(SAMPLE_TARGETS, SAMPLE_DATA)
    assert loaded.plan is not None and loaded.dataset is not None, loaded.problems
    as_of = dt.date.fromisoformat(SAMPLE_AS_OF)
    audience = internal_audience(loaded.plan.defaults)
    result: dict = {"runs": runs}
    for kind in ("progress", "exception"):

        def html() -> str:
            report = build_report(loaded.plan, loaded.dataset, as_of, kind=kind, audience=audience, statistics=loaded.statistics)
            return render_html(report)

        document = html()
        kpis = document.count('<article class="kpi"')
        html_times = [timed(html)[0] for _ in range(runs)]
        engines = {}
        for engine in ("chromium", "weasyprint"):
            if pdf_unavailable_reason(engine):
                engines[engine] = {"error": pdf_unavailable_reason(engine)}
                continue
            first, _, pdf = timed(lambda: html_to_pdf(document, engine=engine))  # warm-up: Chromium's start, fonts, imports
            times, cpu = [], []
            for _ in range(runs):
                seconds, used, pdf = timed(lambda: html_to_pdf(document, engine=engine))
                times.append(seconds)
                cpu.append(used)
            engines[engine] = {"pdf_s": median(times), "pdf_cpu_s": median(cpu), "pdf_all_s": [round(t, 2) for t in times], "first_s": first, "pdf_kb": round(len(pdf) / 1024), "pages": _pages(pdf)}
        result[kind] = {"html_s": median(html_times), "kpis": kpis, "engines": engines}
        if kind == "progress":
            jobs = PdfJobs(html_to_pdf)
            jobs.start(document)
            time.sleep(READING)
            waited, _, _ = timed(lambda: jobs.pdf(document))
            again, _, _ = timed(lambda: jobs.pdf(document))
            result[kind] |= {"reading_s": READING, "press_wait_s": waited, "again_s": again}
    return result


def _pages(pdf: bytes) -> int:
    """The PDF's page count: the largest /Count of its page tree (WeasyPrint puts the objects in
    compressed object streams, so those are inflated first)."""
    texts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            texts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    counts = [
        int(count.group(1))
        for text in texts
        for tree in re.findall(rb"<<[^<>]*/Type\s*/Pages\b[^<>]*>>", text)  # the page tree's own dictionary (bookmarks have a /Count too)
        if (count := re.search(rb"/Count\s+(\d+)", tree))
    ]
    return max(counts, default=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_report")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    emit(measure(args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
