"""In the browser: navigation until the page has run and every chart is drawn, against a static floor.

For one plan (its own process): start the app (tests/browser/helpers.start_server), open the
board overview and a KPI page in headless Chromium (Debian's, CHROMIUM_ARGS of the browser
tests), one warm-up then ``runs`` timed navigations each, and report the median.

"drawn" is the time from ``page.goto`` until the readiness check of helpers.open_app holds
(connected, script not running, no skeleton, every visible plotly chart has its SVG), checked
on every animation frame, with the page's own content present (its heading, and for the
overview every KPI tile). helpers.open_app's settle (150 ms + 300 ms of deliberate waiting, to
catch a rerun) is then run too, so a page that reruns is caught, but it is not counted.

The floor: the same page as one static HTML file (the page's own HTML blocks and headings, its
plotly figures through plotly's own ``to_html``, our stylesheet) opened in the same browser, timed
the same way (load, charts drawn, content present). ``app ÷ floor`` is how far Streamlit's
machinery puts us above what a page of those tiles and charts can reach.

    python -m benchmarks.bench_browser --targets T --data D --as-of YYYY-MM-DD --metric ID --label name
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, emit, median

RUNS = 5

def _ready_js(app_ready: str) -> str:
    """helpers' readiness check, plus: the page's heading and ``count`` elements matching ``selector``."""
    return f"""
([selector, count]) => {{
  const ready = ({app_ready})();
  if (!ready) return false;
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  return document.querySelectorAll(selector).length >= count;
}}
"""


_STATIC_READY_JS = """
([selector, count]) => {
  if (document.readyState !== 'complete') return false;
  for (const chart of document.querySelectorAll('.plotly-graph-div')) {
    if (!chart.querySelector('.main-svg')) return false;
  }
  if (!document.querySelector('h1')) return false;
  return document.querySelectorAll(selector).length >= count;
}
"""


# -- the static floor -------------------------------------------------------------------------


def _walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for key in sorted(children):
            yield from _walk(children[key])
    else:
        yield node


def static_page(at, title: str) -> tuple[str, int]:
    """The page AppTest ran, as one static HTML document; and how many plotly charts it has."""
    import plotly.io as pio

    parts = []
    charts = 0
    for element in _walk(at.main):
        kind = getattr(element, "type", "")
        proto = getattr(element, "proto", None)
        if kind in ("title", "header", "subheader"):
            tag = {"title": "h1", "header": "h2", "subheader": "h3"}[kind]
            parts.append(f"<{tag}>{html.escape(str(element.value))}</{tag}>")
        elif kind in ("markdown", "caption", "text", "info", "success", "warning", "error"):
            parts.append(f"<p>{html.escape(str(element.value))}</p>")
        elif kind == "html":
            parts.append(proto.body)
        elif kind == "plotly_chart":
            figure = pio.from_json(proto.spec, skip_invalid=True)
            config = json.loads(proto.config) if getattr(proto, "config", "") else {}
            parts.append(pio.to_html(figure, include_plotlyjs=False, full_html=False, config=config, default_width="100%"))
            charts += 1
        elif proto is not None and hasattr(proto, "label") and getattr(proto, "label", ""):
            parts.append(f"<button type=\"button\">{html.escape(proto.label)}</button>")
    css = (ROOT / "ui" / "style.css").read_text(encoding="utf-8")
    document = (
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title>"
        "<script src=\"plotly.min.js\"></script>"
        "<style>body{font-family:'Source Sans Pro',sans-serif;max-width:1200px;margin:2rem auto;padding:0 1rem}</style>"
        f"<style>{css}</style></head><body><main>{''.join(parts)}</main></body></html>"
    )
    return document, charts


def build_static(directory: Path, targets: Path, data: Path, as_of: str, metric: str) -> dict[str, dict]:
    """Static copies of the overview and the KPI page, via AppTest on the same plan."""
    import plotly

    from benchmarks.bench_pages import Runner, _quiet

    _quiet()
    shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", directory / "plotly.min.js")
    runner = Runner(targets, data, as_of, metric)
    out = {}
    for page in ("overview", "kpi"):
        try:
            at = runner.app(page)
            at.run()
            runner.check(at, page)
            document, charts = static_page(at, page)
        except Exception as exc:  # noqa: BLE001 - a page being written: no floor for it
            out[page] = {"error": f"{type(exc).__name__}: {exc}"[:400]}
            continue
        path = directory / f"{page}.html"
        path.write_text(document, encoding="utf-8")
        out[page] = {"path": path, "charts": charts, "bytes": len(document.encode())}
    return out


# -- timing -----------------------------------------------------------------------------------


def _time_app(page, url: str, ready_js: str, expect: tuple[str, int], timeout_ms: int) -> tuple[float, float]:
    from tests.browser.helpers import wait_for_app

    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_function(ready_js, arg=list(expect), polling="raf", timeout=timeout_ms)
    drawn = time.perf_counter() - start
    wait_for_app(page, timeout_ms=timeout_ms)  # helpers.open_app's settle: fails if the page keeps rerunning
    settled = time.perf_counter() - start
    errors = page.locator('[data-testid="stException"]')
    if errors.count():
        raise RuntimeError(f"exception on {url}: {errors.first.inner_text()[:300]}")
    return drawn, settled


def _time_static(page, url: str, expect: tuple[str, int], timeout_ms: int) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="load", timeout=timeout_ms)
    page.wait_for_function(_STATIC_READY_JS, arg=list(expect), polling="raf", timeout=timeout_ms)
    return time.perf_counter() - start


def _time_slides(page, url: str, app_ready: str, runs: int, timeout_ms: int) -> list[float]:
    """Projector mode: PageDown until the next slide is drawn (its "slide N of M" changed, the run
    finished, its charts drawn), ``runs`` times after one warm-up step."""
    from tests.browser.helpers import wait_for_app

    changed = f"""
