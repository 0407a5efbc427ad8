"""The off-track and actions downloads open as working spreadsheets: human headers, one fact per
column, real dates, numbers as numbers, column widths, a frozen header and a filter."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from metrics.domain.load import load
from metrics.domain.rules import plan_status
from metrics.render.downloads import csv_download, excel_download
from metrics.views.action_plan import ACTION_HEADERS, action_records
from metrics.views.audience import internal_audience
from metrics.views.offtrack import RECORD_HEADERS, off_track, records
from tests.helpers import SMALL

AS_OF = dt.date(2025, 8, 1)


def status():
    loaded = load(SMALL / "targets.yaml", SMALL / "data")
    assert loaded.ok
    return plan_status(loaded.plan, loaded.dataset, AS_OF)


def test_the_off_track_excel_is_a_working_spreadsheet():
    board = internal_audience(status().plan.defaults)
    rows = records(off_track(status(), board), board)
    sheet = load_workbook(io.BytesIO(excel_download(rows, RECORD_HEADERS, sheet="Off track"))).active
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Type", "ID", "Reference", "Title", "Area"]
    assert "Latest value" in header and "Target date" in header and "Gap to plan (units; + is better)" in header
    first = dict(zip(header, [c.value for c in sheet[2]]))
    assert first["Title"] == "Longest wait for an autism assessment"
    assert first["Target date"] == dt.datetime(2024, 3, 31)  # a real date, not text
    assert sheet.cell(2, header.index("Target date") + 1).number_format == "d mmm yyyy"
    assert first["Latest value"] == 22 and isinstance(first["Tolerance (units)"], float)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(rows) + 1}"
    assert sheet.column_dimensions["D"].width >= len("Longest wait for an autism assessment")


def test_the_actions_download_has_one_fact_per_column():
    board = internal_audience(status().plan.defaults)
    rows = action_records(status(), board)
    text = csv_download(rows, ACTION_HEADERS).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [r["ID"] for r in table] == ["act-1", "act-2", "act-secret"]
    act2 = table[1]
    assert (act2["Status"], act2["Status last reported by the lead"], act2["Overdue"], act2["Days overdue"], act2["Update overdue"]) == ("Red", "Amber", "yes", "579", "yes")
    assert act2["Due"] == "2023-12-31" and act2["Next update due by"] == "2023-08-11"
    sheet = load_workbook(io.BytesIO(excel_download(rows, ACTION_HEADERS, sheet="Actions"))).active
    assert sheet["I2"].value == dt.datetime(2023, 3, 31) and sheet.auto_filter.ref == "A1:R4"
    shown = action_records(status(), board, ids={"act-2"})
    assert [r["id"] for r in shown] == ["act-2"]


def test_text_that_looks_like_a_formula_stays_text():
    rows = [{"id": "=HYPERLINK(\"x\")", "due": dt.date(2024, 1, 1)}]
    sheet = load_workbook(io.BytesIO(excel_download(rows, {"id": "ID", "due": "Due"}, sheet="x"))).active
    assert sheet["A2"].value == "'=HYPERLINK(\"x\")" and sheet["B2"].value == dt.datetime(2024, 1, 1)
