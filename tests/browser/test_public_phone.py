"""The Streamlit public site (app.py --public, the sample plan) on a phone, 320 and 390 px wide.

Measured in a real browser, as a parent would meet it:
* nothing is wider than the screen (no sideways scrolling of the page);
* on "What we are doing" each action's status badge, due date and update stand apart (their boxes
  do not overlap, none runs past the screen); table cells hold their text;
* on a measure's page the chart's event labels and legend entries do not overlap and are not cut off;
* the menu is a labelled list of links at the top (no unlabelled "»" button);
* every control shows a focus ring of at least 3:1 against the page when tabbed to;
* controls are at least 24 px, or have 24 px of room (WCAG 2.5.8);
* axe finds no WCAG 2.2 AA violation.
Screenshots at 390 px go to tests/screenshots/public_phone/.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import (
    SCREENSHOT_DIR,
    SETTLE_MS,
    assert_no_exception,
    format_violations,
    open_app,
    run_axe,
)

WIDTHS = (320, 390)
PAGES = {
    "progress": "/",
    "actions": "/actions",
    "about": "/about",
    "measure": "/kpi?metric=autism_longest_wait",  # the sample's chart with the most events
}
SHOTS = SCREENSHOT_DIR / "public_phone"


@pytest.fixture(scope="module")
def phone(browser, public_server):
    """``phone(width, name)``: the page, opened once per module and made ``width`` px wide (the
    page reflows as a phone turned or a window narrowed would; plotly redraws the chart)."""
    contexts, opened = [], {}

    def get(width: int, name: str):
        if name not in opened:
            context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB", timezone_id="Europe/London")
            context.set_default_timeout(30_000)
            contexts.append(context)
            page = context.new_page()
            open_app(page, public_server.base_url + PAGES[name])
            assert_no_exception(page)
            opened[name] = page
        page = opened[name]
        if page.viewport_size["width"] != width:
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(SETTLE_MS + 400)  # plotly redraws on the window's resize event
        return page

    yield get
    for context in contexts:
        context.close()


CASES = [(w, n) for w in WIDTHS for n in PAGES]
IDS = [f"{n}-{w}px" for w, n in CASES]


# -- reflow -------------------------------------------------------------------------------------------------

_WIDTHS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const wide = [];
  for (const e of main.querySelectorAll('h1, h2, h3, p, li, dt, dd, .badge, nav, footer, [data-testid="stPlotlyChart"], .table-wrap')) {
    const r = e.getBoundingClientRect();
    if (r.width && (r.right > window.innerWidth + 0.5 || r.left < -0.5)) wide.push(`${e.tagName}.${e.className}: ${Math.round(r.left)}..${Math.round(r.right)} "${e.innerText.slice(0, 40)}"`);
  }
  return {doc: document.documentElement.scrollWidth, main: main.scrollWidth, view: window.innerWidth, wide: wide.slice(0, 10)};
}"""


@pytest.mark.parametrize(("width", "name"), CASES, ids=IDS)
def test_nothing_is_wider_than_the_phone(phone, width, name):
    found = phone(width, name).evaluate(_WIDTHS_JS)
    assert found["doc"] <= width and found["main"] <= width, f"{name} at {width}px scrolls sideways: {found}"
    assert not found["wide"], f"{name} at {width}px: these run past the screen: {found['wide']}"


# -- nothing overlaps --------------------------------------------------------------------------------------

