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

import logging

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


__all__ = ["INSTALL_HINT", "PdfUnavailable", "html_to_pdf", "pdf_unavailable_reason"]
