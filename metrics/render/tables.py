"""Downloads: CSV and Excel bytes from flat records, with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
import json
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
    """UTF-8 with a byte-order mark, so Excel opens accented names correctly."""
    fields = _columns(records, columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow([_cell(record.get(f)) for f in fields])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_excel_bytes(records: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, sheet: str = "Data") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    fields = _columns(records, columns)
    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append(fields)
    for record in records:
        row = []
        for f in fields:
            value = _cell(record.get(f))
            row.append(value)
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
