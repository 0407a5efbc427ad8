"""Planted text in a real browser: every page of both sites draws it as text, and fetches nothing.

The plan and data of tests/fixtures/hostile_text hold markdown, HTML, LaTeX, Streamlit's colour
and icon syntax and bare URLs in every text field (see its make.py), and every query parameter
the pages read (as_of, metric, present, area, advance) holds the same kind of text. On every page,
as drawn and after the interactions that draw more (the SPC view, a prepared report, the preview's
other pages, an open drop-down), the browser must have made:

* no link or image to the planted host (``a[href*="evil.example"]``, ``img[src*="evil.example"]``),
* no KaTeX from a planted ``$...$``, no element from planted HTML (``#planted``), no heading, list,
  bold, colour or icon from planted markdown,
* no request to any host but the app's own server.

The same pages are checked on the server's output, faster, in tests/test_escaping.py.
"""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.helpers import (
    REPO_ROOT,
    assert_no_exception,
    open_app,
    page_text,
    start_server,
    wait_for_app,
)
from tests.test_escaping import QUERY

HOSTILE = REPO_ROOT / "tests" / "fixtures" / "hostile_text"
ARGS = ["--targets", str(HOSTILE / "targets.yaml"), "--data", str(HOSTILE / "data"), "--as-of", "2025-08-01"]

HOSTILE_QUERY = {"as_of": QUERY, "present": QUERY}
INTERNAL = [
    ("overview", "/", {}, None),
    ("kpi", "/kpi", {"metric": "wait"}, "spc"),
    ("kpi-context", "/kpi", {"metric": "published"}, "spc"),
    ("kpi-comparison", "/kpi", {"metric": "timely"}, None),
    ("kpi-unknown", "/kpi", {"metric": QUERY}, "dropdown"),
    ("kpi-id-shaped-url", "/kpi", {"metric": "www.evil.example"}, None),
    ("off-track", "/off-track", {}, None),
    ("actions", "/actions", {}, "dropdown"),
    ("data", "/data", {}, None),
    ("reports", "/reports", {}, "prepare"),
    ("public-preview", "/public-preview", {}, "preview"),
    ("projector", "/", {"present": "1", "area": QUERY, "advance": QUERY}, None),
    ("projector-area-2", "/", {"present": "1", "area": "2"}, None),
]
PUBLIC = [
    ("progress", "/", {}, None),
    ("measure", "/kpi", {"metric": "wait"}, None),
    ("measure-context", "/kpi", {"metric": "published"}, None),
    ("measure-comparison", "/kpi", {"metric": "timely"}, None),
    ("measure-unknown", "/kpi", {"metric": QUERY}, None),
    ("measure-none", "/kpi", {}, "dropdown"),
    ("actions", "/actions", {}, None),
    ("about", "/about", {}, None),
]

# Everything the browser made of planted text: each list should be empty.
ACTED_ON = """() => {
  const main = document;
  const html = (e) => e.outerHTML.slice(0, 160);
  const own = (text) => [...main.querySelectorAll('body *')].filter(e => e.children.length === 0 && e.textContent.trim() === text).map(html);
  const holding = (selector, text) => [...main.querySelectorAll(selector)].filter(e => e.textContent.includes(text)).map(html);
  return {
    links: [...main.querySelectorAll('a[href*="evil.example"], a[*|href*="evil.example"], [data-href*="evil.example"]')].map(html),
    images: [...main.querySelectorAll('img[src*="evil.example"], img[srcset*="evil.example"], image[*|href*="evil.example"], source[srcset*="evil.example"], [style*="evil.example"]')].map(html),
    latex: [...main.querySelectorAll('.katex, .katex-display, math, mjx-container')].map(html),
    planted_html: [...main.querySelectorAll('#planted, script:not([src]):not([type])')].filter(e => e.id === 'planted' || e.textContent.includes('alert(1)')).map(html),
    headings: holding('h1, h2, h3, h4, h5, h6', 'PLANTED-HEADING'),
    lists: holding('li', 'PLANTED-LIST'),
    quotes: holding('blockquote', 'PLANTED-QUOTE'),
    bold: holding('strong, b', 'PLANTED-BOLD'),
    colour: own('PLANTED-COLOUR'),
    icons: own('skull').concat((document.body.innerText.includes('\\u{1F480}')) ? ['the :skull: emoji'] : []),
  };
}"""