([before]) => {{
  if (!({app_ready})()) return false;
  const count = document.querySelector('.present-count');
  return !!count && count.textContent !== before;
}}
"""
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    wait_for_app(page, timeout_ms=timeout_ms)
    times = []
    for step in range(runs + 1):
        before = page.locator(".present-count").first.inner_text()
        start = time.perf_counter()
        page.keyboard.press("PageDown")
        page.wait_for_function(changed, arg=[before], polling="raf", timeout=timeout_ms)
        if step:  # the first step warms the slide code up
            times.append(time.perf_counter() - start)
        wait_for_app(page, timeout_ms=timeout_ms)
    return times


def measure(targets: Path, data: Path, as_of: str, metric: str, tiles: int, runs: int = RUNS) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser.helpers import (
        _APP_READY_JS,
        CHROMIUM_ARGS,
        CHROMIUM_PATH,
        VIEWPORT,
        start_server,
    )

    app_ready = _APP_READY_JS.strip()
    ready_js = _ready_js(app_ready)
    timeout_ms = 60_000
    result: dict = {"errors": {}, "runs": runs}
    expects = {"overview": ("article.tile", tiles), "kpi": ("h1", 1)}
    with tempfile.TemporaryDirectory(prefix="bench-static-") as tmp:
        statics = build_static(Path(tmp), targets, data, as_of, metric)
        app_args = ["--targets", str(targets), "--data", str(data), "--as-of", as_of]
        with start_server(app_args, timeout_s=60) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
            try:
                context = browser.new_context(viewport=dict(VIEWPORT), locale="en-GB", timezone_id="Europe/London")
                page = context.new_page()
                urls = {"overview": server.url("/"), "kpi": server.url("kpi", metric=metric)}
                for name, url in urls.items():
                    try:
                        _time_app(page, url, ready_js, expects[name], timeout_ms)  # warm-up: server caches, browser cache
                        timings = [_time_app(page, url, ready_js, expects[name], timeout_ms) for _ in range(runs)]
                    except Exception as exc:  # noqa: BLE001 - report n/a for a page that errors
                        result["errors"][name] = f"{type(exc).__name__}: {exc}"[:500]
                        result[f"{name}_drawn_s"] = None
                        continue
                    result[f"{name}_drawn_s"] = median([d for d, _ in timings])
                    result[f"{name}_settled_s"] = median([s for _, s in timings])
                    result[f"{name}_all_drawn_s"] = [round(d, 3) for d, _ in timings]
                try:
                    slides = _time_slides(page, server.url("/", present="1"), app_ready, runs, timeout_ms)
                except Exception as exc:  # noqa: BLE001 - report n/a
                    result["errors"]["slides"] = f"{type(exc).__name__}: {exc}"[:500]
                    slides = []
                result["slide_change_s"] = median(slides)
                result["slide_all_s"] = [round(t, 3) for t in slides]
                for name, static in statics.items():
                    if "error" in static:
                        result["errors"][f"{name}_static"] = static["error"]
                        result[f"{name}_static_s"] = None
                        continue
                    url = static["path"].as_uri()
                    try:
                        _time_static(page, url, expects[name], timeout_ms)
                        timings = [_time_static(page, url, expects[name], timeout_ms) for _ in range(runs)]
                    except Exception as exc:  # noqa: BLE001
                        result["errors"][f"{name}_static"] = f"{type(exc).__name__}: {exc}"[:500]
                        result[f"{name}_static_s"] = None
                        continue
                    result[f"{name}_static_s"] = median(timings)
                    result[f"{name}_static_charts"] = static["charts"]
                    result[f"{name}_static_kb"] = round(static["bytes"] / 1024)
                    drawn = result.get(f"{name}_drawn_s")
                    result[f"{name}_ratio"] = drawn / result[f"{name}_static_s"] if drawn else None
                context.close()
            finally:
                browser.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_browser")
    parser.add_argument("--targets", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--metric", required=True)
    parser.add_argument("--tiles", type=int, required=True, help="KPI tiles the overview shows (the number of metrics)")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--label", default="")
    args = parser.parse_args(argv)
    result = measure(args.targets.resolve(), args.data.resolve(), args.as_of, args.metric, args.tiles, args.runs)
    result["label"] = args.label
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
