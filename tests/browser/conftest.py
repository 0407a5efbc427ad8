"""Fixtures for the browser tests: Streamlit servers and headless Chromium pages.

Servers
    server          session: internal site on the sample data (app.py --targets targets.yaml --data sample_data)
    public_server   session: same with --public
    fresh_server    function: factory, ``fresh_server(app_args=[...], env=None, app="app.py") -> Server``,
                    a brand-new server per call (e.g. a deep link as the very first request)

Browser
    browser         session: Playwright Chromium (/usr/bin/chromium, headless)
    page            function: new page, viewport 1366x900
    page_large      function: new page, viewport 1920x1080
    new_page        function: factory, ``new_page(viewport=None, **context_kwargs) -> Page``

Every test in this directory is marked ``browser`` automatically.
Helpers (open_app, assert_no_exception, screenshot, run_axe, ...) live in
``tests/browser/helpers.py``.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.browser.helpers import (
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    REPO_ROOT,
    VIEWPORT,
    VIEWPORT_LARGE,
    start_server,
)

DEFAULT_APP_ARGS = ["--targets", "targets.yaml", "--data", "sample_data"]
PUBLIC_APP_ARGS = [*DEFAULT_APP_ARGS, "--public"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _require_app() -> None:
    if not (REPO_ROOT / "app.py").exists():
        pytest.fail(f"{REPO_ROOT / 'app.py'} does not exist yet")


# --- servers ------------------------------------------------------------------


@pytest.fixture(scope="session")
def server():
    """Internal dashboard on the bundled sample data, shared by the session."""
    _require_app()
    with start_server(DEFAULT_APP_ARGS) as srv:
        yield srv


@pytest.fixture(scope="session")
def public_server():
    """Public dashboard (--public) on the bundled sample data, shared by the session."""
    _require_app()
    with start_server(PUBLIC_APP_ARGS) as srv:
        yield srv


@pytest.fixture
def fresh_server():
    """Factory for a freshly started server, stopped at the end of the test.

    ``fresh_server()`` gives the default internal site;
    ``fresh_server(["--data", "x", "--public"], env={...}, app=path)`` anything else.
    """
    with ExitStack() as stack:

        def factory(app_args=None, env=None, app="app.py"):
            args = DEFAULT_APP_ARGS if app_args is None else list(app_args)
            return stack.enter_context(start_server(args, env=env, app=app))

        yield factory


# --- browser --------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not os.path.exists(CHROMIUM_PATH):
        pytest.fail(
            f"Chromium not found at {CHROMIUM_PATH}. Install the Debian package "
            "'chromium' (apt-get install -y chromium) or set CHROMIUM_PATH."
        )
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser):
    """Factory: ``new_page(viewport=None, **context_kwargs)`` -> a Page in its own context."""
    contexts = []

    def factory(viewport=None, **context_kwargs):
        context = browser.new_context(
            viewport=dict(viewport or VIEWPORT), locale="en-GB", timezone_id="Europe/London",
            **context_kwargs,
        )
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A fresh page, 1366x900."""
    return new_page(VIEWPORT)


@pytest.fixture
def page_large(new_page):
    """A fresh page, 1920x1080."""
    return new_page(VIEWPORT_LARGE)
