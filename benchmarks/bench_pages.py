"""Page script time on the server side (Streamlit AppTest through app.py, as the tests run it).

For one plan (the sample data, or a generated one) in its own process:

* cold: every Streamlit cache cleared first (plan and data read, statuses worked out), modules
  already imported (a warm-up run does that, as the server's first visitor would);
* warm: a new session with the caches filled (what every later visitor gets);
* filter: on the off-track page, narrow the Status multiselect to one status and rerun (falls
  back to the sidebar's as-of date when that page has no multiselect); and, separately, change
  the as-of date (statuses for a date not yet cached).

A page that raises, or shows a Streamlit exception, is reported as "n/a" with the error:
pages are being written while this runs.

    python -m benchmarks.bench_pages --targets T --data D --as-of YYYY-MM-DD --metric ID --label name
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import traceback
from pathlib import Path

from benchmarks.common import ROOT, emit, median, timed

PAGES = {
    "overview": "app_pages/overview.py",
    "kpi": "app_pages/kpi.py",
    "off_track": "app_pages/off_track.py",
}


def _quiet() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


class PageError(RuntimeError):
    pass


class Runner:
    def __init__(self, targets: Path, data: Path, as_of: str, metric: str):
        self.args = ["app.py", "--targets", str(targets), "--data", str(data), "--as-of", as_of]
        self.as_of = dt.date.fromisoformat(as_of)
        self.metric = metric
        self.overview_title: str | None = None
        sys.argv = self.args
        for name in ("DASHBOARD_TARGETS", "DASHBOARD_DATA", "DASHBOARD_AS_OF", "DASHBOARD_PUBLIC"):
            os.environ.pop(name, None)

    def clear(self) -> None:
        import streamlit as st

        from ui import state

        state.clear_caches()
        st.cache_resource.clear()
        st.cache_data.clear()

    def app(self, page: str, *, cold: bool = False):
        """A new session, on ``page``, ready for the run to time.

        As the page tests do: one run first (the default page), then switch_page, because
        before a first run AppTest cannot find a page whose url_path differs from its file
        name (off_track.py is /off-track). ``cold`` clears the caches after that first run.
        """
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        if page == "kpi":
            at.query_params["metric"] = self.metric
        at.run()
        self.check(at, "first run (board overview)")
        self.overview_title = at.title[0].value if at.title else None
        if cold:
            self.clear()
        return at.switch_page(PAGES[page])

    @staticmethod
    def check(at, what: str) -> None:
        if at.exception:
            first = at.exception[0]
            raise PageError(f"{what}: {getattr(first, 'message', '') or first.value}".strip()[:400])

    def run_page(self, page: str, *, cold: bool) -> float:
        at = self.app(page, cold=cold)
        wall, _, _ = timed(at.run)
        self.check(at, page)
        if page != "overview" and at.title and at.title[0].value == self.overview_title:
            raise PageError(f"{page}: switch_page did not reach the page")
        return wall

    def filter_change(self) -> tuple[float, str]:
        """Rerun after narrowing the off-track Status filter (or changing the as-of date)."""
        at = self.app("off_track")
        at.run()
        self.check(at, "off_track")
        if not at.subheader and not at.multiselect and not at.success:
            raise PageError("off_track: the page did not render")
        selects = [m for m in at.multiselect if m.label == "Status"] or list(at.multiselect)
        if selects and len(selects[0].value) > 1:
            widget = selects[0]
            widget.set_value(list(widget.value)[:1])
            how = f"off-track '{widget.label}' multiselect narrowed to one"
        elif at.sidebar.date_input:
            at.sidebar.date_input[0].set_value(self.as_of - dt.timedelta(days=1))
            how = "as-of date picker (no multiselect to narrow)"
        else:
            raise PageError("no filter on the off-track page and no as-of picker")
        wall, _, _ = timed(at.run)
        self.check(at, "off_track after the filter change")
        return wall, how

    def as_of_change(self, days_back: int) -> float:
        """Overview, then a new as-of date in the sidebar: statuses for a date not cached yet."""
        at = self.app("overview")
        at.run()
        self.check(at, "overview")
        at.sidebar.date_input[0].set_value(self.as_of - dt.timedelta(days=days_back))
        wall, _, _ = timed(at.run)
        self.check(at, "overview after the as-of change")
        return wall


def _attempt(fn, errors: dict, key: str):
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - a page being written may fail in any way: report n/a
        errors[key] = f"{type(exc).__name__}: {exc}"[:500]
        if os.environ.get("BENCH_DEBUG"):
            traceback.print_exc()
        return None


def measure(targets: Path, data: Path, as_of: str, metric: str, cold_runs: int = 2, warm_runs: int = 3) -> dict:
    _quiet()
    runner = Runner(targets, data, as_of, metric)
    errors: dict[str, str] = {}
    result: dict = {"errors": errors}
    # Warm-up: imports every page's modules (plotly, openpyxl...) so "cold" measures the caches only.
    for page in PAGES:
        _attempt(lambda: runner.run_page(page, cold=False), {}, page)
    for page in PAGES:
        cold = [t for t in (_attempt(lambda: runner.run_page(page, cold=True), errors, f"{page}_cold") for _ in range(cold_runs)) if t is not None]
        warm = [t for t in (_attempt(lambda: runner.run_page(page, cold=False), errors, f"{page}_warm") for _ in range(warm_runs)) if t is not None]
        result[f"{page}_cold_s"] = median(cold) if len(cold) == cold_runs else None
        result[f"{page}_warm_s"] = median(warm) if len(warm) == warm_runs else None
    filters = [_attempt(runner.filter_change, errors, "filter") for _ in range(warm_runs)]
    if all(filters):
        result["filter_s"] = median([t for t, _ in filters])
        result["filter_how"] = filters[0][1]
    else:
        result["filter_s"] = None
    as_of_runs = [_attempt(lambda k=k: runner.as_of_change(31 * (k + 1)), errors, "as_of_change") for k in range(warm_runs)]
    result["as_of_change_s"] = median(as_of_runs) if all(t is not None for t in as_of_runs) else None
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_pages")
    parser.add_argument("--targets", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--metric", required=True, help="the KPI shown on the KPI detail page")
    parser.add_argument("--label", default="")
    args = parser.parse_args(argv)
    result = measure(args.targets.resolve(), args.data.resolve(), args.as_of, args.metric)
    result["label"] = args.label
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
