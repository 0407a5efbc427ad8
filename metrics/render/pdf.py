"""HTML -> PDF with WeasyPrint: A4 pages, page numbers, contents with page numbers, tagged PDF.

Why WeasyPrint: it is a Python library (no browser process to start), it needs no network, and it
implements the paged-media CSS the report uses: ``@page`` margin boxes for "Page 3 of 12" and
``target-counter()`` for the page numbers in the contents list, which Chromium's print-to-PDF
does not. It writes a tagged PDF (PDF/UA-1 variant: headings, tables, the document language and
title), so screen readers can follow the PDF too. Its one system need is Pango (Debian:
``libpango-1.0-0``, ``libpangoft2-1.0-0``), which ``make run`` and ``make test`` install when it
is missing.

The report never refers to anything outside itself; the fetcher allows ``data:`` URLs only, so
rendering cannot reach the network or read local files.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

INSTALL_HINT = (
    "PDF output needs WeasyPrint and the Pango library. Install them with "
    "'.venv/bin/pip install -r requirements.txt' and (Debian/Ubuntu, as root) "
    "'apt-get install -y libpango-1.0-0 libpangoft2-1.0-0', or run 'make run' once. "
    "The HTML report needs neither."
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


def pdf_unavailable_reason() -> str | None:
    """None when PDFs can be made here, else what to install."""
    try:
        _weasyprint()
    except PdfUnavailable as exc:
        return str(exc)
    return None


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document (A4, tagged, PDF/UA-1 metadata)."""
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


class PdfJobs:
    """PDFs made one at a time in a background thread, and the last few kept, by their HTML.

    Why: the sample's progress report takes WeasyPrint about 8 s (README, Performance). A page
    starts the PDF when the report is prepared, so much of that has passed by the time the reader
    has read "Ready" and pressed "Download PDF"; the same report asked for again (the same person,
    or another board member) is at once. One worker: two readers' PDFs never render side by side
    in one process, and the work waiting is bounded (``start`` queues nothing behind two
    unfinished jobs; a press of the button always gets its PDF, in turn).
    """

    def __init__(self, render: Callable[[str], bytes], keep: int = 6) -> None:
        self._render = render
        self._keep = keep
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Future[bytes]] = OrderedDict()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-pdf")

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

    def _submit(self, key: str, html: str) -> Future[bytes]:
        job = self._executor.submit(self._render, html)
        self._jobs[key] = job
        while len(self._jobs) > self._keep:
            self._jobs.popitem(last=False)
        return job


def _digest(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


__all__ = ["INSTALL_HINT", "PdfJobs", "PdfUnavailable", "html_to_pdf", "pdf_unavailable_reason"]