_OVERLAPS_JS = """(selectors) => {
  const out = [];
  const box = e => e.getBoundingClientRect();
  const meet = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  for (const group of document.querySelectorAll(selectors.group)) {
    const parts = selectors.parts.map(s => group.querySelector(s)).filter(Boolean);
    for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++)
      if (meet(box(parts[i]), box(parts[j]))) out.push(`${parts[i].innerText.slice(0, 30)} / ${parts[j].innerText.slice(0, 30)}`);
  }
  return out;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_action_badges_dates_and_updates_do_not_overlap(phone, width):
    page = phone(width, "actions")
    actions = page.locator("li.pub-action")
    assert actions.count() == 63, "the sample has 63 public actions"
    overlaps = page.evaluate(_OVERLAPS_JS, {"group": "li.pub-action", "parts": [".pub-action-title", ".badge", ".pub-fact-due dd", ".pub-fact-update dd"]})
    assert not overlaps, f"at {width}px these overlap: {overlaps[:5]}"
    # a badge stays inside what holds it (the status fact), so it covers nothing beside it
    spill = page.evaluate(
        """() => [...document.querySelectorAll('li.pub-action .badge')].filter(b => {
             const r = b.getBoundingClientRect(), p = b.closest('dd').getBoundingClientRect();
             return r.right > p.right + 0.5 || r.left < p.left - 0.5; }).map(b => b.innerText)"""
    )
    assert not spill, f"at {width}px badges wider than their place: {spill[:5]}"
    assert "31 Mar 2024 (overdue)" in page.locator("li.pub-action").first.inner_text()


@pytest.mark.parametrize(("width", "name"), CASES, ids=IDS)
def test_table_cells_and_cards_hold_their_text(phone, width, name):
    page = phone(width, name)
    spilled = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] td, [data-testid="stMain"] th')]
             .filter(c => c.getClientRects().length && c.scrollWidth > c.clientWidth + 1).map(c => c.innerText.slice(0, 40))"""
    )
    assert not spilled, f"{name} at {width}px: text runs out of its cell: {spilled[:5]}"
    overlaps = page.evaluate(_OVERLAPS_JS, {"group": "article.pub-card", "parts": ["h3", ".pub-status", ".pub-desc", "dl"]})
    assert not overlaps, f"{name} at {width}px: parts of a card overlap: {overlaps[:5]}"


