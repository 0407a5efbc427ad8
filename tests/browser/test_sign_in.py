"""Sign-in through a real OpenID Connect flow: Streamlit's st.login against a local
``oidc-provider-mock`` server, whose authorize page lets the test type who it is.

The internal site shows a signed-out visitor only the sign-in page (no plan title, no figure);
a listed editor signs in and sees the board overview and the "Enter figures" page; an address that
is not on the access list is told so and sees no figure; a viewer sees no editor page.

The server runs in a temporary folder's secrets file (STREAMLIT_SECRETS_FILES): no secrets.toml is
ever written into the repository.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.browser.helpers import (
    REPO_ROOT,
    SERVER_START_TIMEOUT_S,
    Server,
    _health_ok,
    _stop_process_group,
    assert_no_exception,
    find_free_port,
    open_app,
    screenshot,
    wait_for_app,
)

PLAN_TITLE = "Test partnership plan"  # tests/fixtures/small: a small plan keeps the test quick
EDITOR = "data.officer@example.org"
VIEWER = "reader@example.org"
STRANGER = "someone@elsewhere.test"
ACCESS = f"""\
people:
  {EDITOR}: editor
domains:
  example.org: viewer
"""


@pytest.fixture(scope="module")
def provider():
    """The OIDC provider: any client id and secret are accepted, and the authorize page asks for a 'sub'
    (which it also gives as the email claim)."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@contextlib.contextmanager
def _server_with_secrets(folder: Path, provider: str, app_args: list[str]):
    """``streamlit run app.py`` on a port chosen first, because the redirect URI in the secrets names it."""
    port = find_free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-of-no-value"\n'
        'client_id = "dashboard-test"\n'
        'client_secret = "dashboard-test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
        "--", *app_args,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "STREAMLIT_SECRETS_FILES": str(secrets)}
    out = open(folder / "out.log", "wb")
    err = open(folder / "err.log", "wb")
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
    server = Server(port, REPO_ROOT / "app.py", app_args, proc, out, err)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _health_ok(port):
            if not server.is_running() or time.monotonic() > deadline:
                raise RuntimeError(f"the signed-in server did not start\n{server.logs()}")
            time.sleep(0.2)
        yield server
    finally:
        _stop_process_group(proc)
        out.close()
        err.close()


@pytest.fixture(scope="module")
def signed_server(provider):
    with tempfile.TemporaryDirectory(prefix="sign-in-") as tmp:
        folder = Path(tmp)
        (folder / "access.yaml").write_text(ACCESS, encoding="utf-8")
        small = REPO_ROOT / "tests" / "fixtures" / "small"
        args = ["--targets", str(small / "targets.yaml"), "--data", str(small / "data"), "--as-of", "2025-08-01", "--access", str(folder / "access.yaml")]
        args += ["--db", f"sqlite:///{folder / 'dashboard.db'}"]
        with _server_with_secrets(folder, provider, args) as server:
            yield server


def app_url(server: Server, path: str = "/") -> str:
    # The redirect URI says localhost: the cookie Streamlit sets after sign-in belongs to that name.
    return f"http://localhost:{server.port}/{path.lstrip('/')}"


def sign_in(page, server: Server, who: str) -> None:
    open_app(page, app_url(server))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.locator('input[name="sub"]').fill(who)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"http://localhost:{server.port}/**")
    wait_for_app(page)
    assert_no_exception(page)


def shown(page, where: str = '[data-testid="stMain"]') -> str:
    """The visible text, without the invisible word joiner md() puts after '@' (so no address becomes a link)."""
    return page.locator(where).inner_text().replace("\u2060", "")


def menu(page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [links.nth(i).inner_text().strip() for i in range(links.count())]


def assert_nothing_from_the_plan(page, where: str) -> None:
    text = page.title() + "\n" + page.locator("body").inner_text()
    assert PLAN_TITLE not in text, f"{where}: the plan's title is shown"
    assert page.locator('[data-testid="stPlotlyChart"], article.tile, img').count() == 0, f"{where}: a figure is shown"
    assert menu(page) == [], f"{where}: the menu is shown: {menu(page)}"


def test_a_signed_out_visitor_sees_only_the_sign_in_page(signed_server, page):
    for path in ("/", "/kpi"):
        open_app(page, app_url(signed_server, path))
        assert_no_exception(page)
        assert page.get_by_role("button", name="Sign in").is_visible(), path
        assert "Sign in with your work account" in shown(page)
        assert_nothing_from_the_plan(page, path)
    screenshot(page, "sign-in-page", full_page=False)


def test_a_listed_editor_signs_in_and_sees_the_overview_and_the_editor_page(signed_server, page):
    sign_in(page, signed_server, EDITOR)
    assert PLAN_TITLE in shown(page)
    assert page.locator("article.tile").count() > 0, "no KPI tile on the overview"
    assert f"Signed in as {EDITOR} (editor)" in shown(page, '[data-testid="stSidebar"]')
    assert "Enter figures" in menu(page)
    assert "Audit trail" not in menu(page)
    screenshot(page, "signed-in-editor", full_page=False)


def test_an_address_not_on_the_list_is_told_so_and_sees_no_figure(signed_server, page):
    sign_in(page, signed_server, STRANGER)
    assert f"You are signed in as {STRANGER}, which is not on the access list" in shown(page)
    assert_nothing_from_the_plan(page, "unlisted")
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_a_viewer_from_a_listed_domain_sees_no_editor_page(signed_server, page):
    sign_in(page, signed_server, VIEWER)
    assert PLAN_TITLE in shown(page)
    assert f"Signed in as {VIEWER} (viewer)" in shown(page, '[data-testid="stSidebar"]')
    assert "Board overview" in menu(page)
    assert "Enter figures" not in menu(page) and "Audit trail" not in menu(page)
    open_app(page, app_url(signed_server, "/enter-figures"))
    assert "Add an observation" not in shown(page)
