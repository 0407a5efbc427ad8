"""Downloads: CSV and Excel bytes from flat records, with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Stop a spreadsheet treating text as a formula (=, +, -, @ at the start)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _columns(records: Sequence[dict[str, Any]], columns: Sequence[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    out: list[str] = []
    for record in records:
        out.extend(k for k in record if k not in out)
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return safe_cell(value)


def to_csv_bytes(records: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens accented names correctly. Any text is written
    as it is (a character UTF-8 cannot hold, a lone surrogate, becomes '?', never an error)."""
    fields = _columns(records, columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow([_cell(record.get(f)) for f in fields])
    return ("\ufeff" + out.getvalue()).encode("utf-8", errors="replace")


# What an Excel file (XML) cannot hold: control characters but tab, line feed and carriage
# return; lone surrogates; U+FFFE and U+FFFF. `check` refuses them in the plan and the data; any
# that come another way are shown as U+FFFD (the replacement character) rather than failing.
_NOT_IN_EXCEL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EXCEL_CELL_MAX = 32_767  # characters in one cell
_SHEET_NAME_BAD = re.compile(r"[\\/?*\[\]:]")


def _excel_cell(value: Any) -> Any:
    value = _cell(value)
    if isinstance(value, float) and not math.isfinite(value):
        return ""  # Excel has no NaN or infinity: an empty cell, as for a missing value
    if isinstance(value, str):
        value = _NOT_IN_EXCEL.sub("\ufffd", value)
        if len(value) > EXCEL_CELL_MAX:
            value = value[: EXCEL_CELL_MAX - 1] + "\u2026"
    return value


def to_excel_bytes(records: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, sheet: str = "Data") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    fields = _columns(records, columns)
    book = Workbook()
    ws = book.active
    ws.title = _SHEET_NAME_BAD.sub("-", sheet)[:31] or "Data"
    ws.append([_excel_cell(f) for f in fields])
    for record in records:
        ws.append([_excel_cell(record.get(f)) for f in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
