"""Reusable machinery for the browser (end-to-end) tests.

Start a real Streamlit server, drive it with Playwright + Debian's headless
Chromium, and check what a user would see.

    from tests.browser.helpers import open_app, assert_no_exception, ...

Fixtures built on these live in ``tests/browser/conftest.py``
(``server``, ``public_server``, ``fresh_server``, ``browser``, ``page``,
``page_large``, ``new_page``).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator, Sequence

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "tests" / "screenshots"

#: Debian's Chromium; `playwright install` cannot download browsers here.
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
#: Without these Chromium tries to reach the (closed) network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

VIEWPORT = {"width": 1366, "height": 900}
VIEWPORT_LARGE = {"width": 1920, "height": 1080}

SERVER_START_TIMEOUT_S = 30.0
APP_RUN_TIMEOUT_MS = 30_000
SETTLE_MS = 300

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# --------------------------------------------------------------------------
# Streamlit server
# --------------------------------------------------------------------------


@dataclass
class Server:
    """A running ``streamlit run`` process (see :func:`start_server`)."""

    port: int
    app: Path
    app_args: list[str]
    process: subprocess.Popen
    _stdout: IO[bytes] = field(repr=False)
    _stderr: IO[bytes] = field(repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/", **query: str) -> str:
        """Absolute URL for an app path, e.g. ``server.url("kpi", metric="ehcp_20wk")``."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        return url

    def is_running(self) -> bool:
        return self.process.poll() is None

    def stderr(self) -> str:
        """Everything the server has written to stderr so far."""
        return _read_log(self._stderr)

    def stdout(self) -> str:
        return _read_log(self._stdout)

    def logs(self) -> str:
        return f"--- stdout ---\n{self.stdout()}\n--- stderr ---\n{self.stderr()}"


def _read_log(f: IO[bytes]) -> str:
    try:
        return Path(f.name).read_text(errors="replace")
    except OSError:
        return "<log unavailable>"


def find_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health_ok(port: int) -> bool:
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/_stcore/health", timeout=1
        ) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _stop_process_group(proc: subprocess.Popen, grace_s: float = 5.0) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace_s)


@contextlib.contextmanager
def start_server(
    app_args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    *,
    app: str | os.PathLike = "app.py",
    timeout_s: float = SERVER_START_TIMEOUT_S,
) -> Iterator[Server]:
    """Start ``streamlit run <app> -- <app_args>`` on a free port; yield a :class:`Server`.

    Runs from the repo root (so ``.streamlit/config.toml`` applies) with the
    Python running pytest (i.e. the same venv). Waits until
    ``/_stcore/health`` answers ``ok``; on failure the error contains the
    server's output. The whole process group is killed on exit.

    ``app`` is relative to the repo root unless absolute. ``env`` entries are
    added to (and override) the current environment.
    """
    app_path = Path(app)
    if not app_path.is_absolute():
        app_path = REPO_ROOT / app_path
    if not app_path.exists():
        raise FileNotFoundError(f"Streamlit app not found: {app_path}")

    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    last_error = ""
    for _attempt in range(3):  # retry only if we lose a race for the port
        port = find_free_port()
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(app_path),
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
            "--", *app_args,
        ]  # fmt: skip
        out = tempfile.NamedTemporaryFile(prefix="streamlit-out-", suffix=".log", delete=False)
        err = tempfile.NamedTemporaryFile(prefix="streamlit-err-", suffix=".log", delete=False)
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,  # own process group, so we can kill it all
        )
        server = Server(port, app_path, list(app_args), proc, out, err)
        try:
            deadline = time.monotonic() + timeout_s
            while not _health_ok(port):
                if not server.is_running():
                    break
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            else:
                yield server
                return
            exited = not server.is_running()
            last_error = (
                f"Streamlit server for {app_path.name} {list(app_args)} "
                + (
                    f"exited with code {proc.returncode}"
                    if exited
                    else f"did not answer /_stcore/health within {timeout_s:.0f} s"
                )
                + f" (port {port}).\ncommand: {' '.join(cmd)}\n{server.logs()}"
            )
            if exited and "already in use" in server.logs():
                continue
            raise RuntimeError(last_error)
        finally:
            _stop_process_group(proc)
            for f in (out, err):
                f.close()
                with contextlib.suppress(OSError):
                    os.unlink(f.name)
    raise RuntimeError(last_error)


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------

# True once the app has finished running the script and drawn every visible
# plotly chart. Streamlit publishes its state on the root element:
#   <div data-testid="stApp" data-test-connection-state="CONNECTED"
#        data-test-script-state="initial|running|notRunning|rerunRequested|...">
_APP_READY_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const state = app.getAttribute('data-test-script-state');
  if (state !== 'notRunning' && state !== 'compilationError') return false;
  if (document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]')) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    const visible = chart.getClientRects().length > 0;
    if (visible && !chart.querySelector('.js-plotly-plot .main-svg')) return false;
  }
  return true;
}
"""

_APP_STATE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return {
    stApp: !!app,
    connection: app && app.getAttribute('data-test-connection-state'),
    script: app && app.getAttribute('data-test-script-state'),
    skeletons: document.querySelectorAll('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]').length,
    plotlyCharts: charts.length,
    plotlyDrawn: charts.filter(c => c.querySelector('.js-plotly-plot .main-svg')).length,
  };
}
"""


