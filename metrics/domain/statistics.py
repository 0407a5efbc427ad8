"""Published statistics: our figure beside England, our region and our statistical neighbours.

A statistic (``statistics:`` in the plan) is a published file in the Explore Education Statistics
layout: one row per area and period, with ``time_period``, ``time_identifier``,
``geographic_level`` and the area's codes (renamed through the statistic's ``columns`` when a
release names them differently), and the figure in the ``value`` column. The ``filters`` keep one
row per area and period (e.g. ``breakdown: All EHC plans issued``).

Rules (docs/data-format.md, "Statistics files", says the same for readers):

- A DfE symbol in the value column (``x`` not available, ``z`` not applicable, ``c``
  confidential, ``low``, ``u``, ``k``, ``:``, ``~``, ``..``) is a missing value; the symbol is kept,
  its meaning in words lives in ``metrics.views.benchmark``. An empty cell is missing too.
- Each period is dated at its end: calendar year 2024 -> 2024-12-31; academic year 202324 or
  2023/24 -> 2024-08-31; financial year 202324 or 2023-24 -> 2024-03-31. Anything else is a
  problem naming the file and line.
- Similar areas: the simple mean of the statistical neighbours that have a value that period
  (as the DfE's LAIT does); the best neighbour follows the measure's direction.
- Rank: 1 is best among every local authority with a value that period, following the
  measure's direction; tied values share a rank and the next rank is skipped (1, 2, 2, 4).
  ``of`` counts the local authorities with a value. Quartile = ceil(4 x rank / of), so
  quartile 1 is the best quarter. No direction, or no value of ours: no rank and no quartile;
  fewer than four local authorities with a value: no quartile.

A file is parsed once per (resolved path, modification time, size, statistic settings): loading
again after nothing changed costs a dictionary look-up.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import os
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, NamedTuple

import numpy as np
import pandas as pd

from metrics.domain.data import _line_numbers
from metrics.domain.plan import ContextMeasure, LocalAuthority, Metric, Plan, Statistic
from metrics.domain.problems import Problem, control_problems, read_bytes, size_text
from metrics.domain.yamlsource import LocatedYaml, read_yaml

# The DfE's biggest SEND statistics files are tens of megabytes; a limit keeps a wrong file from taking the memory.
MAX_STATISTICS_BYTES = 200_000_000

# DfE / GSS symbols that stand in for a value. Meanings, in words: metrics.views.benchmark.
SYMBOLS = ("x", "z", "c", "low", "u", "k", ":", "~", "..")
_SYMBOL_SET = frozenset(SYMBOLS)

# geographic_level values used (compared without case); other levels are ignored.
NATIONAL, REGIONAL, LOCAL_AUTHORITY = "national", "regional", "local authority"

TIME_IDENTIFIERS = ("Calendar year", "Academic year", "Financial year")

OBSERVATION_FRAME_COLUMNS = ("metric_id", "date", "value", "n", "source", "note", "illustrative", "file", "line")


# -- the answer ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodComparison:
    period: str  # as published: '2024', '2023/24'
    date: dt.date
    value: float | None  # ours
    symbol: str | None  # the DfE symbol when ours is missing
    england: float | None
    region: float | None
    neighbours_mean: float | None  # LAIT: simple mean of the neighbours that have a value
    neighbours_best: float | None  # best neighbour value, following the measure's direction
    rank: int | None  # 1 = best among all LAs with a value; ties share a rank (1, 2, 2, 4)
    of: int  # how many LAs have a value that period
    quartile: int | None  # 1 = best quarter; None when rank is None


@dataclass(frozen=True)
class Ranked:
    code: str
    name: str
    value: float
    rank: int | None
    ours: bool
    neighbour: bool


@dataclass(frozen=True)
class Comparison:
    measure_id: str
    statistic_id: str
    source: str  # file name and release: "timeliness_20_week.csv (DfE: ..., 2025 release)"
    area_name: str  # our LA's name
    region_name: str | None
    neighbour_names: tuple[str, ...]
    periods: tuple[PeriodComparison, ...]  # oldest first
    latest: tuple[Ranked, ...]  # every LA with a value in the latest period, best first
    direction: str | None

    def period(self, when: str | dt.date) -> PeriodComparison | None:
        """The period published as ``when`` ('2024', '2023/24') or dated ``when``."""
        return next((p for p in self.periods if p.period == when or p.date == when), None)

    @property
    def last(self) -> PeriodComparison | None:
        """The latest period in the file (ours may be missing in it)."""
        return self.periods[-1] if self.periods else None


@dataclass(frozen=True)
class Statistics:
    comparisons: Mapping[str, Comparison] = field(default_factory=dict)  # by measure id

    def comparison(self, measure_id: str) -> Comparison | None:
        return self.comparisons.get(measure_id)


EMPTY_STATISTICS = Statistics({})


# -- dating a period -------------------------------------------------------------------------


def period_date(time_identifier: str, time_period: str) -> tuple[str, dt.date]:
    """('Calendar year', '2024') -> ('2024', 2024-12-31); ('Academic year', '202324') ->
    ('2023/24', 2024-08-31); ('Financial year', '202324') -> ('2023-24', 2024-03-31).

    Raises ValueError(field, message): field is 'time_identifier' or 'time_period'."""
    kind = " ".join(str(time_identifier).split()).lower()
    text = str(time_period).strip()
    if kind == "calendar year":
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError("time_period", f"'{text}' is not a calendar year (write e.g. 2024)")
        return text, dt.date(int(text), 12, 31)
    if kind in {"academic year", "financial year"}:
        academic = kind == "academic year"
        match = re.fullmatch(r"(\d{4})(?:/|-)?(\d{2})", text)
        if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
            example = "202324 or 2023/24" if academic else "202324 or 2023-24"
            raise ValueError("time_period", f"'{text}' is not {'an academic' if academic else 'a financial'} year (write e.g. {example})")
        start = int(match.group(1))
        if academic:
            return f"{start}/{match.group(2)}", dt.date(start + 1, 8, 31)
        return f"{start}-{match.group(2)}", dt.date(start + 1, 3, 31)
    raise ValueError("time_identifier", f"'{time_identifier}' cannot be dated (use {', '.join(TIME_IDENTIFIERS[:-1])} or {TIME_IDENTIFIERS[-1]})")


def quartile(rank: int | None, of: int) -> int | None:
    """ceil(4 x rank / of): 1 is the best quarter, 4 the worst; None without a rank, or when fewer
    than four local authorities have a value (no quarters to speak of)."""
    if rank is None or of < 4:
        return None
    return min(4, max(1, math.ceil(4 * rank / of)))


def competition_ranks(values: list[float], direction: str | None) -> list[int | None]:
    """Each value's rank among ``values``, 1 = best following ``direction``; equal values share a
    rank and the next is skipped (1, 2, 2, 4). No direction: no ranks."""
    if direction not in {"increase", "decrease"}:
        return [None] * len(values)
    arr = np.sort(np.asarray(values, dtype=float))
    if direction == "increase":  # better = larger: 1 + how many are strictly larger
        return [int(len(arr) - np.searchsorted(arr, v, side="right")) + 1 for v in values]
    return [int(np.searchsorted(arr, v, side="left")) + 1 for v in values]


# -- reading a statistic's file (cached) -----------------------------------------------------


class Figure(NamedTuple):
    value: float | None
    symbol: str | None
    line: int


@dataclass(frozen=True)
class _Issue:
    """A problem found while reading a file, placed later: in the CSV (line > 0) or in the plan
    at ``where`` (a YAML path below the statistic's entry)."""

    line: int  # the CSV line; 0: in the plan
    field: str
    message: str
    where: tuple = ()


@dataclass(frozen=True, eq=False)
class StatisticFile:
    """One statistic's file after its filters: one figure per area and period."""

    statistic: Statistic
    periods: tuple[tuple[str, dt.date], ...]  # (as published, date), oldest first
    england: dict[str, Figure]  # period -> figure
    regions: dict[tuple[str, str], Figure]  # (region code, period) -> figure
    las: dict[str, dict[str, Figure]]  # LA key -> period -> figure
    codes: dict[str, str]  # every new or old code -> LA key
    names: dict[str, str]  # LA key -> name (latest)
    new_codes: dict[str, str]  # LA key -> new code (latest), e.g. 'E10000031'
    la_regions: dict[str, str]  # LA key -> region code (latest)
    region_names: dict[str, str]  # region code -> name, when the file has region_name
    issues: tuple[_Issue, ...] = ()

    def la_key(self, *codes: str) -> str | None:
        return next((self.codes[c] for c in codes if c in self.codes), None)


_CACHE: OrderedDict[tuple, Any] = OrderedDict()
_CACHE_SIZE = 32


def clear_cache() -> None:
    """Forget every parsed file (tests; a changed file is re-read anyway)."""
    _CACHE.clear()


def _cached(key: tuple, make):
    found = _CACHE.get(key)
    if found is not None:
        _CACHE.move_to_end(key)
        return found
    made = make()
    _CACHE[key] = made
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return made


def _file_key(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def read_statistic(statistic: Statistic, path: Path) -> StatisticFile:
    """The statistic's file, parsed; the same object while the file and the settings are unchanged."""
    key = _file_key(path)
    if key is None or not path.is_file():
        return _empty(statistic, (_Issue(0, "file", _missing_file(statistic.file, path), ("file",)),))
    return _cached(("statistic", *key, statistic.model_dump_json()), lambda: _parse(statistic, path))


def _missing_file(written: str, path: Path) -> str:
    if path.is_dir():
        return f"'{written}' is a folder, not a file"
    return f"'{written}' not found (looked for {path.resolve()})"


def _empty(statistic: Statistic, issues: tuple[_Issue, ...]) -> StatisticFile:
    return StatisticFile(statistic, (), {}, {}, {}, {}, {}, {}, {}, {}, issues)


def _close(name: str, options: list[str]) -> str:
    near = difflib.get_close_matches(name, options, n=3, cutoff=0.6) or difflib.get_close_matches(name.lower(), [o.lower() for o in options], n=3, cutoff=0.6)
    if near:
        return " (did you mean " + " or ".join(f"'{n}'" for n in near) + "?)"
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return f" (its columns: {shown})"


def _parse(statistic: Statistic, path: Path) -> StatisticFile:
    name = Path(statistic.file).name
    raw, unreadable = read_bytes(path, name, MAX_STATISTICS_BYTES, "a CSV file", f"a statistics file may be at most {size_text(MAX_STATISTICS_BYTES)}")
    if raw is None:
        assert unreadable is not None
        return _empty(statistic, (_Issue(0, "file", f"{name} {unreadable.message}", ("file",)),))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _empty(statistic, (_Issue(0, "file", f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as CSV UTF-8", ("file",)),))
    controls = control_problems(text, name, most=1, raw=raw)
    if controls:  # names of areas are shown on pages and in downloads
        return _empty(statistic, (_Issue(controls[0].line, "", controls[0].message),))
    try:
        header = [c.strip() for c in next(csv.reader(io.StringIO(text)))]
    except (StopIteration, csv.Error):
        header = []
    if not any(header):
        return _empty(statistic, (_Issue(0, "file", f"{name} has no header line (expected the column names on line 1)", ("file",)),))

    cols = statistic.columns
    issues: list[_Issue] = []
    if statistic.value not in header:
        issues.append(_Issue(0, "value", f"no column '{statistic.value}' in {name}{_close(statistic.value, header)}", ("value",)))
    for column in statistic.filters:
        if column not in header:
            issues.append(_Issue(0, f"filters.{column}", f"no column '{column}' in {name}{_close(column, header)}", ("filters", column)))
    mapped = cols.model_dump()
    for role, column in mapped.items():
        if column not in header:
            renamed = role in cols.model_fields_set
            if renamed:
                message = f"no column '{column}' in {name}{_close(column, header)}"
            else:
                near = difflib.get_close_matches(column, header, n=1, cutoff=0.6)
                if near:
                    message = f"no column '{column}' in {name} (did you mean '{near[0]}'? Then add columns: {{{role}: {near[0]}}} to the statistic)"
                else:
                    message = f"no column '{column}' in {name} (name the file's column for it: add columns: {{{role}: NAME}} to the statistic)"
            issues.append(_Issue(0, f"columns.{role}", message, ("columns", role) if renamed else ()))
    if issues:
        return _empty(statistic, tuple(issues))

    region_name_col = "region_name" if "region_name" in header else None
    wanted = list(dict.fromkeys([*mapped.values(), statistic.value, *statistic.filters, *([region_name_col] if region_name_col else [])]))
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False, usecols=wanted)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:  # e.g. a row with more fields than the header
        return _empty(statistic, (_Issue(0, "file", f"{name} cannot be read as CSV: {str(exc).strip()}", ("file",)),))
    frame["_line"] = _line_numbers(text, len(frame))  # numbered as the data files' lines are
    for column in wanted:
        frame[column] = frame[column].str.strip()

    keep = np.ones(len(frame), dtype=bool)
    for column, wanted_value in statistic.filters.items():
        hit = (frame[column] == wanted_value).to_numpy()
        if not hit.any():
            values = list(dict.fromkeys(frame[column].tolist()))
            near = difflib.get_close_matches(wanted_value, values, n=3, cutoff=0.5)
            shown = near or values[:8]
            issues.append(
                _Issue(0, f"filters.{column}", f"no row of {name} has {column} '{wanted_value}' ({'did you mean' if near else 'values there include'} {', '.join(repr(v) for v in shown)}{'?' if near else ''})", ("filters", column))
            )
        keep &= hit
    if issues:
        return _empty(statistic, tuple(issues))
    levels = frame[cols.geographic_level].str.lower()
    keep &= levels.isin([NATIONAL, REGIONAL, LOCAL_AUTHORITY]).to_numpy()
    frame = frame[keep]
    levels = levels[keep]

    # Date each distinct (identifier, period) once; report each that cannot be dated at its first line.
    dated: dict[tuple[str, str], tuple[str, dt.date] | None] = {}
    for ident, period, line in zip(frame[cols.time_identifier].tolist(), frame[cols.time_period].tolist(), frame["_line"].tolist()):
        if (ident, period) in dated:
            continue
        try:
            dated[(ident, period)] = period_date(ident, period)
        except ValueError as exc:
            which, message = exc.args
            dated[(ident, period)] = None
            issues.append(_Issue(int(line), getattr(cols, which), message))

    text_values = frame[statistic.value]
    lowered = text_values.str.lower()
    symbols = lowered.isin(_SYMBOL_SET)
    numbers = pd.to_numeric(text_values.where(~symbols & (text_values != "")), errors="coerce")
    bad = (text_values != "") & ~symbols & (numbers.isna() | ~np.isfinite(numbers.fillna(0)))
    if bad.any():
        rows = frame[bad]
        for value, line in list(zip(rows[statistic.value], rows["_line"]))[:10]:
            issues.append(_Issue(int(line), statistic.value, f"'{value}' is not a number or a DfE symbol ({', '.join(SYMBOLS)})"))
        if len(rows) > 10:
            issues.append(_Issue(int(rows["_line"].iloc[10]), statistic.value, f"{len(rows) - 10} more rows in this column are not numbers either (is '{statistic.value}' the right column?)"))

    england: dict[str, Figure] = {}
    regions: dict[tuple[str, str], Figure] = {}
    las: dict[str, dict[str, Figure]] = {}
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    new_codes: dict[str, str] = {}
    la_dates: dict[str, dt.date] = {}
    la_regions: dict[str, str] = {}
    region_names: dict[str, str] = {}
    periods: dict[str, dt.date] = {}
    duplicates: list[tuple[str, str, int, int]] = []  # (area, period, first line, this line)
    region_name_values = frame[region_name_col].tolist() if region_name_col else [""] * len(frame)
    for level, ident, period, new, old, la_name, region, region_name, value, symbol, line in zip(
        levels.tolist(),
        frame[cols.time_identifier].tolist(),
        frame[cols.time_period].tolist(),
        frame[cols.new_la_code].tolist(),
        frame[cols.old_la_code].tolist(),
        frame[cols.la_name].tolist(),
        frame[cols.region_code].tolist(),
        region_name_values,
        numbers.tolist(),
        lowered.where(symbols, "").tolist(),
        frame["_line"].tolist(),
    ):
        when = dated[(ident, period)]
        if when is None:
            continue
        label, date = when
        periods[label] = date
        figure = Figure(None if math.isnan(value) else float(value), symbol or None, int(line))
        if level == NATIONAL:
            table, key, area = england, label, "England"
        elif level == REGIONAL:
            if region_name:
                region_names[region] = region_name
            table, key, area = regions, (region, label), region_name or region
        else:
            if region_name and region:
                region_names.setdefault(region, region_name)  # a file without regional rows still names them
            la = old or new
            for code in (new, old):
                if code:
                    codes.setdefault(code, la)
            if la not in la_dates or date >= la_dates[la]:
                la_dates[la], names[la], new_codes[la] = date, la_name or la, new or la
                if region:
                    la_regions[la] = region
            table, key, area = las.setdefault(la, {}), label, la_name or la
        if key in table:
            duplicates.append((area, label, table[key].line, int(line)))
            continue
        table[key] = figure
    if duplicates:
        issues.append(_duplicates_issue(statistic, text, duplicates))
    ordered = tuple(sorted(periods.items(), key=lambda item: item[1]))
    return StatisticFile(statistic, ordered, england, regions, las, codes, names, new_codes, la_regions, region_names, tuple(issues))


def _duplicates_issue(statistic: Statistic, text: str, duplicates: list[tuple[str, str, int, int]]) -> _Issue:
    area, label, first, second = duplicates[0]
    differ = ""
    try:  # which columns tell the two rows apart: the filter to add (only on this error path)
        full = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False)
        lines = _line_numbers(text, len(full))
        a, b = full[lines == first].iloc[0], full[lines == second].iloc[0]
        figure = re.compile(r"[\d.\-]*")  # columns of figures differ too; the filter is among the others
        columns = [c for c in full.columns if a[c] != b[c] and not (figure.fullmatch(a[c]) and figure.fullmatch(b[c]))]
        if columns:
            differ = f"; the rows differ in {', '.join(columns[:5])}"
    except (IndexError, ValueError, pd.errors.ParserError):
        pass
    more = f"; {len(duplicates)} repeated rows in all" if len(duplicates) > 1 else ""
    return _Issue(
        0,
        "filters",
        f"{Path(statistic.file).name} has more than one row for {area} in {label} (lines {first} and {second}{more}): "
        f"add filters so that one row is left for each area and period{differ}",
        ("filters",),
    )


# -- statistical neighbours workbook (cached) ------------------------------------------------


@dataclass(frozen=True, eq=False)
class NeighboursFile:
    rows: dict[str, tuple[str, tuple[str, ...]]]  # LA number (old code, or new) -> (name, neighbour codes)
    problem: str | None = None  # why the workbook could not be used


def read_neighbours_file(path: Path) -> NeighboursFile:
    """The DfE statistical neighbours workbook (sn_*.xlsx, as LAIT uses): a header row with
    'LA number' (or 'LA num') and SN1 ... SN10; the first row for each LA wins (later rows under
    'Old SNs:' are former authorities)."""
    key = _file_key(path)
    if key is None or not path.is_file():
        return NeighboursFile({}, "missing")
    return _cached(("neighbours", *key), lambda: _parse_neighbours(path))


def _cell_code(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def _parse_neighbours(path: Path) -> NeighboursFile:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return NeighboursFile({}, "cannot be read as an Excel workbook (.xlsx)")
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header_at = None
            for index, row in enumerate(rows):
                cells = [str(c).strip().lower() if c is not None else "" for c in row]
                if "sn1" in cells and any(c in {"la number", "la num", "la code"} for c in cells):
                    header_at = cells
                    break
                if index > 30:
                    break
            if header_at is None:
                continue
            code_col = next(header_at.index(n) for n in ("la number", "la num", "la code") if n in header_at)
            name_col = header_at.index("la name") if "la name" in header_at else None
            sn_cols = [i for i, c in enumerate(header_at) if re.fullmatch(r"sn\d+", c)]
            found: dict[str, tuple[str, tuple[str, ...]]] = {}
            for row in rows:
                if not row or code_col >= len(row):
                    continue
                code = _cell_code(row[code_col])
                if not code or code in found:
                    continue
                name = str(row[name_col]).strip() if name_col is not None and row[name_col] is not None else code
                neighbours = tuple(c for c in (_cell_code(row[i]) for i in sn_cols if i < len(row)) if c)
                found[code] = (name, neighbours)
            return NeighboursFile(found)
    finally:
        book.close()
    return NeighboursFile({}, "has no sheet with a header row naming 'LA number' and SN1 to SN10 (expected the DfE statistical neighbours workbook)")


# -- comparing -------------------------------------------------------------------------------


def source_text(statistic: Statistic) -> str:
    """'timeliness_20_week.csv (DfE: Education, health and care plans, 2025 release)'."""
    name = Path(statistic.file).name
    return f"{name} ({statistic.release})" if statistic.release else name


def compare(
    table: StatisticFile,
    measure: Metric | ContextMeasure,
    la: LocalAuthority,
    neighbour_codes: tuple[str, ...],
) -> Comparison:
    """Ours beside England, our region and our neighbours, period by period (pure: no I/O)."""
    direction = measure.direction
    ours = table.la_key(la.code, la.old_code)
    neighbours = list(dict.fromkeys(k for k in (table.la_key(c) for c in neighbour_codes) if k is not None and k != ours))
    region = table.la_regions.get(ours) if ours else None
    periods = []
    for label, date in table.periods:
        mine = table.las.get(ours, {}).get(label) if ours else None
        value = mine.value if mine else None
        all_values = [f.value for f in (t.get(label) for t in table.las.values()) if f is not None and f.value is not None]
        near = [f.value for f in (table.las[k].get(label) for k in neighbours) if f is not None and f.value is not None]
        england = table.england.get(label)
        regional = table.regions.get((region, label)) if region else None
        rank = None
        if value is not None and direction is not None:
            rank = competition_ranks([value, *all_values], direction)[0]
        best = None
        if near and direction is not None:
            best = max(near) if direction == "increase" else min(near)
        periods.append(
            PeriodComparison(
                period=label,
                date=date,
                value=value,
                symbol=mine.symbol if mine else None,
                england=england.value if england else None,
                region=regional.value if regional else None,
                neighbours_mean=sum(near) / len(near) if near else None,
                neighbours_best=best,
                rank=rank,
                of=len(all_values),
                quartile=quartile(rank, len(all_values)),
            )
        )
    return Comparison(
        measure_id=measure.id,
        statistic_id=table.statistic.id,
        source=source_text(table.statistic),
        area_name=la.name,
        region_name=(table.region_names.get(region) or region) if region else None,
        neighbour_names=tuple(table.names[k] for k in neighbours),
        periods=tuple(periods),
        latest=_latest(table, ours, set(neighbours), direction),
        direction=direction,
    )


def _latest(table: StatisticFile, ours: str | None, neighbours: set[str], direction: str | None) -> tuple[Ranked, ...]:
    if not table.periods:
        return ()
    label = table.periods[-1][0]
    entries = [(key, f.value) for key, t in table.las.items() if (f := t.get(label)) is not None and f.value is not None]
    ranks = competition_ranks([v for _, v in entries], direction)
    ranked = [Ranked(table.new_codes.get(key, key), table.names.get(key, key), value, rank, key == ours, key in neighbours) for (key, value), rank in zip(entries, ranks)]
    sign = 1 if direction == "decrease" else -1  # best first; without a direction, largest first
    return tuple(sorted(ranked, key=lambda r: (sign * r.value, r.name)))


# -- the plan's statistics, with problems placed in the plan or the file ---------------------


class _PlanLines:
    """Lines in the plan file, read only when a problem needs one."""

    def __init__(self, path: Path, display: str):
        self.path, self.display = path, display
        self._doc: LocatedYaml | None = None
        self._read = False

    def line(self, where: tuple) -> int:
        if not self._read:
            self._doc, _ = read_yaml(self.path, self.display)
            self._read = True
        return self._doc.line(where) if self._doc is not None else 0

    def metric_path(self, measure_id: str) -> tuple:
        self.line(())
        entries = self._doc.data.get("metrics") if self._doc is not None and isinstance(self._doc.data, dict) else None
        for index, entry in enumerate(entries or []):
            if isinstance(entry, dict) and entry.get("id") == measure_id:
                return ("metrics", index)
        return ("metrics",)


def statistic_paths(plan: Plan, plan_path: Path) -> tuple[Path, ...]:
    """Every file the plan's statistics read (each statistic's file and the neighbours workbook),
    resolved beside the plan file: for a cache key that must change when any of them does."""
    written = [s.file for s in plan.statistics]
    if plan.local_authority is not None and plan.local_authority.neighbours_file and plan.statistics:
        written.append(plan.local_authority.neighbours_file)
    return tuple(Path(plan_path).parent / w for w in dict.fromkeys(written))


def _display_file(plan_display: str, written: str) -> str:
    """How a file named in the plan is shown: beside the plan file as the user named that."""
    if os.path.isabs(written):
        return written
    parent = os.path.dirname(plan_display)
    return os.path.normpath(os.path.join(parent, written)) if parent else os.path.normpath(written)


def _neighbour_codes(plan: Plan, plan_path: Path, lines: _PlanLines, display: str, problems: list[Problem]) -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    """The neighbours' codes, and for each the field a problem about it should name."""
    la = plan.local_authority
    assert la is not None
    if la.neighbours and la.neighbours_file:
        problems.append(Problem(display, lines.line(("local_authority", "neighbours_file")), "", "local_authority.neighbours_file", "give neighbours or neighbours_file, not both"))
        return (), []
    if la.neighbours:
        return la.neighbours, [(f"local_authority.neighbours[{i}]", f"'{c}'") for i, c in enumerate(la.neighbours)]
    if not la.neighbours_file:
        return (), []
    path = plan_path.parent / la.neighbours_file
    where = ("local_authority", "neighbours_file")
    book = read_neighbours_file(path)
    if book.problem == "missing":
        problems.append(Problem(display, lines.line(where), "", "local_authority.neighbours_file", _missing_file(la.neighbours_file, path)))
        return (), []
    name = Path(la.neighbours_file).name
    if book.problem:
        problems.append(Problem(display, lines.line(where), "", "local_authority.neighbours_file", f"{name} {book.problem}"))
        return (), []
    row = book.rows.get(la.old_code) or book.rows.get(la.code)
    if row is None:
        problems.append(
            Problem(display, lines.line(where), "", "local_authority.neighbours_file", f"{la.name} ({la.old_code} or {la.code}) is not in {name} (its rows are keyed by LA number)")
        )
        return (), []
    return row[1], [("local_authority.neighbours_file", f"neighbour {c} (SN{i + 1} in {name})") for i, c in enumerate(row[1])]


def load_statistics(plan: Plan, plan_path: Path, display: str | None = None) -> tuple[Statistics, list[Problem], pd.DataFrame]:
    """Read every statistic of the plan (files relative to the plan file), check it, and compare
    each measure that has ``compare``; also the observation rows of each measure with
    ``observations_from`` (our figures, missing ones skipped), in the data files' columns."""
    plan_path = Path(plan_path)
    display = display or str(plan_path)
    problems: list[Problem] = []
    if not plan.statistics:
        return EMPTY_STATISTICS, problems, empty_observations()
    lines = _PlanLines(plan_path, display)
    la = plan.local_authority
    neighbours, neighbour_fields = (), []
    if la is not None:
        neighbours, neighbour_fields = _neighbour_codes(plan, plan_path, lines, display, problems)
    tables: dict[str, StatisticFile] = {}
    for index, statistic in enumerate(plan.statistics):
        subject = f"statistic '{statistic.id}'"
        csv_display = _display_file(display, statistic.file)
        table = read_statistic(statistic, plan_path.parent / statistic.file)
        found = list(table.issues)
        for issue in found:
            if issue.line:
                problems.append(Problem(csv_display, issue.line, subject, issue.field, issue.message))
            else:
                problems.append(Problem(display, lines.line(("statistics", index, *issue.where)), subject, issue.field, issue.message))
        if found or la is None:
            continue
        name = Path(statistic.file).name
        if table.la_key(la.code, la.old_code) is None:
            problems.append(
                Problem(
                    display, lines.line(("local_authority", "code")), "", "local_authority.code",
                    f"{la.name} ({la.code}, old code {la.old_code}) is not a local authority in {name} (statistic '{statistic.id}')",
                )
            )  # fmt: skip
        for code, (field_name, what) in zip(neighbours, neighbour_fields):
            if table.la_key(code) is None:
                where = ("local_authority", *_path_of(field_name))
                problems.append(Problem(display, lines.line(where), "", field_name, f"{what} is not a local authority in {name} (statistic '{statistic.id}')"))
        tables[statistic.id] = table
    if problems:
        return EMPTY_STATISTICS, sorted(problems), empty_observations()
    assert la is not None or not any(m.compare or m.observations_from for m in plan.measures)
    comparisons = {}
    frames = []
    for measure in plan.measures:
        if measure.compare and measure.compare in tables:
            comparisons[measure.id] = compare(tables[measure.compare], measure, la, neighbours)
        if measure.observations_from and measure.observations_from in tables:
            frames.append(_observations(tables[measure.observations_from], measure.id, la, _display_file(display, tables[measure.observations_from].statistic.file)))
    observations = pd.concat(frames, ignore_index=True) if frames else empty_observations()
    return Statistics(comparisons), [], observations


def _path_of(field_name: str) -> tuple:
    """'local_authority.neighbours[2]' -> ('neighbours', 2)."""
    match = re.fullmatch(r"local_authority\.(\w+)(?:\[(\d+)\])?", field_name)
    assert match
    return (match.group(1),) if match.group(2) is None else (match.group(1), int(match.group(2)))


def empty_observations() -> pd.DataFrame:
    """No observation rows, typed like the data files' observations frame."""
    return pd.DataFrame({c: [] for c in OBSERVATION_FRAME_COLUMNS}).astype(
        {"metric_id": object, "date": "datetime64[ns]", "value": float, "n": float, "source": object, "note": object, "illustrative": bool, "file": object, "line": "int64"}
    )


def _observations(table: StatisticFile, measure_id: str, la: LocalAuthority, file_display: str) -> pd.DataFrame:
    ours = table.la_key(la.code, la.old_code)
    figures = table.las.get(ours, {}) if ours else {}
    rows = [(date, figures[label]) for label, date in table.periods if label in figures and figures[label].value is not None]
    if not rows:
        return empty_observations()
    source = source_text(table.statistic)
    return pd.DataFrame(
        {
            "metric_id": [measure_id] * len(rows),
            "date": pd.to_datetime([d for d, _ in rows]).astype("datetime64[ns]"),
            "value": [f.value for _, f in rows],
            "n": [np.nan] * len(rows),
            "source": [source] * len(rows),
            "note": [""] * len(rows),
            "illustrative": [False] * len(rows),
            "file": [file_display] * len(rows),
            "line": [f.line for _, f in rows],
        }
    )
