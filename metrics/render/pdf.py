"""HTML -> PDF: A4 pages, page numbers, contents with page numbers, tagged PDF.

Two engines, one result. **Chromium's print-to-PDF** (Debian's ``chromium`` through Playwright)
when the machine has it (``make run`` and ``make test`` install Debian's when they can): the
sample's 28-page progress report in about 2.6 s, its two prints included, where WeasyPrint takes
8-10 s (README, Performance). **WeasyPrint** otherwise: a Python library (no browser process),
whose one system need is Pango (Debian: ``libpango-1.0-0``, ``libpangoft2-1.0-0``, which
``make run`` and ``make test`` install when missing).

Both draw the report's ``@page`` margin boxes ("Page 3 of 12") and write a tagged PDF (headings,
tables, the document's language and title), so screen readers can follow it. WeasyPrint fills the
contents' page numbers from ``target-counter()``; Chromium has no ``target-counter()``, so the
contents is printed once, the page of each section read from the PDF's named destinations
(pypdf), and the numbers written in for the second, final print.

The report never refers to anything outside itself. WeasyPrint's fetcher allows ``data:`` URLs
only; Chromium's page runs no script and is offline, every request but ``data:`` is refused, and
its own preconnects go to a dead proxy with no name resolved: so rendering cannot reach the
network or read local files (tests/test_report.py listens for a connection).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Literal, get_args

PdfEngine = Literal["auto", "chromium", "weasyprint"]  # "auto": Chromium where it is here and starts, else WeasyPrint

INSTALL_HINT = (
    "PDF output needs WeasyPrint and the Pango library. Install them with "
    "'.venv/bin/pip install -r requirements.txt' and (Debian/Ubuntu, as root) "
    "'apt-get install -y libpango-1.0-0 libpangoft2-1.0-0', or run 'make run' once. "
    "The HTML report needs neither."
)


CHROMIUM_HINT = (
    "Quick PDFs need Chromium (Debian/Ubuntu, as root: 'apt-get install -y chromium'; or set CHROMIUM_PATH) "
    "with Playwright and pypdf ('.venv/bin/pip install -r requirements.txt'); without them WeasyPrint makes the PDF."
)


class PdfUnavailable(RuntimeError):
    """The PDF tool (WeasyPrint, or the Pango library it needs) is not installed."""


def _weasyprint():
    try:
        import weasyprint  # noqa: PLC0415 (imported on first use: the HTML report does not need it)
    except ImportError as exc:  # not installed
        raise PdfUnavailable(f"{INSTALL_HINT} ({exc})") from None
    except OSError as exc:  # installed, but Pango (a system library) is missing
        raise PdfUnavailable(f"{INSTALL_HINT} ({str(exc).splitlines()[0]})") from None
    return weasyprint


def pdf_unavailable_reason(engine: PdfEngine = "auto") -> str | None:
    """None when PDFs can be made here (by ``engine``: "auto" is either), else what to install."""
    if engine != "weasyprint" and chromium_path() is not None:
        return None
    if engine == "chromium":
        return CHROMIUM_HINT
    try:
        _weasyprint()
    except PdfUnavailable as exc:
        return str(exc)
    return None


def html_to_pdf(html: str, engine: PdfEngine = "auto") -> bytes:
    """The PDF of a self-contained HTML document (A4, tagged). ``engine``: "auto" (Chromium when
    this machine has it and it starts, else WeasyPrint), "chromium" or "weasyprint"."""
    if engine not in get_args(PdfEngine):
        raise ValueError(f"unknown PDF engine {engine!r}")
    if engine == "chromium" or (engine == "auto" and not _FAILED.is_set() and chromium_path() is not None):
        pdf = _CHROMIUM.submit(_chromium_pdf, html, engine == "chromium").result()
        if pdf is not None:
            return pdf
    return _weasyprint_pdf(html)


def _weasyprint_pdf(html: str) -> bytes:
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    fetcher = URLFetcher(allowed_protocols={"data"})
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)  # its CSS warnings are for developers, not for a board member's terminal
    try:
        document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=None, media_type="print")
        return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    finally:
        logger.setLevel(level)


# -- Chromium -----------------------------------------------------------------------------------

_LOG = logging.getLogger(__name__)
_CHROMIUM_ARGS = [
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Request interception (below) does not see Chromium's own preconnects to hosts a document
    # names: every connection goes to a proxy on the closed discard port, and no name resolves.
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND", "--dns-prefetch-disable",
]  # fmt: skip
# Chromium ignores the contents' ``leader() target-counter()`` rule (it can draw neither): after a
# first print, each link of the contents is given its section's page as text, after a dotted
# leader of the same look (DOM nodes, text only: nothing from the report is parsed as markup).
_NUMBER_CONTENTS_JS = """
(pages) => {
  if (!document.getElementById('toc-pages-css')) {
    const style = document.createElement('style');
    style.id = 'toc-pages-css';
    style.textContent = 'nav li { display: flex; align-items: baseline; } nav li a { flex: none; max-width: 88%; }'
      + ' nav .toc-leader { flex: 1 1 auto; border-bottom: 1px dotted #0b0c0c; margin: 0 1mm; } nav .toc-page { flex: none; }';
    document.head.appendChild(style);
  }
  let numbered = 0;
  for (const link of document.querySelectorAll('nav[aria-labelledby="contents"] li > a[href^="#"]')) {
    link.parentElement.querySelectorAll('.toc-leader, .toc-page').forEach((old) => old.remove());
    const page = pages[decodeURIComponent(link.getAttribute('href').slice(1))];
    if (page === undefined) continue;
    const leader = document.createElement('span');
    leader.className = 'toc-leader';
    leader.setAttribute('aria-hidden', 'true');
    const number = document.createElement('span');
    number.className = 'toc-page';
    number.textContent = String(page);
    link.parentElement.append(leader, number);
    numbered += 1;
  }
  return numbered;
}
"""
_PASSES = 3  # the contents' numbers never move a section in practice; a third print if they ever do


def chromium_path() -> str | None:
    """Chromium's executable when it and Playwright are here: ``CHROMIUM_PATH``, else ``chromium`` on PATH."""
    try:
        import playwright  # noqa: F401, PLC0415
        import pypdf  # noqa: F401, PLC0415
    except ImportError:
        return None
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    return path if path and os.access(path, os.X_OK) else None