_CHART_JS = """() => {
  const chart = document.querySelector('[data-testid="stPlotlyChart"]');
  const frame = chart.getBoundingClientRect();
  const boxes = sel => [...chart.querySelectorAll(sel)].map(e => ({text: e.textContent, r: e.getBoundingClientRect()})).filter(b => b.r.width > 0);
  const meet = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const labels = boxes('g.annotation-text-g text, g.annotation text');
  const legend = boxes('g.legend g.traces');
  const problems = [];
  for (const group of [labels, legend])
    for (let i = 0; i < group.length; i++) {
      const a = group[i].r;
      if (a.left < frame.left - 0.5 || a.right > frame.right + 0.5 || a.top < frame.top - 0.5) problems.push(`cut off: "${group[i].text}"`);
      for (let j = i + 1; j < group.length; j++) if (meet(a, group[j].r)) problems.push(`overlap: "${group[i].text}" / "${group[j].text}"`);
    }
  for (const l of labels) for (const g of legend) if (meet(l.r, g.r)) problems.push(`label over legend: "${l.text}"`);
  return {labels: labels.map(b => b.text), legend: legend.map(b => b.text), problems};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_labels_and_legend_fit_without_overlapping(phone, width):
    page = phone(width, "measure")
    found = page.evaluate(_CHART_JS)
    assert not found["problems"], f"at {width}px: {found['problems']}"
    # events are numbered on the chart and listed, in words, under it; the last number is the as-of date
    assert found["labels"] == [str(i) for i in range(1, len(found["labels"]) + 1)] and len(found["labels"]) >= 3
    listed = page.locator(".pub-events ol li")
    assert listed.count() == len(found["labels"])
    assert listed.last.inner_text().endswith("the date of the figures on this page")
    # the legend speaks families' words
    legend = " ".join(found["legend"])
    assert "Example figure, not a real" in legend and "Starting point" in legend and "Amber" not in legend and "illustrative" not in legend.lower()


# -- the menu, focus and target sizes -----------------------------------------------------------------------


@pytest.mark.parametrize(("width", "name"), CASES, ids=IDS)
def test_the_menu_is_a_labelled_list_of_links(phone, width, name):
    page = phone(width, name)
    menu = page.get_by_role("navigation", name="Menu")
    assert menu.is_visible()
    links = menu.get_by_role("link")
    assert links.all_inner_texts() == ["Our progress", "What we are doing", "About this data"]
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24, f"menu link {i} is {box}"
    assert page.locator('[data-testid="stExpandSidebarButton"]:visible, [data-testid="stSidebarCollapsedControl"]:visible').count() == 0


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast of two CSS 'rgb(r, g, b)' colours."""
    la, lb = (_luminance(tuple(float(x) for x in re.findall(r"[\d.]+", c)[:3])) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


_FOCUSED_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  let bg = null;
  for (let p = e.parentElement; p && !bg; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor;
    if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') bg = c;
  }
  const r = e.getBoundingClientRect();
  return {what: `${e.tagName} "${(e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40)}"`,
          style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor, behind: bg || 'rgb(255, 255, 255)',
          id: e.outerHTML.slice(0, 120) + Math.round(r.top) + ',' + Math.round(r.left)};
}"""


@pytest.mark.parametrize(("width", "name"), [(390, n) for n in PAGES], ids=[f"{n}-390px" for n in PAGES])
def test_every_control_shows_a_focus_ring_of_at_least_3_to_1(phone, width, name):
    page = phone(width, name)
    page.locator("body").focus()
    seen, checked = set(), []
    for _ in range(30):  # the menu, the page's own controls (the progress page has more: the first 30 suffice)
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED_JS)
        if focused is None or focused["id"] in seen:
            continue
        seen.add(focused["id"])
        checked.append(focused)
    assert len(checked) >= 5, f"{name}: only {len(checked)} controls took the focus"
    weak = [
        f"{f['what']}: {f['style']} {f['width']}px {f['colour']} on {f['behind']} ({contrast(f['colour'], f['behind']):.2f}:1)"
        for f in checked
        if f["style"] == "none" or f["width"] < 2 or contrast(f["colour"], f["behind"]) < 3
    ]
    assert not weak, f"{name}: focus rings too faint: {weak}"


_TARGETS_JS = """() => {
  const sel = 'a, button, summary, input, [role="button"], [tabindex="0"]';
  const targets = [...document.querySelectorAll('[data-testid="stMain"] ' + sel)].filter(e => e.getClientRects().length && e.checkVisibility());
  const inSentence = e => e.tagName === 'A' && e.closest('p, li, dd') && e.closest('p, li, dd').innerText.trim().length > e.innerText.trim().length + 2;
  const small = [];
  for (const t of targets) {
    const r = t.getBoundingClientRect();
    if ((r.width >= 24 && r.height >= 24) || inSentence(t)) continue;
    const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
    const crowded = targets.some(o => {
      if (o === t || o.contains(t) || t.contains(o)) return false;
      const q = o.getBoundingClientRect();
      const dx = Math.max(q.left - cx, 0, cx - q.right), dy = Math.max(q.top - cy, 0, cy - q.bottom);
      return Math.hypot(dx, dy) < 12;
    });
    if (crowded) small.push(`${t.tagName} "${t.innerText.slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return small;
}"""


@pytest.mark.parametrize(("width", "name"), CASES, ids=IDS)
def test_targets_are_24px_or_have_room(phone, width, name):
    page = phone(width, name)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")  # what they hold counts too
    small = page.evaluate(_TARGETS_JS)
    assert not small, f"{name} at {width}px: targets under 24 px with another within 24 px: {small[:5]}"


# -- axe and the screenshots ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations_at_390px_and_a_screenshot(phone, name):
    page = phone(390, name)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = run_axe(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => document.querySelectorAll('[data-testid=\"stMain\"], [data-testid=\"stAppViewContainer\"]').forEach(e => e.scrollTo(0, 0))")
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 390, "height": min(int(height), 20_000)})
    page.wait_for_timeout(SETTLE_MS)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 390, "height": 800})
    page.wait_for_timeout(SETTLE_MS)
    assert not violations, f"{name}: " + format_violations(violations)
