"""The Reports page, through app.py, on the small fixture plan."""

from __future__ import annotations

import datetime as dt

from tests.conftest import page_text

PAGE = "app_pages/reports.py"




def open_page(make_app, *args):
    at = make_app("--as-of", "2025-08-01", *args).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def prepare(at):
    next(b for b in at.button if b.label == "Prepare report").click().run()
    assert not at.exception
    return at


def test_page_shows_the_choices_and_no_downloads_yet(make_app):
    at = open_page(make_app)
    assert at.title[0].value == "Reports"
    assert "Data as at 1 Aug 2025" in page_text(at)
    assert at.radio[0].options == ["Progress report: the whole plan, area by area", "Exception report: only what needs the board's attention"]
    assert at.main.date_input[0].value == dt.date(2025, 5, 1)  # a quarter earlier
    assert not at.get("download_button")
    assert "press **Prepare report**" in page_text(at)


def test_prepare_then_download_html_and_pdf(make_app, media):
    at = prepare(open_page(make_app))
    assert "Ready: Progress report: Test partnership plan" in page_text(at).replace("\\", "")  # markdown-escaped: shown as typed
    html_button, pdf_button = at.get("download_button")
    assert (html_button.proto.label, pdf_button.proto.label) == ("Download HTML", "Download PDF")
    html_file = media(html_button.proto.url)
    assert html_file.filename == "progress-report-2025-08-01.html"
    text = html_file.content.decode("utf-8")
    assert "<title>Progress report: Test partnership plan</title>" in text and "Zanzibar internal caseload" in text
    assert "Data as at</dt><dd>1 Aug 2025" in text
    assert not pdf_button.proto.disabled


def test_the_pdf_is_begun_when_the_report_is_prepared_and_the_download_is_that_pdf(make_app, media, monkeypatch):
    import time

    import metrics.render.pdf
    from ui.state import report_pdfs

    real = metrics.render.pdf.html_to_pdf
    made: list[str] = []

    def counting(html: str) -> bytes:
        made.append(html)
        return real(html)

    monkeypatch.setattr(metrics.render.pdf, "html_to_pdf", counting)
    at = prepare(open_page(make_app))
    html = media(at.get("download_button")[0].proto.url).content.decode("utf-8")
    deadline = time.monotonic() + 60
    while not made and time.monotonic() < deadline:  # begun without a press of "Download PDF"
        time.sleep(0.05)
    assert made == [html]
    pdf = report_pdfs.pdf(html)  # what the button's download hands over
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    assert report_pdfs.pdf(html) == pdf and made == [html]  # pressed again: the same file, not made again


def test_exception_report_since_a_date_and_public_version(make_app, media):
    at = open_page(make_app)
    at.radio[0].set_value("exception")
    at.main.date_input[0].set_value(dt.date(2024, 1, 1))
    at.checkbox[0].check().run()
    prepare(at)
    html_button = at.get("download_button")[0]
    html_file = media(html_button.proto.url)
    assert html_file.filename == "exception-report-2025-08-01-public.html"
    text = html_file.content.decode("utf-8")
    assert "Status changes since 1 Jan 2024" in text
    assert "Zanzibar" not in text and "Quixotic" not in text


def test_changing_the_choice_hides_the_old_downloads(make_app):
    at = prepare(open_page(make_app))
    assert len(at.get("download_button")) == 2
    at.radio[0].set_value("exception").run()
    assert not at.get("download_button")


def test_the_report_follows_the_as_of_picker(make_app, media):
    at = open_page(make_app)
    at.sidebar.date_input[0].set_value(dt.date(2024, 1, 1)).run()
    assert at.main.date_input[0].value == dt.date(2023, 10, 1)
    prepare(at)
    text = media(at.get("download_button")[0].proto.url).content.decode("utf-8")
    assert "Data as at</dt><dd>1 Jan 2024" in text


def test_without_the_pdf_tool_the_pdf_button_is_disabled_with_a_reason(make_app, monkeypatch):
    import metrics.render.pdf

    monkeypatch.setattr(metrics.render.pdf, "pdf_unavailable_reason", lambda: "PDF output needs WeasyPrint.")
    at = prepare(open_page(make_app))
    assert at.get("download_button")[1].proto.disabled
    assert "The PDF cannot be made on this server. PDF output needs WeasyPrint." in page_text(at).replace("\\", "")  # markdown-escaped
