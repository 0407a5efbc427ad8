"""The public site (app.py --public) in a real browser, on tests/fixtures/public.

* A deep link to an internal URL, as a fresh server's very first request, never shows internal
  content: Streamlit says "Page not found" and runs the default page; the public measure page
  says "Not found" for a non-public measure id.
* The visible text (and the DOM) of every public page holds nothing non-public, no small number,
  and the injection attempts planted in the fixture show as literal text: no link, no script,
  no image, no alert.
* axe finds no WCAG 2.2 AA violation on any public page, nor on the internal preview.
* Screenshots of each page go to tests/screenshots/public-*.png.
"""

from __future__ import annotations

import html
import re

import pytest

from tests.browser.helpers import (
    assert_no_exception,
    format_violations,
    open_app,
    page_text,
    run_axe,
    screenshot,
    start_server,
)
from tests.public_fixture import AS_OF, DATA, SMALL_VALUES, TARGETS, forbidden_strings

PUBLIC_ARGS = ["--targets", str(TARGETS), "--data", str(DATA), "--as-of", AS_OF, "--public"]
INTERNAL_ARGS = ["--targets", str(TARGETS), "--data", str(DATA), "--as-of", AS_OF]

# Internal URLs (/actions is a public page too, so it is not here).
INTERNAL_URLS = ["/off-track", "/data", "/public-preview", "/overview"]
NON_PUBLIC_METRICS = ["zanzibar_quokka", "quokka_backoffice"]
PUBLIC_METRICS = ["ehcp_20wk", "out_of_area", "srp_places", "listened_to", "injected", "not_yet"]

MY_PAGES = [("progress", "/"), ("actions", "/actions"), ("about", "/about")]
KPI_PAGES = [(f"kpi-{m}", f"/kpi?metric={m}") for m in PUBLIC_METRICS]

# Words only the internal site uses: its as-of picker, its banner, its page names.
INTERNAL_MARKERS = ["Show the plan as it stood on", "Data as at", "Preview: this is what the public site shows", "Board overview", "Data & sources", "KPI detail"]




FORBIDDEN = forbidden_strings()


def visible_text(page) -> str:
    """All the text on the page a person could read, sidebar, dialogs and the tab title included."""
    return page.title() + "\n" + page.locator("body").inner_text()


def dom_text(page) -> str:
    """The whole DOM as HTML, entities decoded (catches leaks in attributes, e.g. aria-label)."""
    return html.unescape(page.content())


def assert_nothing_internal(page, where: str) -> None:
    for text, kind in ((visible_text(page), "visible text"), (dom_text(page), "page HTML")):
        leaks = [s for s in FORBIDDEN if s in text]
        assert not leaks, f"{where}: {kind} shows non-public content: {leaks}"
        for pattern in SMALL_VALUES:
            match = re.search(pattern, text)
            assert not match, f"{where}: {kind} shows a suppressed value: ...{text[max(0, match.start() - 80): match.end() + 40]}..."
    visible = visible_text(page)
    markers = [m for m in INTERNAL_MARKERS if m in visible]
    assert not markers, f"{where}: shows internal-site wording {markers}"


def assert_injection_inert(page, where: str) -> None:
    assert page.locator("a[href*='evil']").count() == 0, f"{where}: text from the plan became a link"
    assert page.locator("script", has_text="alert(").count() == 0, f"{where}: text from the plan became a script"
    assert page.locator("img[src='x']").count() == 0, f"{where}: text from the plan became an image"
    assert page.locator("main b, [data-testid='stMain'] b").filter(has_text="soon").count() == 0, f"{where}: <b> from the plan was rendered"


