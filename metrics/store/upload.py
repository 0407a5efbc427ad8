"""An uploaded file of figures (CSV or Excel .xlsx), read and checked like a data folder's files.

Each sheet of a workbook (or the CSV file) is turned into the CSV text it stands for and read
by the data folder's own reader, so every rule and every message is `check`'s. Two things are
kinder than in a data folder, because spreadsheets do them by themselves: a date cell is a date
(whatever its format), and a date written as text ``dd/mm/yyyy`` is a UK date (``31/03/2025``).
A cell formatted as a percentage (shown 52.5%, holding 0.525) is read as 52.5.

Bounded: at most MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS rows, MAX_UPLOAD_COLUMNS columns; a workbook
that unpacks to more than MAX_UNPACKED_BYTES is refused before it is opened.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from metrics.domain import data as _data  # the data folder's reader and rules
from metrics.domain.data import Dataset
from metrics.domain.plan import Plan
from metrics.domain.problems import Problem, size_text
from metrics.store.validate import as_text

MAX_UPLOAD_BYTES = 20_000_000  # a year of monthly figures for 10,000 metrics is about 8 MB as CSV
MAX_UPLOAD_ROWS = 200_000  # in all the sheets together
MAX_UPLOAD_COLUMNS = _data.MAX_COLUMNS
MAX_UNPACKED_BYTES = 200_000_000  # an .xlsx is a zip file: what it holds once unpacked
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def read_upload(content: bytes, filename: str, plan: Plan | None = None) -> tuple[Dataset | None, list[Problem]]:
    """The observations and action updates in an uploaded .csv or .xlsx file, checked against the
    plan, or every problem (each naming the file, the sheet, the line and the field)."""
    name = Path(filename or "upload").name or "upload"
    suffix = Path(name).suffix.lower()
    if len(content) > MAX_UPLOAD_BYTES:
        return None, [Problem(name, 0, "", "", f"is {size_text(len(content))}: at most {size_text(MAX_UPLOAD_BYTES)} can be uploaded (split it, or import a data folder with `python -m metrics import`)")]
    if suffix == ".csv":
        parts, problems = [(name, content)], []
    elif suffix in (".xlsx", ".xlsm"):
        parts, problems = _sheets_as_csv(content, name)
    elif suffix == ".xls":
        return None, [Problem(name, 0, "", "", "is an old Excel file (.xls): save it as Excel Workbook (.xlsx) or CSV UTF-8, and upload that")]
    else:
        return None, [Problem(name, 0, "", "", "is not a .csv or .xlsx file: upload a CSV file (CSV UTF-8) or an Excel workbook (.xlsx)")]
    if problems:
        return None, problems
    observation_frames, update_frames = [], []
    rows = 0
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        for index, (shown, raw) in enumerate(parts):
            path = Path(tmp) / f"part{index}.csv"
            path.write_bytes(raw)
            frame, kind, file_problems = _data._read_csv(path, shown)
            problems += file_problems
            if frame is None:
                continue
            rows += len(frame)
            if rows > MAX_UPLOAD_ROWS:
                return None, [Problem(name, 0, "", "", f"has more than {MAX_UPLOAD_ROWS:,} rows: at most {MAX_UPLOAD_ROWS:,} can be uploaded at once (split it)")]
            frame["date"] = frame["date"].map(_uk_date)
            if kind == "observations":
                observation_frames.append(_data._check_observations(frame, shown, plan, problems))
            else:
                update_frames.append(_data._check_updates(frame, shown, plan, problems))
    observations = _data._combine_observations(observation_frames, problems)
    updates = _data._combine_updates(update_frames, problems)
    if problems:
        return None, sorted(problems)
    return Dataset(observations, updates, (name,)), []


def _uk_date(text: str) -> str:
    """'31/03/2025' -> '2025-03-31' (day first, as in the UK); anything else as it is."""
    match = _UK_DATE.fullmatch(text)
    if not match:
        return text
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return text


def _sheets_as_csv(content: bytes, name: str) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """Each sheet that has anything in it, as (its name for messages, CSV bytes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return [], [Problem(name, 0, "", "", "is not an Excel workbook (.xlsx) (is it a CSV file or an old .xls renamed?): save it from Excel as Excel Workbook (.xlsx)")]
    if unpacked > MAX_UNPACKED_BYTES:
        return [], [Problem(name, 0, "", "", f"unpacks to {size_text(unpacked)}: at most {size_text(MAX_UNPACKED_BYTES)} are read (split the workbook)")]
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return [], [Problem(name, 0, "", "", f"cannot be read as an Excel workbook ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})")]
    parts: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    rows_seen = 0
    try:
        for sheet in workbook.worksheets:
            shown = f"{name}, sheet '{sheet.title}'" if len(workbook.worksheets) > 1 else name
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            width = None
            wrote = False
            for row in sheet.iter_rows():
                rows_seen += 1
                if rows_seen > MAX_UPLOAD_ROWS + 1:
                    return [], [Problem(name, 0, "", "", f"has more than {MAX_UPLOAD_ROWS:,} rows: at most {MAX_UPLOAD_ROWS:,} can be uploaded at once (split it)")]
                cells = [_cell_text(cell) for cell in row]
                if width is None:
                    while cells and cells[-1] == "":
                        cells.pop()
                    if len(cells) > MAX_UPLOAD_COLUMNS:
                        problems.append(Problem(shown, 1, "", "header", f"has {len(cells):,} columns: at most {MAX_UPLOAD_COLUMNS} are read (observations have 7 at most, action updates 6)"))
                        break
                    width = len(cells)
                else:
                    if len(cells) > width and not any(cells[width:]):
                        cells = cells[:width]
                    elif len(cells) < width:
                        cells += [""] * (width - len(cells))
                writer.writerow(cells)
                wrote = wrote or any(cells)
            if wrote:
                parts.append((shown, out.getvalue().encode("utf-8")))
    finally:
        workbook.close()
    if not parts and not problems:
        problems.append(Problem(name, 0, "", "", "has nothing in it: expected a sheet of observations (metric_id,date,value) or action updates (action_id,date,status,narrative)"))
    return parts, problems


def _cell_text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return as_text(value)
    if isinstance(value, bool):
        return as_text(value)
    if isinstance(value, (int, float)):
        if "%" in (getattr(cell, "number_format", "") or ""):
            value = round(float(value) * 100, 10)
        return as_text(float(value)) if isinstance(value, float) else str(value)
    return str(value).strip()



