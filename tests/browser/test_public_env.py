"""DASHBOARD_PUBLIC=1 alone (no ``--public`` flag) makes a fresh server serve the public site.

README: "| `--public` | `DASHBOARD_PUBLIC=1` | serve the public site only |". A deployment that sets
the environment variable and forgets the flag must still never show internal pages:

* the home page is the public "Our progress" page, with only the public menu;
* an internal URL deep-linked as a fresh server's very first request shows Streamlit's
  "Page not found" and the public home, never internal content.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import assert_no_exception, open_app, page_text, screenshot
from tests.public_fixture import AS_OF, DATA, TARGETS, forbidden_strings

# No --public here: the environment variable alone must choose the public site.
ARGS = ["--targets", str(TARGETS), "--data", str(DATA), "--as-of", AS_OF]
ENV = {"DASHBOARD_PUBLIC": "1"}

INTERNAL_URLS = ["/overview", "/off-track", "/reports"]
# Words only the internal site shows: its as-of picker, its banner, its page names.
# ("Off track" is not one: the public site uses it as a status word.)
INTERNAL_MARKERS = ["Show the plan as it stood on", "Data as at", "Board overview", "KPI detail", "Data & sources", "Prepare report", "Preview public view"]
PUBLIC_MENU = ["Our progress", "What we are doing", "About this data"]


def start_public_by_env(fresh_server):
    """A brand-new server with DASHBOARD_PUBLIC=1 and no --public flag."""
    assert "--public" not in ARGS
    return fresh_server(ARGS, env=ENV)


def visible_text(page) -> str:
    return page.title() + "\n" + page.locator("body").inner_text()


def assert_public_site(page, where: str) -> None:
    assert_no_exception(page)
    assert page.get_by_role("heading", name="Our progress", exact=True).is_visible(), f"{where}: no public 'Our progress' heading"
    assert "Figures as at 1 Aug 2025" in page_text(page), f"{where}: no public 'Figures as at' banner"
    text = visible_text(page)
    shown = [m for m in INTERNAL_MARKERS if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", text)]
    assert not shown, f"{where}: shows internal-site wording {shown}"
    leaks = [s for s in forbidden_strings() if s in text]
    assert not leaks, f"{where}: shows non-public content {leaks}"
    nav = page.get_by_role("navigation", name="Menu").locator("a")  # the public pages' own menu (ui.public.MENU)
    assert [nav.nth(i).inner_text().strip() for i in range(nav.count())] == PUBLIC_MENU, f"{where}: not the public menu"


def test_env_alone_serves_the_public_home(fresh_server, page):
    srv = start_public_by_env(fresh_server)
    open_app(page, srv.url("/"))
    assert_public_site(page, "/")
    assert page.title() == "SEND partnership progress"
    assert page.get_by_role("dialog").filter(has_text="Page not found").count() == 0
    screenshot(page, "public-env-home", full_page=False)


@pytest.mark.parametrize("path", INTERNAL_URLS)
def test_env_alone_internal_deep_link_is_page_not_found(fresh_server, page, path):
    srv = start_public_by_env(fresh_server)
    open_app(page, srv.url(path))  # the server's very first page request
    notice = page.get_by_role("dialog").filter(has_text="Page not found")
    assert notice.count() == 1 and notice.is_visible(), f"{path}: no 'Page not found' notice with DASHBOARD_PUBLIC=1"
    assert_public_site(page, path)
    screenshot(page, f"public-env-deep-link-{path.strip('/')}", full_page=False)