# Chromium is driven from one thread of its own: Playwright's objects belong to the thread that
# made them, and its synchronous API would leave an event loop in a caller's thread.
_CHROMIUM = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium-pdf")
_PRINTER: _ChromiumPrinter | None = None  # only ever touched in that thread
_FAILED = threading.Event()  # Chromium failed to start once: WeasyPrint from then on ("auto")


def _chromium_pdf(html: str, required: bool) -> bytes | None:
    """In the Chromium thread: the PDF, starting Chromium on first use; None to fall back to WeasyPrint."""
    global _PRINTER
    if _PRINTER is None:
        path = chromium_path()
        if path is None:
            if required:
                raise PdfUnavailable(CHROMIUM_HINT)
            return None
        try:
            _PRINTER = _ChromiumPrinter(path)
        except Exception as exc:  # noqa: BLE001 - any failure to start: the other engine still makes the PDF
            if required:
                raise
            _FAILED.set()
            _LOG.warning("Chromium did not start (%s); PDFs are made with WeasyPrint instead.", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return None
    return _PRINTER.pdf(html)


def _close() -> bool:
    global _PRINTER
    printer, _PRINTER = _PRINTER, None
    if printer is not None:
        printer.close()
    return printer is not None


def close_printer() -> bool:
    """Close the process's Chromium, if open (about 300 MB back); the next PDF starts another. True when one was open."""
    return _CHROMIUM.submit(_close).result()


class _ChromiumPrinter:
    """One headless Chromium kept open: a PDF is a page's print, not a browser's start (about 1.5 s)."""

    def __init__(self, executable: str) -> None:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 (only where Chromium is used)

        self._playwright = sync_playwright().start()
        try:
            sandbox = [] if os.geteuid() != 0 else ["--no-sandbox"]  # Chromium refuses root with its sandbox on
            self._browser = self._playwright.chromium.launch(executable_path=executable, args=_CHROMIUM_ARGS + sandbox)
            self._context = self._browser.new_context(java_script_enabled=False, offline=True)
            self._context.route("**/*", lambda route: route.abort())  # data: URLs never reach here; anything else is refused
        except Exception:
            self._playwright.stop()
            raise

    def pdf(self, html: str) -> bytes:
        page = self._context.new_page()
        try:
            page.set_content(html, wait_until="load")
            pdf = self._print(page)
            pages: dict[str, int] = {}
            for _ in range(_PASSES - 1):
                found = _section_pages(pdf)
                if found == pages:
                    break
                pages = found
                if not page.evaluate(_NUMBER_CONTENTS_JS, pages):
                    break  # no contents to number
                pdf = self._print(page)
            return pdf
        finally:
            page.close()

    def close(self) -> None:
        try:
            self._browser.close()
        finally:
            self._playwright.stop()

    @staticmethod
    def _print(page) -> bytes:
        return page.pdf(prefer_css_page_size=True, print_background=True, tagged=True, outline=True)


def _section_pages(pdf: bytes) -> dict[str, int]:
    """Each named destination (a linked section) and its page, from 1."""
    import pypdf  # noqa: PLC0415

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}