def open_details(page) -> None:
    """Open every <details> so the text check and axe see the hidden explanations too."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    page.wait_for_timeout(100)


def open_page(page, url: str, dialogs: list[str]) -> None:
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(page, url)
    assert_no_exception(page)
    open_details(page)


@pytest.fixture(scope="module")
def public_site():
    with start_server(PUBLIC_ARGS) as srv:
        yield srv


# -- deep links to internal URLs, as a fresh server's first request ---------------------------------------


@pytest.mark.parametrize("path", INTERNAL_URLS)
def test_deep_link_to_an_internal_page_shows_page_not_found_and_the_public_default(fresh_server, page, path):
    srv = fresh_server(PUBLIC_ARGS)
    dialogs: list[str] = []
    open_page(page, srv.url(path), dialogs)
    notice = page.get_by_role("dialog").filter(has_text="Page not found")
    assert notice.count() == 1 and notice.is_visible(), f"{path}: no 'Page not found' notice"
    assert page.get_by_role("heading", name="Our progress", exact=True).is_visible()
    assert_nothing_internal(page, path)
    assert not dialogs
    screenshot(page, f"public-deep-link-{path.strip('/')}", full_page=False)


@pytest.mark.parametrize("metric_id", NON_PUBLIC_METRICS)
def test_deep_link_to_a_non_public_measure_says_not_found(fresh_server, page, metric_id):
    srv = fresh_server(PUBLIC_ARGS)
    dialogs: list[str] = []
    open_page(page, srv.url("kpi", metric=metric_id), dialogs)
    assert "not found" in page_text(page).lower(), f"/kpi?metric={metric_id}: the public measure page should say not found"
    assert_nothing_internal(page, f"/kpi?metric={metric_id}")
    screenshot(page, f"public-deep-link-kpi-{metric_id}", full_page=False)


# -- every public page: no leak, injection inert, no axe violation -------------------------------------------


@pytest.mark.parametrize("name,path", MY_PAGES + KPI_PAGES, ids=[p[0] for p in MY_PAGES + KPI_PAGES])
def test_public_page_shows_nothing_internal_and_injection_as_text(public_site, page, name, path):
    dialogs: list[str] = []
    open_page(page, public_site.base_url + path, dialogs)
    assert_nothing_internal(page, path)
    assert_injection_inert(page, path)
    assert not dialogs, f"{path}: a script ran: {dialogs}"
    screenshot(page, f"public-{name}")


@pytest.mark.parametrize("name,path", MY_PAGES + KPI_PAGES, ids=[p[0] for p in MY_PAGES + KPI_PAGES])
def test_public_page_has_no_axe_violations(public_site, page, name, path):
    open_page(page, public_site.base_url + path, [])
    violations = run_axe(page)
    assert not violations, f"{path}: " + format_violations(violations)


def test_injection_attempts_show_as_literal_text(public_site, page):
    open_page(page, public_site.base_url + "/", [])
    text = page_text(page)
    assert "<script>alert(1)</script> [click](http://evil.example) Waiting list" in text
    assert "<img src=x onerror=alert(3)> _emphasis_ [link](http://evil.example)" in text
    open_page(page, public_site.base_url + "/actions", [])
    text = page_text(page)
    assert "Open new specialist resourced provisions (SRPs) <b>soon</b>" in text
    assert '<script>alert(2)</script> **bold** [click](http://evil.example) <a href="http://evil.example">evil</a>' in text


def test_public_navigation_lists_only_public_pages(public_site, page):
    open_page(page, public_site.base_url + "/", [])
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # the public pages draw their own menu
    nav = page.get_by_role("navigation", name="Menu").locator("a")
    names = [nav.nth(i).inner_text().strip() for i in range(nav.count())]
    # the measure page is reached from a measure's link, so it is not in the menu
    assert names == ["Our progress", "What we are doing", "About this data"]
    hrefs = [nav.nth(i).get_attribute("href") or "" for i in range(nav.count())]
    for internal in INTERNAL_URLS:
        assert not any(h.rstrip("/").endswith(internal) for h in hrefs), hrefs


def test_progress_page_reads_in_plain_english(public_site, page):
    open_page(page, public_site.base_url + "/", [])
    text = page_text(page)
    assert "Figures as at 1 Aug 2025" in text
    assert "special educational needs and disabilities (SEND)" in text
    assert "New education, health and care plans (EHCPs) issued within 20 weeks" in text
    for word in ("✖ Off track", "✔ On track", "★ Target met", "▲ A little behind", "○ No figures yet"):
        assert word in text
    assert "Fewer than 5" in text and "Withheld" in text
    # a measure links to its public page, and that page opens
    page.get_by_role("link", name="See the figures over time for Places in specialist resourced provisions (SRPs)").click()  # as the card's heading
    page.wait_for_url("**/kpi?metric=srp_places")
    open_app(page, page.url)
    assert "Places in SRPs" in page_text(page)


# -- the internal preview -------------------------------------------------------------------------------------


def test_internal_preview_matches_the_public_page_and_passes_axe(fresh_server, public_site, page):
    srv = fresh_server(INTERNAL_ARGS)
    open_page(page, srv.url("public-preview"), [])
    assert page.get_by_text("Preview: this is what the public site shows").is_visible()
    main = page.locator('[data-testid="stMain"]')
    preview = main.locator('[data-testid="stHtml"]').all_inner_texts()
    screenshot(page, "public-preview-internal")
    violations = run_axe(page)
    assert not violations, format_violations(violations)

    open_page(page, public_site.base_url + "/", [])
    public = main.locator('[data-testid="stHtml"]').all_inner_texts()
    menu = page.get_by_role("navigation", name="Menu").inner_text()
    public = [t for t in public if t != menu]  # the public site's own menu is not part of the preview
    # the preview ends with exactly the public page (the internal site may put its own notices above it)
    assert preview[-len(public):] == public


def test_the_public_site_shows_no_streamlit_chrome(public_site, page):
    """Families see the site, not the tool: no menu ("Record screen", "Made with Streamlit"), toolbar,
    running indicator or deploy button."""
    open_page(page, public_site.base_url + "/", [])
    for chrome in ('[data-testid="stToolbar"]', '[data-testid="stMainMenu"]', '[data-testid="stStatusWidget"]', '[data-testid="stAppDeployButton"]'):
        locator = page.locator(chrome)
        assert locator.count() == 0 or not locator.first.is_visible(), chrome