def acted_on(page) -> dict[str, list[str]]:
    return {kind: found for kind, found in page.evaluate(ACTED_ON).items() if found}


def off_host(requests: list[str], server) -> list[str]:
    """Every request the page made to anywhere but the app's server (data: and blob: are local)."""
    own = urllib.parse.urlsplit(server.base_url).netloc
    out = []
    for url in requests:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.netloc != own:
            out.append(url)
    return out


def interact(page, how: str | None) -> list[str]:
    """Draw the rest of the page; return a name for each state to check."""
    if how == "spc":
        page.locator('[data-testid="stButtonGroup"] button', has_text="SPC").click()
        wait_for_app(page)
        return ["SPC view"]
    if how == "prepare":
        page.get_by_role("button", name="Prepare report").click()
        wait_for_app(page)
        assert "Ready" in page_text(page)
        return ["report prepared"]
    if how == "preview":
        states = []
        for choice in ("What we are doing", "About this data"):
            page.locator('[data-testid="stRadio"] label', has_text=choice).click()
            wait_for_app(page)
            states.append(f"preview of {choice!r}")
        return states
    if how == "dropdown":
        combo = page.locator('[data-testid="stSelectbox"] input').first
        for _ in range(3):  # on a busy machine the first click may land while the page still settles
            combo.click()
            try:
                page.wait_for_function("() => document.querySelectorAll('[role=option]').length > 0", timeout=5_000)
                return ["drop-down open"]
            except PlaywrightTimeoutError:
                page.keyboard.press("Escape")
                wait_for_app(page)
        raise AssertionError("the drop-down did not open")
    return []


@pytest.fixture(scope="module")
def internal_site():
    with start_server(ARGS) as srv:
        yield srv


@pytest.fixture(scope="module")
def public_site():
    with start_server([*ARGS, "--public"]) as srv:
        yield srv


def check_page(page, server, name: str, path: str, query: dict, how: str | None) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_app(page, server.url(path, **{**HOSTILE_QUERY, **query}))
    assert_no_exception(page)
    states = ["as drawn"]
    found = {"as drawn": acted_on(page)}
    for state in interact(page, how):
        assert_no_exception(page)
        states.append(state)
        found[state] = acted_on(page)
    problems = {state: f for state, f in found.items() if f}
    elsewhere = off_host(requests, server)
    assert not problems and not elsewhere, f"{name}: the browser acted on planted text: {problems}; requests to another host: {elsewhere}"
    if name not in ("measure-unknown",):  # the public 'not found' page repeats nothing from the link
        body = page.locator("body").inner_text()
        assert "evil.example" in body, f"{name}: no planted text is shown at all, so this page tests nothing"


@pytest.mark.parametrize("name,path,query,how", INTERNAL, ids=[p[0] for p in INTERNAL])
def test_internal_page_shows_planted_text_as_text(internal_site, page, name, path, query, how):
    check_page(page, internal_site, name, path, query, how)


@pytest.mark.parametrize("name,path,query,how", PUBLIC, ids=[p[0] for p in PUBLIC])
def test_public_page_shows_planted_text_as_text(public_site, page, name, path, query, how):
    check_page(page, public_site, name, path, query, how)


def test_the_link_date_warning_is_plain_text(internal_site, page):
    """The Hardening issue's example: a phishing link in ?as_of= is quoted in the warning, unlinked."""
    open_app(page, internal_site.url("/", as_of="Your session expired. [Sign in again](https://evil.example/sso)"))
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    assert warning.count() == 1
    assert "Your session expired. [Sign in again](https://evil.example/sso)" in warning.inner_text().replace("\u2060", "")
    assert warning.locator("a").count() == 0


def test_a_huge_advance_in_the_link_does_not_make_the_projector_spin(internal_site, page):
    frames: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _: frames.append(1)))
    open_app(page, internal_site.url("/", present="1", advance="3000000"))
    before = len(frames)
    page.wait_for_timeout(2_000)
    assert len(frames) - before < 10, f"{len(frames) - before} messages to the server in 2 s"