class PdfJobs:
    """PDFs made one at a time in a background thread, and the last few kept, by their HTML.

    Why: the sample's progress report takes Chromium about 3 s and WeasyPrint 8-9 s (README,
    Performance). A page starts the PDF when the report is prepared, so much of that has passed by
    the time the reader has read "Ready" and pressed "Download PDF"; the same report asked for again
    (the same person, or another board member) is at once. One worker: two readers' PDFs never
    render side by side in one process, the worker's Chromium stays open between PDFs, and the work
    waiting is bounded (``start`` queues nothing behind two unfinished jobs; a press of the button
    always gets its PDF, in turn).
    """

    def __init__(self, render: Callable[[str], bytes], keep: int = 6, *, idle_seconds: float = 120.0, on_idle: Callable[[], None] | None = None) -> None:
        """``on_idle`` runs in the worker thread once no PDF has been asked for in ``idle_seconds``
        (the app closes the worker's Chromium then)."""
        self._render = render
        self._keep = keep
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Future[bytes]] = OrderedDict()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-pdf")
        self._idle_seconds = idle_seconds
        self._on_idle = on_idle
        self._made = 0  # PDFs begun; an idle timer acts only if none has been begun since it was set
        self._timer: threading.Timer | None = None

    def start(self, html: str) -> bool:
        """Begin this PDF unless it is made, being made, or two others are still to finish.
        True when the PDF is made or on its way."""
        key = _digest(html)
        with self._lock:
            if key in self._jobs:
                self._jobs.move_to_end(key)
                return True
            if sum(not job.done() for job in self._jobs.values()) >= 2:
                return False
            self._submit(key, html)
        return True

    def pdf(self, html: str) -> bytes:
        """The PDF of ``html``: from its job when there is one (waiting for it), else made now in turn.
        A failed job is forgotten, so the next press tries again; its error is raised."""
        key = _digest(html)
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                job = self._submit(key, html)
            else:
                self._jobs.move_to_end(key)
        try:
            return job.result()
        except BaseException:
            with self._lock:
                if self._jobs.get(key) is job:
                    del self._jobs[key]
            raise

    def clear(self) -> None:
        """Forget the PDFs made (jobs under way finish, unkept)."""
        with self._lock:
            self._jobs.clear()

    def _run(self, html: str) -> bytes:
        try:
            return self._render(html)
        finally:
            self._set_idle_timer()

    def _set_idle_timer(self) -> None:
        if self._on_idle is None:
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self._idle_seconds, self._when_idle, args=(self._made,))
            self._timer.daemon = True
            self._timer.start()

    def _when_idle(self, made: int) -> None:
        with contextlib.suppress(RuntimeError):  # the process is ending: nothing to close in time
            self._executor.submit(self._idle, made)

    def _idle(self, made: int) -> None:
        if made == self._made and self._on_idle is not None:
            self._on_idle()

    def _submit(self, key: str, html: str) -> Future[bytes]:
        self._made += 1
        job = self._executor.submit(self._run, html)
        self._jobs[key] = job
        while len(self._jobs) > self._keep:
            self._jobs.popitem(last=False)
        return job


def _digest(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


__all__ = ["CHROMIUM_HINT", "INSTALL_HINT", "PdfEngine", "PdfJobs", "PdfUnavailable", "chromium_path", "close_printer", "html_to_pdf", "pdf_unavailable_reason"]
