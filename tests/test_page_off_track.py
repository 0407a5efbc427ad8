"""The off-track page, through app.py, on the small fixture plan."""

from __future__ import annotations

import csv
import html
import io
import re

from metrics.domain.status import Status
from tests.conftest import page_text

PAGE = "app_pages/off_track.py"
# reds whose date has passed (the missed wait, then the two overdue actions in plan order), then
# reds only behind their plan line, furthest behind first, then the grey KPI with overdue data
ORDER = [
    "Longest wait for an autism assessment",
    "Train school staff",
    "Zanzibar restructure",
    "Parent carers confident schools understand needs",
    "Zanzibar internal caseload",
    "Metric without data",
]


def table_rows(at, caption_start: str) -> list[list[str]]:
    """The body rows of the st.html table whose caption starts with ``caption_start``, as text."""
    for element in at.get("html"):
        body = element.proto.body
        if f"<caption>{html.escape(caption_start, quote=True)}" in body:
            tbody = body.split("<tbody>", 1)[1]
            return [
                [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell))).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", tbody, re.S)
            ]
    raise AssertionError(f"no table captioned {caption_start!r}")




def open_page(make_app, *args):
    at = make_app("--as-of", "2025-08-01", *args).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_rows_worst_first_with_lead_area_reason_and_change(make_app):
    at = open_page(make_app)
    text = page_text(at)
    assert at.title[0].value == "Off track"
    assert "Data as at 1 Aug 2025" in text
    assert at.subheader[0].value == "4 KPIs and 2 actions need attention."
    rows = table_rows(at, "Showing")
    assert [r[2] for r in rows] == ORDER
    assert rows[0] == [
        "✖ Red",
        "KPI",
        "Longest wait for an autism assessment",
        "Waiting times",
        "Autism pathway lead",
        "Red; deadline passed; data overdue (due by 14 Nov 2023)",
        "Green → Red",
        "Deadline passed: 22 weeks on 30 Sep 2023; the target was 13 weeks by 31 Mar 2024.",
    ]
    assert rows[1] == [
        "✖ Red",
        "Action",
        "Train school staff",
        "Parent carer voice",
        "Training lead",
        "Overdue action: due 31 Dec 2023; update overdue (due by 11 Aug 2023)",
        "new",
        "Overdue since 31 Dec 2023; last reported amber on 30 Jun 2023. Update overdue: the next was due by 11 Aug 2023.",
    ]
    assert rows[5][5:7] == ["Data overdue (due by 1 Jul 2025)", "no data yet"]
    assert "Showing 6 of 6, worst first" in text


def test_kpi_titles_link_to_their_detail_page(make_app):
    at = open_page(make_app)
    body = next(e.proto.body for e in at.get("html") if "<caption>Showing" in e.proto.body)
    assert '<a href="kpi?metric=confidence" target="_self">Parent carers confident schools understand needs</a>' in body
    assert "<td>Zanzibar restructure</td>" in body  # actions have no detail page


def test_filters_default_to_everything_and_reduce_rows(make_app):
    at = open_page(make_app)
    area, lead, status = at.multiselect
    assert (area.label, lead.label, status.label) == ("Area", "Lead", "Status")
    assert area.value == ["waits", "voice"]
    assert [s.value for s in status.value] == ["red", "grey"]
    area.unselect("voice").run()
    assert [r[2] for r in table_rows(at, "Showing")] == ["Longest wait for an autism assessment", "Zanzibar restructure", "Zanzibar internal caseload"]
    at.multiselect[2].unselect(Status.RED).run()
    assert "Nothing matches these filters." in page_text(at)
    assert not at.get("download_button")


def test_filter_by_lead_and_status(make_app):
    at = open_page(make_app)
    at.multiselect[1].set_value(["Quixotic Internal Lead", "Training lead"]).run()
    assert [r[2] for r in table_rows(at, "Showing")] == ["Train school staff", "Zanzibar restructure", "Zanzibar internal caseload"]
    at.multiselect[2].set_value([Status.GREY]).run()
    assert "Nothing matches these filters." in page_text(at)
    at.multiselect[1].set_value(["Training lead", "Local offer team"]).run()
    at.multiselect[2].set_value([Status.GREY]).run()
    assert [r[2] for r in table_rows(at, "Showing")] == ["Metric without data"]
    assert "Showing 1 of 6, worst first" in page_text(at)


def test_downloads_csv_and_excel(make_app, media):
    at = open_page(make_app)
    csv_button, excel_button = at.get("download_button")
    assert (csv_button.proto.label, excel_button.proto.label) == ("Download CSV", "Download Excel")
    csv_file, excel_file = media(csv_button), media(excel_button)
    assert csv_file.filename == "off-track-2025-08-01.csv"
    assert excel_file.filename == "off-track-2025-08-01.xlsx"
    rows = list(csv.DictReader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert [r["Title"] for r in rows] == ORDER
    first = rows[0]
    assert first["Why it is listed"] == "Red; deadline passed; data overdue (due by 14 Nov 2023)" and first["Lead"] == "Autism pathway lead"
    assert (first["Latest value"], first["Target"], first["Target date"], first["Unit"]) == ("22.0", "13.0", "2024-03-31", "weeks")

    import datetime as dt

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(excel_file.content)).active
    header = [c.value for c in sheet[1]]
    titles = [row[header.index("Title")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ORDER
    assert sheet.cell(2, header.index("Target date") + 1).value == dt.datetime(2024, 3, 31)  # a date, not text
    assert sheet.auto_filter.ref and sheet.freeze_panes == "A2"


def test_downloads_hold_only_the_filtered_rows(make_app, media):
    at = open_page(make_app)
    at.multiselect[0].set_value(["voice"]).run()
    at.multiselect[2].set_value([Status.RED, Status.GREY]).run()
    content = media(at.get("download_button")[0]).content.decode("utf-8-sig")
    assert [r["Title"] for r in csv.DictReader(io.StringIO(content))] == ["Train school staff", "Parent carers confident schools understand needs", "Metric without data"]


def test_empty_state(make_app):
    at = make_app("--as-of", "2022-02-01").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Nothing is off track at 1 Feb 2022." in [e.value for e in at.success]
    assert not at.multiselect and not at.get("download_button")
