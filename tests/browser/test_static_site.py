"""The static public site (`python -m metrics publish`) in a real browser, served by a plain local
web server, at 320, 390 and 1366 px: axe finds nothing, nothing overlaps, nothing needs sideways
scrolling, keyboard focus shows; a screenshot of each kind of page at 390 px in tests/screenshots/static/."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from metrics.cli import main
from tests.browser.helpers import REPO_ROOT, SCREENSHOT_DIR, format_violations, run_axe

AS_OF = "2025-08-01"
WIDTHS = (320, 390, 1366)
# Measures whose pages differ in kind: events and example figures, comparisons with England, a
# context measure with a forecast, a survey with responses.
SAMPLES = ("autism_longest_wait", "ehc_plans_within_20_weeks", "ehc_plans_all", "autism_support_while_waiting")
KINDS = ("index.html", "actions.html", "about.html", "feedback.html", *(f"measures/{m}.html" for m in SAMPLES))

# Every box of the elements a reader must be able to read: badges, figures, flags, table cells,
# definition terms and answers, legend and event items, chart text in the drawing on show. Inline
# elements count line by line (getClientRects), so wrapped text is not one big box.
OVERLAPS_JS = """
() => {
  const selectors = ['.badge', '.figure', '.flag', 'table.data th', 'table.data td', 'dl.facts dt', 'dl.facts dd',
                     '.legend li', '.events li', '.menu a', 'h1', 'h2', 'h3', '.as-of'];
  const hiddenByClip = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const r = a.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && getComputedStyle(a).overflow === 'hidden') return true;
    }
    return false;
  };
  const items = [];
  for (const el of document.querySelectorAll(selectors.join(','))) {
    if (!el.checkVisibility({visibilityProperty: true})) continue;  // in a closed <details>, or the other chart
    if (hiddenByClip(el)) continue;  // visually hidden for screen readers (the table's headings on a phone)
    for (const r of el.getClientRects()) if (r.width > 0 && r.height > 0) items.push({el, r});
  }
  for (const svg of document.querySelectorAll('.chart svg')) {
    if (!svg.getBoundingClientRect().width) continue;  // the drawing for the other screen size
    for (const t of svg.querySelectorAll('text')) { const r = t.getBoundingClientRect(); if (r.width) items.push({el: t, r}); }
  }
  const name = (el) => el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  const out = [];
  items.sort((p, q) => p.r.top - q.r.top);  // a sweep down the page: only boxes that share a band of height can overlap
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length && items[j].r.top < items[i].r.bottom; j++) {
    const a = items[i], b = items[j];
    if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
    const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    // a text's box is its em box, taller than its letters: two chart labels may share 2 px of it
    const slack = (a.el instanceof SVGElement && b.el instanceof SVGElement) ? 2 : 1;
    if (w > slack && h > slack) out.push(name(a.el) + ' overlaps ' + name(b.el));
  }
  const wide = [];
  for (const {el, r} of items) if (r.right > document.documentElement.clientWidth + 0.5 || r.left < -0.5) wide.push(name(el));
  return {overlaps: out.slice(0, 10), outside: wide.slice(0, 10)};
}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("static") / "site"
    assert main(["publish", "--out", str(out), "--targets", str(REPO_ROOT / "targets.yaml"), "--data", str(REPO_ROOT / "sample_data"), "--as-of", AS_OF]) == 0
    return out


@pytest.fixture(scope="module")
def base_url(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.fixture(scope="module")
def tab(browser, base_url):
    """One browser context for the module; every request to another host is recorded and refused."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    elsewhere: list[str] = []

    def route(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.elsewhere = elsewhere
    yield page
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_reflows_with_nothing_overlapping_or_outside(tab, site, base_url, width):
    tab.set_viewport_size({"width": width, "height": 800})
    problems = []
    # every page at the narrowest width; each kind of page at the others
    for name in pages(site) if width == 320 else KINDS:
        tab.goto(f"{base_url}/{name}")
        scroll = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll[0] > scroll[1]:
            problems.append(f"{name}: scrolls sideways ({scroll[0]} px wide in {scroll[1]} px)")
        found = tab.evaluate(OVERLAPS_JS)
        problems += [f"{name}: {text}" for text in found["overlaps"]] + [f"{name}: outside the screen: {text}" for text in found["outside"]]
    assert problems == []
    assert tab.elsewhere == []


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing(tab, base_url, width):
    """Each kind of page at a phone's width (the measure pages share one template: a measure with a target
    and comparisons, and a context measure with a forecast); the busiest ones at 320 and 1366 px."""
    tab.set_viewport_size({"width": width, "height": 800})
    main = ("index.html", "actions.html", "about.html", "feedback.html")
    measures = (f"measures/{SAMPLES[1]}.html", f"measures/{SAMPLES[2]}.html")  # a target with comparisons; context with a forecast
    names = {320: ("actions.html", measures[0]), 390: (*main, *measures), 1366: ("index.html", measures[0])}[width]
    found = {}
    for name in names:
        tab.goto(f"{base_url}/{name}")
        violations = run_axe(tab)
        if violations:
            found[name] = format_violations(violations)
    assert found == {}


def test_the_menu_is_labelled_and_keyboard_focus_shows(tab, base_url):
    tab.set_viewport_size({"width": 390, "height": 800})
    tab.goto(f"{base_url}/index.html")
    assert tab.locator('nav[aria-label="Site"] a').all_inner_texts() == ["Our progress", "What we are doing", "About this site", "Tell us what you think"]
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to main content"
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")  # the site name, then the first menu link
    style = tab.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [document.activeElement.textContent, s.backgroundColor, s.boxShadow]; })()")
    assert style[0] == "Our progress"
    assert style[1] == "rgb(255, 221, 0)" and "rgb(11, 12, 12)" in style[2]  # yellow block, dark bar beneath: well over 3:1 on white
    sizes = tab.evaluate("[...document.querySelectorAll('nav[aria-label=\"Site\"] a')].map(a => a.getBoundingClientRect().height)")
    assert min(sizes) >= 24


def test_screenshots_at_390(tab, base_url):
    """Each kind of page, to look at (every page: `make publish`, then open site/ at 390 px)."""
    folder = SCREENSHOT_DIR / "static"
    folder.mkdir(parents=True, exist_ok=True)
    tab.set_viewport_size({"width": 390, "height": 844})
    for name in KINDS:
        tab.goto(f"{base_url}/{name}")
        path = folder / (name.replace("/", "_").removesuffix(".html") + ".png")
        tab.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000, name
