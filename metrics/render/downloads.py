"""Lists a manager downloads (off track, actions): human column headers, and an Excel file that
works as a spreadsheet straight away (real dates, numbers as numbers, column widths, a frozen
header row and a filter on every column)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from metrics.render.tables import safe_cell, to_csv_bytes

DATE_FORMAT = "d mmm yyyy"  # 31 Mar 2024, as the pages write dates
MAX_WIDTH = 60  # characters: longer text wraps in its cell


def csv_download(records: Sequence[Mapping[str, Any]], headers: Mapping[str, str]) -> bytes:
    """CSV with one column per key of ``headers``, headed by its words."""
    renamed = [{headers[k]: r.get(k) for k in headers} for r in records]
    return to_csv_bytes(renamed, list(headers.values()))


def excel_download(records: Sequence[Mapping[str, Any]], headers: Mapping[str, str], *, sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    keys = list(headers)
    ws.append([headers[k] for k in keys])
    widths = [len(headers[k]) for k in keys]
    for record in records:
        row = []
        for i, key in enumerate(keys):
            value = _excel_cell(record.get(key))
            row.append(value)
            shown = format(value, "%d %b %Y") if isinstance(value, dt.date) else str(value if value is not None else "")
            widths[i] = max(widths[i], min(len(shown), MAX_WIDTH))
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, key in enumerate(keys, start=1):
        letter = get_column_letter(column)
        ws.column_dimensions[letter].width = max(8, widths[column - 1] + 2)
        if any(isinstance(r.get(key), dt.date) for r in records):
            for cell in ws[letter][1:]:
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    if records:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{len(records) + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _excel_cell(value: Any) -> Any:
    """Dates stay dates and numbers numbers; text cannot start a formula; None is an empty cell."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        return value
    return safe_cell(str(value))