def wait_for_app(page, timeout_ms: int = APP_RUN_TIMEOUT_MS, settle_ms: int = SETTLE_MS) -> None:
    """Wait until the current script run has finished and charts are drawn.

    Use after any interaction that makes Streamlit rerun (clicking a widget,
    changing a select box, ...). Checks readiness twice, ``settle_ms`` apart,
    so a rerun that starts straight after a run (``st.rerun``) isn't missed.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.wait_for_timeout(150)  # let a just-triggered rerun flip the state first
    deadline = time.monotonic() + timeout_ms / 1000
    try:
        while True:
            remaining = max(1, int((deadline - time.monotonic()) * 1000))
            page.wait_for_function(_APP_READY_JS, timeout=remaining, polling=100)
            page.wait_for_timeout(settle_ms)
            if page.evaluate(_APP_READY_JS):
                return
            if time.monotonic() > deadline:
                raise PlaywrightTimeoutError("app became busy again")
    except PlaywrightTimeoutError as e:
        try:
            state = page.evaluate(_APP_STATE_JS)
        except Exception as inner:  # noqa: BLE001 - diagnostics only
            state = f"<could not read state: {inner}>"
        raise AssertionError(
            f"Streamlit app at {page.url} did not finish within {timeout_ms / 1000:.0f} s "
            f"(expected stApp CONNECTED + script state notRunning, no skeletons, every "
            f"visible plotly chart drawn). Current state: {state}"
        ) from e


def open_app(page, url: str, timeout_ms: int = APP_RUN_TIMEOUT_MS, settle_ms: int = SETTLE_MS):
    """Navigate to ``url`` and wait until the Streamlit script has finished running.

    Returns the Playwright response of the navigation.
    """
    response = page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    if response is not None and not response.ok:
        raise AssertionError(f"GET {url} returned HTTP {response.status}")
    wait_for_app(page, timeout_ms=timeout_ms, settle_ms=settle_ms)
    return response


def main_area(page):
    """Locator for the main content area (excludes sidebar and header)."""
    return page.locator('[data-testid="stMain"]')


def page_text(page) -> str:
    """Visible text of the main content area."""
    main = main_area(page)
    if main.count():
        return main.inner_text()
    return page.locator("body").inner_text()


def assert_no_exception(page) -> None:
    """Fail if Streamlit shows an exception box or any traceback text."""
    problems = []
    boxes = page.locator('[data-testid="stException"]')
    for i in range(boxes.count()):
        problems.append(f"stException #{i + 1}:\n{boxes.nth(i).inner_text()}")
    body = page.locator("body").inner_text()
    if "Traceback" in body and not problems:
        idx = body.index("Traceback")
        problems.append(f"'Traceback' in page text:\n{body[max(0, idx - 200): idx + 1500]}")
    if problems:
        raise AssertionError(f"Exception shown on {page.url}:\n" + "\n\n".join(problems))


# --------------------------------------------------------------------------
# Screenshots
# --------------------------------------------------------------------------

_SCROLL_HEIGHT_JS = """
() => {
  const els = [document.documentElement, document.body,
    ...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebarContent"]')];
  return Math.max(...els.filter(Boolean).map(e => e.scrollHeight));
}
"""


def screenshot(page, name: str, *, full_page: bool = True, max_height: int = 20_000) -> Path:
    """Save a PNG of the page to ``tests/screenshots/<name>.png`` and return its path.

    Streamlit scrolls inside its own container, so Playwright's ``full_page``
    alone only captures the viewport; we temporarily make the viewport as tall
    as the content instead.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "screenshot"
    path = SCREENSHOT_DIR / f"{safe}.png"
    original = page.viewport_size
    try:
        if full_page and original:
            height = min(int(page.evaluate(_SCROLL_HEIGHT_JS)), max_height)
            if height > original["height"]:
                page.set_viewport_size({"width": original["width"], "height": height})
                page.wait_for_timeout(SETTLE_MS)
        page.screenshot(path=str(path), full_page=full_page)
    finally:
        if original and page.viewport_size != original:
            page.set_viewport_size(original)
    return path


# --------------------------------------------------------------------------
# Accessibility (axe-core via axe-playwright-python)
# --------------------------------------------------------------------------


def run_axe(page, context: str | dict | None = None, tags: Sequence[str] = WCAG_TAGS) -> list[dict]:
    """Run axe-core on the page; return the list of violations (axe's JSON).

    ``context`` is an optional CSS selector (e.g. ``'[data-testid="stMain"]'``)
    or an axe context dict of plain strings/lists
    (e.g. ``{"exclude": [["[data-testid='stToolbar']"]]}``).
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
        # Streamlit has no iframes of its own; without this axe waits for
        # answers from frames it was never injected into.
        "iframes": False,
    }
    results = Axe().run(page, context=context, options=options)
    return list(results.response["violations"])


def format_violations(violations: list[dict], max_nodes: int = 5, max_html: int = 200) -> str:
    """Readable summary of axe violations, for assertion messages."""
    if not violations:
        return "No accessibility violations."
    lines = [f"{len(violations)} accessibility violation(s):"]
    for v in violations:
        nodes = v.get("nodes", [])
        lines.append(
            f"- {v.get('id')} [{v.get('impact')}] {v.get('help')} "
            f"({len(nodes)} element(s)) {v.get('helpUrl', '')}".rstrip()
        )
        for node in nodes[:max_nodes]:
            target = ", ".join(
                " >> ".join(t) if isinstance(t, list) else str(t) for t in node.get("target", [])
            )
            html = " ".join(str(node.get("html", "")).split())
            if len(html) > max_html:
                html = html[: max_html - 3] + "..."
            lines.append(f"    target: {target}")
            lines.append(f"      html: {html}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + " ".join(summary.split())[:300])
        if len(nodes) > max_nodes:
            lines.append(f"    ... and {len(nodes) - max_nodes} more")
    return "\n".join(lines)
