"""Following every kind of internal link in a real browser keeps the chosen as-of date: a board
paper's view of 1 Jan 2025 opens each KPI, the off-track rows, the other pages and the projector
as they stood then, never silently as today."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import REPO_ROOT, assert_no_exception, open_app, wait_for_app

SMALL = REPO_ROOT / "tests" / "fixtures" / "small"
CHOSEN = "2025-01-01"
SHOWN = "1 Jan 2025"


@pytest.fixture(scope="module")
def dated_server():
    """The small plan with no --as-of: the date comes from the link alone."""
    from tests.browser.helpers import start_server

    with start_server(["--targets", str(SMALL / "targets.yaml"), "--data", str(SMALL / "data")]) as srv:
        yield srv


def _banner(page) -> str:
    return page.locator("p.banner").first.inner_text()


def _follow(page, locator) -> None:
    locator.click()
    page.wait_for_load_state()
    wait_for_app(page)
    assert_no_exception(page)


def _open(page, link):
    """Follow a link button: the page it lands on (Streamlit's link buttons open a new tab)."""
    if link.get_attribute("target") != "_blank":
        _follow(page, link)
        return page
    with page.context.expect_page() as opened:
        link.click()
    landed = opened.value
    landed.wait_for_load_state()
    wait_for_app(landed)
    assert_no_exception(landed)
    return landed


def _assert_dated(page, path: str) -> None:
    assert re.search(rf"/{path}\?(.*&)?as_of={CHOSEN}", page.url) or (path == "" and f"as_of={CHOSEN}" in page.url), page.url
    assert SHOWN in _banner(page), _banner(page)


def test_tile_picker_sidebar_and_off_track_links_keep_the_date(dated_server, page):
    open_app(page, dated_server.url("/", as_of=CHOSEN))
    assert SHOWN in _banner(page)

    # a KPI tile on the board overview
    _follow(page, page.locator('a[href^="kpi?"]').first)
    _assert_dated(page, "kpi")

    # the sidebar's page links
    _follow(page, page.get_by_role("link", name="Off track"))
    page.wait_for_function(f"() => location.search.includes('as_of={CHOSEN}')")
    _assert_dated(page, "off-track")

    # an off-track row
    _follow(page, page.locator('a[href^="kpi?"]').first)
    _assert_dated(page, "kpi")

    # the KPI picker (the KPI page with no KPI in its link), reached from another page
    _follow(page, page.get_by_role("link", name="Actions"))
    _follow(page, page.get_by_role("link", name="KPI detail"))
    page.wait_for_function(f"() => location.search.includes('as_of={CHOSEN}')")
    page.get_by_role("combobox", name=re.compile("KPI")).click()
    page.get_by_role("option").nth(1).click()
    page.wait_for_function("() => location.search.includes('metric=')")
    wait_for_app(page)
    _assert_dated(page, "kpi")


def test_projector_links_and_slide_changes_keep_the_date(dated_server, page_large):
    page = page_large
    open_app(page, dated_server.url("/", as_of=CHOSEN))
    page = _open(page, page.get_by_role("link", name="Projector mode"))
    assert "present=1" in page.url and f"as_of={CHOSEN}" in page.url
    assert SHOWN in page.locator("main").inner_text()

    page.keyboard.press("PageDown")
    page.wait_for_function("() => location.search.includes('slide=2')")
    wait_for_app(page)
    assert f"as_of={CHOSEN}" in page.url

    page = _open(page, page.get_by_role("link", name="Leave projector mode"))
    assert "present" not in page.url and f"as_of={CHOSEN}" in page.url
    assert SHOWN in _banner(page)
