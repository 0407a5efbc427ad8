"""The data folder: every ``*.csv`` in it, observations or action updates, told apart by header.

Reading is vectorised with pandas (a plan of 10,000 metrics has over a million observations);
rows are checked column by column and each problem names the file, the line and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from metrics.domain.plan import DATE_RANGE, FIRST_DATE, LAST_DATE, MAX_NUMBER, Plan
from metrics.domain.problems import (
    MAX_TEXT,
    Problem,
    control_problems,
    not_text_message,
    os_error_message,
    read_bytes,
    size_text,
)
from metrics.domain.status import STATUS_NAMES, Status
from metrics.domain.withheld import Withheld

OBSERVATION_COLUMNS = ("metric_id", "date", "value")
OBSERVATION_OPTIONAL = ("n", "source", "note", "illustrative")
UPDATE_COLUMNS = ("action_id", "date", "status", "narrative")
UPDATE_OPTIONAL = ("public_narrative", "illustrative")

_OR_NAMES = " or ".join(STATUS_NAMES.rsplit(", ", 1))  # 'blue, green, amber, red or grey'
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}


@dataclass(frozen=True)
class Correction:
    """A value that replaced an earlier one for the same date. Only a database has these (a CSV
    folder holds one value per date): the earlier value is kept there, and this says what it was."""

    recorded_at: dt.datetime  # when the correction was recorded (UTC)
    by: str  # who recorded it
    reason: str  # why
    previous: float  # the value it replaced


@dataclass(frozen=True, eq=False)
class Series:
    """One metric's observations, in date order (a view on the dataset's arrays)."""

    metric_id: str
    dates: np.ndarray  # datetime64[D]
    values: np.ndarray  # float64
    n: np.ndarray  # float64, NaN where not a survey
    illustrative: np.ndarray  # bool
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    withheld: tuple[Withheld | None, ...] = ()  # public view: why each value is not shown (None: shown)
    corrections: tuple[Correction | None, ...] = ()  # from a database: the value each one replaced (None: not a correction)

    def __len__(self) -> int:
        return len(self.values)

    @cached_property
    def fingerprint(self) -> bytes:
        """A digest of everything the series holds: two series with the same digest hold the same
        figures, so what is worked out from one (a status, a tile, SPC) holds for the other."""
        digest = hashlib.blake2b(digest_size=16)
        for array in (self.dates, self.values, self.n, self.illustrative):
            digest.update(np.ascontiguousarray(array).tobytes())
            digest.update(b"|")
        digest.update(repr((self.metric_id, self.sources, self.notes, self.withheld, self.corrections)).encode())
        return digest.digest()

    def upto(self, as_of: dt.date) -> "Series":
        """Only the observations dated on or before ``as_of``: the same object for the same stop, so
        what is worked out from it (its fingerprint) is worked out once."""
        stop = int(np.searchsorted(self.dates, np.datetime64(as_of, "D"), side="right"))
        if stop == len(self):
            return self
        shorter = self.__dict__.setdefault("_shorter", {})  # frozen, but not slotted: a cache beside the fields
        kept = shorter.get(stop)
        if kept is None:
            if len(shorter) >= _SHORTER_KEPT:
                shorter.clear()
            kept = shorter[stop] = self._cut(stop)
        return kept

    def _cut(self, stop: int) -> "Series":
        return Series(
            self.metric_id,
            self.dates[:stop],
            self.values[:stop],
            self.n[:stop],
            self.illustrative[:stop],
            self.sources[:stop],
            self.notes[:stop],
            self.withheld[:stop],
            self.corrections[:stop],
        )

    def date(self, i: int) -> dt.date:
        return self.dates[i].astype(object)

    def withheld_at(self, i: int) -> Withheld | None:
        """Why the i-th value is not shown to this audience (None: it is shown)."""
        return self.withheld[i] if self.withheld else None

    def correction_at(self, i: int) -> Correction | None:
        """The i-th value replaced an earlier one (a correction recorded in the database), or None."""
        return self.corrections[i] if self.corrections else None

    def rows(self) -> list[dict]:
        return [
            {
                "date": self.date(i),
                "value": None if self.withheld_at(i) else float(self.values[i]),
                "withheld": self.withheld_at(i),
                "n": None if np.isnan(self.n[i]) else int(self.n[i]),
                "illustrative": bool(self.illustrative[i]),
                "source": self.sources[i],
                "note": self.notes[i],
            }
            for i in range(len(self))
        ]


_SHORTER_KEPT = 8  # a series keeps this many of its shortened copies (one per as-of date asked for)

_EMPTY = np.array([], dtype="datetime64[D]")


def empty_series(metric_id: str) -> Series:
    return Series(metric_id, _EMPTY, np.array([], dtype=float), np.array([], dtype=float), np.array([], dtype=bool), (), ())


@dataclass(frozen=True)
class ActionUpdate:
    action_id: str
    date: dt.date
    status: Status
    narrative: str
    public_narrative: str
    illustrative: bool = False  # made up for demonstration, not a real update: marked wherever shown


@dataclass(frozen=True, eq=False)
class Dataset:
    observations: pd.DataFrame  # metric_id, date, value, n, source, note, illustrative (and from a database, correction); sorted
    updates: tuple[ActionUpdate, ...]  # sorted by action and date
    files: tuple[str, ...]

    @cached_property
    def _bounds(self) -> dict[str, tuple[int, int]]:
        codes, uniques = pd.factorize(self.observations["metric_id"])  # integer codes: cheaper than comparing strings
        if len(codes) == 0:
            return {}
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        stops = np.r_[starts[1:], len(codes)]
        ids = list(uniques)
        return {ids[codes[s]]: (int(s), int(e)) for s, e in zip(starts, stops)}

    @cached_property
    def _arrays(self) -> tuple:
        obs = self.observations
        return (
            obs["date"].to_numpy(dtype="datetime64[D]"),
            obs["value"].to_numpy(dtype=float),
            obs["n"].to_numpy(dtype=float),
            obs["illustrative"].to_numpy(dtype=bool),
            obs["source"].tolist(),
            obs["note"].tolist(),
            obs["withheld"].tolist() if "withheld" in obs else None,
            obs["correction"].tolist() if "correction" in obs else None,
        )

    def series(self, metric_id: str) -> Series:
        """One metric's observations: the same object each time it is asked for (statuses, SPC and
        tiles each ask; what they work out from it, its fingerprint, is then worked out once)."""
        made = self.__dict__.setdefault("_series", {})  # frozen, but not slotted: a cache beside the fields
        series = made.get(metric_id)
        if series is None:
            series = made[metric_id] = self._series_of(metric_id)
        return series

    def _series_of(self, metric_id: str) -> Series:
        bounds = self._bounds.get(metric_id)
        if bounds is None:
            return empty_series(metric_id)
        s, e = bounds
        dates, values, n, illustrative, sources, notes, withheld, corrections = self._arrays
        return Series(
            metric_id,
            dates[s:e],
            values[s:e],
            n[s:e],
            illustrative[s:e],
            tuple(sources[s:e]),
            tuple(notes[s:e]),
            tuple(withheld[s:e]) if withheld is not None else (),
            tuple(corrections[s:e]) if corrections is not None else (),
        )

    @cached_property
    def _histories(self) -> dict[str, tuple[ActionUpdate, ...]]:
        out: dict[str, list[ActionUpdate]] = {}
        for update in self.updates:
            out.setdefault(update.action_id, []).append(update)
        return {k: tuple(v) for k, v in out.items()}

    def history(self, action_id: str) -> tuple[ActionUpdate, ...]:
        return self._histories.get(action_id, ())


# -- reading ---------------------------------------------------------------------------------

MAX_DATA_FILES = 1_000  # CSV files in the data folder
MAX_DATA_BYTES = 200_000_000  # all of them together; 10,000 metrics x 10 years of months (benchmarks/) are 85 MB
MAX_COLUMNS = 100  # in a header; observations have 7 columns at most, action updates 6
MAX_LISTED = 100  # rows listed for one check in one file; the rest are counted in one more line
_SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".ods", ".numbers"}


@dataclass(frozen=True)
class DataFile:
    """A file in the data folder, and what reading did with it: `check` lists every one."""

    name: str  # as shown, e.g. 'sample_data/observations.csv'
    read: bool
    note: str  # read: what it holds ('12 observations'); skipped: why ('not a .csv file')

    def __str__(self) -> str:
        return f"{self.name}: read, {self.note}" if self.read else f"{self.name}: {self.note}, skipped"


def load_data(data_dir: Path, plan: Plan | None, display: str | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Read every CSV in ``data_dir``; check ids against the plan when there is one."""
    dataset, problems, _ = read_data(data_dir, plan, display)
    return dataset, problems


def read_data(data_dir: Path, plan: Plan | None, display: str | None = None) -> tuple[Dataset | None, list[Problem], tuple[DataFile, ...]]:
    """``load_data``, and every file in the folder with what was done with it (read or skipped, and why)."""
    display = display or str(data_dir)
    try:
        if not data_dir.is_dir():
            message = "is a file, not a data folder of CSV files" if data_dir.exists() else "data folder not found"
            return None, [Problem(display, 0, "", "", message)], ()
        entries = sorted(os.scandir(data_dir), key=lambda e: e.name)
    except OSError as exc:
        return None, [Problem(display, 0, "", "", f"cannot read the data folder ({os_error_message(exc)})")], ()
    files: list[Path] = []
    notes: dict[str, DataFile] = {}
    total = 0
    for entry in entries:
        why, size = _skip_reason(entry)
        name = _display_name(display, Path(entry.path))
        if why:
            notes[entry.name] = DataFile(name, False, why)
        else:
            files.append(Path(entry.path))
            total += size
    skipped = tuple(notes.values())
    if not files:
        found = "; skipped: " + ", ".join(f"{Path(f.name).name} ({f.note})" for f in skipped[:10]) + (", ..." if len(skipped) > 10 else "") if skipped else ""
        return None, [Problem(display, 0, "", "", f"no CSV files in the data folder (expected observations and action updates){found}")], skipped
    if len(files) > MAX_DATA_FILES:
        return None, [Problem(display, 0, "", "", f"has {len(files):,} CSV files: at most {MAX_DATA_FILES:,} are read (combine them into fewer files)")], skipped
    if total > MAX_DATA_BYTES:
        return None, [Problem(display, 0, "", "", f"the CSV files in the data folder come to {size_text(total)}: at most {size_text(MAX_DATA_BYTES)} are read (10,000 metrics with ten years of monthly figures come to 85 MB)")], skipped
    problems: list[Problem] = []
    observation_frames: list[pd.DataFrame] = []
    update_frames: list[pd.DataFrame] = []
    for path in files:
        name = _display_name(display, path)
        frame, kind, file_problems = _read_csv(path, name)
        problems.extend(file_problems)
        if frame is None:
            notes[path.name] = DataFile(name, True, "could not be read: see its problems")
            continue
        if kind == "observations":
            observation_frames.append(_check_observations(frame, name, plan, problems))
            notes[path.name] = DataFile(name, True, _count(len(frame), "observation"))
        else:
            update_frames.append(_check_updates(frame, name, plan, problems))
            notes[path.name] = DataFile(name, True, _count(len(frame), "action update"))
    observations = _combine_observations(observation_frames, problems)
    updates = _combine_updates(update_frames, problems)
    listed = tuple(notes[e.name] for e in entries if e.name in notes)
    if problems:
        return None, problems, listed
    return Dataset(observations, updates, tuple(_display_name(display, p) for p in files)), [], listed


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def _skip_reason(entry: os.DirEntry) -> tuple[str, int]:
    """Why a file in the data folder is not read ('' when it is read), and its size."""
    name = entry.name
    suffix = Path(name).suffix.lower()
    try:
        if entry.is_dir():
            return "a folder", 0
        if not entry.is_file():
            return ("a link to a file that does not exist" if entry.is_symlink() else "not a file (a device, pipe or socket)"), 0
        size = entry.stat().st_size
    except OSError as exc:
        return f"cannot be read ({os_error_message(exc)})", 0
    if name.startswith("~$"):
        return "a lock file Excel keeps while a file is open", 0
    if name.startswith("."):
        return "a hidden file", 0
    if suffix == ".csv":  # any case: data.CSV, x.Csv
        return "", size
    if suffix in _SPREADSHEETS:
        return "a spreadsheet, not CSV: to use it, save it as CSV UTF-8 (comma delimited)", 0
    return "not a .csv file", 0


def _display_name(display: str, path: Path) -> str:
    return f"{display.rstrip('/')}/{path.name}"


def _read_csv(path: Path, name: str) -> tuple[pd.DataFrame | None, str, list[Problem]]:
    raw, problem = read_bytes(path, name, MAX_DATA_BYTES, "a CSV file", f"at most {size_text(MAX_DATA_BYTES)} of data are read")
    if problem is not None:
        return None, "", [problem]
    assert raw is not None
    not_text = not_text_message(raw, "CSV text")
    if not_text is not None:
        return None, "", [Problem(name, 0, "", "", f"{not_text}; save it as CSV UTF-8")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, "", [Problem(name, line, "", "", f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as CSV UTF-8")]
    if "\r" in text and text.count("\r") != text.count("\r\n"):  # old Mac line ends (CR alone): lines all the same
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = control_problems(text, name, raw=raw)
    if controls:
        return None, "", controls
    if not text.strip():
        return None, "", [Problem(name, 1, "", "", "the file is empty (expected a header line)")]
    first = text[: text.find("\n")] if "\n" in text else text  # the first line, without splitting the whole file
    first = first.rstrip("\r")
    if not first.strip():
        return None, "", [Problem(name, 1, "", "header", "is blank: the first line must name the columns (e.g. metric_id,date,value)")]
    wrong = _separator_problem(first)
    if wrong:
        return None, "", [Problem(name, 1, "", "header", wrong)]
    long_lines = _long_fields(raw, text, name)
    if long_lines:
        return None, "", long_lines
    try:
        header = next(csv.reader(io.StringIO(first)))  # the names as written ('' for a stray comma; no 'date.1' for a repeat)
    except csv.Error as exc:
        return None, "", [Problem(name, 1, "", "header", _csv_error(exc))]
    if len(header) > MAX_COLUMNS:
        return None, "", [Problem(name, 1, "", "header", f"has {len(header):,} columns: at most {MAX_COLUMNS} are read (observations have 7 at most, action updates 6)")]
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False)
    except (pd.errors.ParserError, csv.Error):
        return None, "", _ragged_rows(text, name)
    if not isinstance(frame.index, pd.RangeIndex):  # every row had a field more than the header: pandas made the first its index
        return None, "", _ragged_rows(text, name)
    frame.columns = [c.strip() for c in header] if len(header) == len(frame.columns) else [str(c).strip() for c in frame.columns]
    columns = set(frame.columns)
    if "metric_id" in columns:
        kind, required, optional = "observations", OBSERVATION_COLUMNS, OBSERVATION_OPTIONAL
    elif "action_id" in columns:
        kind, required, optional = "updates", UPDATE_COLUMNS, UPDATE_OPTIONAL
    else:
        return None, "", [
            Problem(
                name,
                1,
                "",
                "header",
                "is neither observations (metric_id,date,value) nor action updates "
                "(action_id,date,status,narrative)",
            )
        ]
    problems = []
    for column in required:
        if column not in columns:
            problems.append(Problem(name, 1, "", "header", f"missing column '{column}' (needed for {kind}: {','.join(required)})"))
    for column in dict.fromkeys(frame.columns):
        if not column:
            problems.append(Problem(name, 1, "", "header", "a column has no name (a stray comma in the header?)"))
        elif column not in required and column not in optional:
            allowed = ", ".join(required + optional)
            problems.append(Problem(name, 1, "", "header", f"unknown column '{column}' (allowed for {kind}: {allowed})"))
    duplicates = {c for c in frame.columns if c and list(frame.columns).count(c) > 1}
    for column in sorted(duplicates):
        problems.append(Problem(name, 1, "", "header", f"column '{column}' appears more than once"))
    if problems:
        return None, kind, problems
    for column in optional:
        if column not in columns:
            frame[column] = ""
    if len(text) > MAX_TEXT and '"' in text and not _one_line_per_row(text, len(frame)):
        long_fields = _long_quoted_fields(text, name)
        if long_fields:
            return None, kind, long_fields
    try:
        frame["line"] = _line_numbers(text, len(frame))
    except csv.Error as exc:
        return None, kind, [Problem(name, 0, "", "", _csv_error(exc))]
    frame = frame[~(frame[list(required) + list(optional)] == "").all(axis=1)]  # blank lines
    for column in list(required) + list(optional):
        frame[column] = frame[column].str.strip()
    return frame, kind, []


def _csv_error(exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return f"a field is longer than {csv.field_size_limit():,} characters: a value may have at most {MAX_TEXT:,} (the most a spreadsheet cell holds)"
    return f"cannot be read as CSV: {exc}"


def _separator_problem(first: str) -> str | None:
    """The header line says the file is not comma-separated: say what it is, and what to do."""
    hint = re.fullmatch(r'"?sep=(.?)"?,*', first.strip(), re.IGNORECASE)
    if hint:
        used = {";": "semicolons", "\t": "tabs", "|": "bars (|)"}.get(hint.group(1))
        if used:
            return f"line 1 is '{first.strip()}', the line Excel writes to say which separator follows: this file uses {used}: save it as CSV UTF-8 (comma delimited)"
        return f"line 1 is '{first.strip()}', the line Excel writes to say which separator follows, not the column names: delete that line"
    if "," in first:
        return None
    for char, used in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars (|)")):
        if char in first:
            return f"this file uses {used}, not commas, between its columns: save it as CSV UTF-8 (comma delimited)"
    return None


def _long_fields(raw: bytes, text: str, name: str) -> list[Problem]:
    """A problem for each line with a field longer than a spreadsheet cell holds. Counted in
    bytes first (numpy, a few milliseconds for a big file): a line no longer than the limit in
    bytes has no field longer than the limit in characters."""
    if len(raw) <= MAX_TEXT:
        return []
    # A line longer than the limit holds a whole stretch of half the limit, aligned to a multiple of
    # it, with no line break: looking for a line break in each stretch is ~1,000 finds for 17 MB.
    half = MAX_TEXT // 2
    if all(raw.find(b"\n", start, start + half) >= 0 for start in range(0, len(raw) - half, half)):
        return []
    ends = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 10)
    longest = int(np.diff(np.r_[-1, ends, len(raw)]).max()) - 1
    if longest <= MAX_TEXT:
        return []
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) <= MAX_TEXT:
            continue
        try:
            fields = next(csv.reader([line]))
        except csv.Error:  # a field longer than the csv module reads: near enough, split at commas
            fields = [part.strip().strip('"') for part in line.split(",")]
        size = max(map(len, fields), default=0)
        if size > MAX_TEXT:
            problems.append(Problem(name, number, "", "", f"a field is {size:,} characters long: a value may have at most {MAX_TEXT:,} (the most a spreadsheet cell holds)"))
            if len(problems) == MAX_LISTED:
                break
    return problems


def _long_quoted_fields(text: str, name: str) -> list[Problem]:
    """Quoted fields may span lines: the first field longer than the limit though its lines are short."""
    for match in re.finditer(r'"(?:[^"]|"")*"', text):
        if match.end() - match.start() > MAX_TEXT:
            size = len(match.group()[1:-1].replace('""', '"'))
            if size > MAX_TEXT:
                line = text.count("\n", 0, match.start()) + 1
                return [Problem(name, line, "", "", f"a field is {size:,} characters long: a value may have at most {MAX_TEXT:,} (the most a spreadsheet cell holds)")]
    return []


def _one_line_per_row(text: str, rows: int) -> bool:
    """No row spans lines (pandas keeps blank lines as rows, so lines == rows + header exactly
    then); saves a csv pass over the whole file when quotes are only around commas."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return False
    return text.count("\n") + (not text.endswith("\n")) == rows + 1


def _line_numbers(text: str, rows: int) -> np.ndarray:
    """The line each data row starts on (header = line 1), allowing for quoted line breaks."""
    if '"' not in text or _one_line_per_row(text, rows):
        return np.arange(2, rows + 2)
    reader = csv.reader(io.StringIO(text))
    starts = []
    line = 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return np.array(starts[1 : rows + 1] + [0] * max(0, rows - len(starts) + 1))[:rows]


def _ragged_rows(text: str, name: str) -> list[Problem]:
    problems = []
    reader = csv.reader(io.StringIO(text))
    width = None
    start = 1
    try:
        for row in reader:
            if width is None:
                width = len(row)
            elif row and len(row) != width:
                problems.append(Problem(name, start, "", "", f"has {len(row)} fields but the header has {width} (a stray comma? quote text that contains commas)"))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(name, start, "", "", _csv_error(exc)))
    return problems or [Problem(name, 0, "", "", "cannot be read as CSV")]


def _report(problems: list[Problem], name: str, frame: pd.DataFrame, mask: pd.Series, subject_col: str, kind: str, field: str, message) -> None:
    if not mask.any():  # the happy path: no row to report, so no frame[mask] copy
        return
    hits = frame[mask]
    for _, row in hits.head(MAX_LISTED).iterrows():
        ident = row[subject_col]
        subject = f"{kind} '{ident}'" if ident else ""
        problems.append(Problem(name, int(row["line"]), subject, field, message(row)))
    if len(hits) > MAX_LISTED:  # a file wrong throughout (a column shifted, the wrong file): say how many, not each
        more = len(hits) - MAX_LISTED
        problems.append(Problem(name, int(hits["line"].iloc[MAX_LISTED]), "", field, f"{more:,} more row{'s' if more != 1 else ''} from here on with the same problem (only the first {MAX_LISTED} are listed)"))


def _short(text: str) -> str:
    return text if len(text) <= 20 else f"{text[:12]}... ({len(text):,} characters)"


def _to_number(text: pd.Series) -> pd.Series:
    """``pd.to_numeric(text, errors="coerce")``; first tries Arrow's cast (5x faster), which is
    stricter (no spaces, no '1_000'), so whenever it refuses a value pandas decides."""
    try:
        cast = text.mask(text == "").astype("float64[pyarrow]").to_numpy(dtype="float64", na_value=np.nan)
        return pd.Series(cast, index=text.index, dtype="float64")
    except (ValueError, TypeError, ImportError):
        return pd.to_numeric(text, errors="coerce")


def _isin(column: pd.Series, values: set[str]) -> pd.Series:
    """``column.isin(values)`` through the distinct values: pandas converts a set of 10,000 ids
    to an array on every call (50 ms per 250,000 rows); this looks each distinct id up once."""
    codes, uniques = pd.factorize(column)
    hit = np.fromiter((u in values for u in uniques), dtype=bool, count=len(uniques))
    return pd.Series(np.append(hit, False)[codes], index=column.index)  # code -1 (missing) -> False


def _parse_dates(frame: pd.DataFrame, name: str, subject_col: str, kind: str, problems: list[Problem]) -> pd.Series:
    text = frame["date"]
    shaped = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    parsed = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce")
    _report(problems, name, frame, text == "", subject_col, kind, "date", lambda r: "missing (use YYYY-MM-DD)")
    _report(problems, name, frame, (text != "") & ~shaped, subject_col, kind, "date", lambda r: f"'{r['date']}' is not a date (use YYYY-MM-DD)")
    _report(problems, name, frame, shaped & parsed.isna(), subject_col, kind, "date", lambda r: f"'{r['date']}' is not a real date")
    out_of_range = parsed.notna() & ((parsed < pd.Timestamp(FIRST_DATE)) | (parsed > pd.Timestamp(LAST_DATE)))
    if out_of_range.any():
        _report(problems, name, frame, out_of_range, subject_col, kind, "date", lambda r: f"{r['date']} is out of range: {DATE_RANGE}")
        parsed = parsed.mask(out_of_range)
    return parsed


def _check_observations(frame: pd.DataFrame, name: str, plan: Plan | None, problems: list[Problem]) -> pd.DataFrame:
    sub = "metric_id"
    _report(problems, name, frame, frame[sub] == "", sub, "metric", "metric_id", lambda r: "missing")
    if plan is not None:
        known = {m.id for m in plan.measures}
        unknown = (frame[sub] != "") & ~_isin(frame[sub], known)
        _report(problems, name, frame, unknown, sub, "metric", "metric_id", lambda r: f"unknown metric '{r[sub]}' (not in the plan)")
    dates = _parse_dates(frame, name, sub, "metric", problems)
    values = _to_number(frame["value"])
    too_large = values.abs() > MAX_NUMBER
    if too_large.any():  # 1e20, or 400 digits (read as infinity): too large; 'inf' itself is not a number
        too_large &= frame["value"].str.contains(r"\d", regex=True)
    bad_value = values.isna() | ~np.isfinite(values.fillna(0)) | too_large
    _report(problems, name, frame, frame["value"] == "", sub, "metric", "value", lambda r: "missing (a number is needed)")
    _report(problems, name, frame, (frame["value"] != "") & bad_value & ~too_large, sub, "metric", "value", lambda r: f"'{r['value']}' is not a number")
    _report(problems, name, frame, too_large, sub, "metric", "value", lambda r: f"'{_short(r['value'])}' is too large: a number must lie between -1e15 and 1e15")
    if plan is not None:
        percent_ids = {m.id for m in plan.measures if m.is_percent}
        out_of_range = _isin(frame[sub], percent_ids) & ~bad_value & ((values < 0) | (values > 100))
        _report(problems, name, frame, out_of_range, sub, "metric", "value", lambda r: f"{r['value']} is not a percentage (must lie between 0 and 100)")
    n = _to_number(frame["n"])
    bad_n = (frame["n"] != "") & (n.isna() | (n < 1) | (n % 1 != 0) | (n > MAX_NUMBER))
    _report(problems, name, frame, bad_n, sub, "metric", "n", lambda r: f"'{r['n']}' is not a number of respondents (a whole number, 1 or more)")
    flags = frame["illustrative"].str.lower()
    bad_flag = ~flags.isin(_TRUE | _FALSE)
    _report(problems, name, frame, bad_flag, sub, "metric", "illustrative", lambda r: f"'{r['illustrative']}' is not true or false")
    return pd.DataFrame(
        {
            "metric_id": frame[sub],
            "date": dates,
            "value": values,
            "n": n.where(frame["n"] != ""),
            "source": frame["source"],
            "note": frame["note"],
            "illustrative": flags.isin(_TRUE),
            "file": name,
            "line": frame["line"],
        }
    )


def _check_updates(frame: pd.DataFrame, name: str, plan: Plan | None, problems: list[Problem]) -> pd.DataFrame:
    sub = "action_id"
    _report(problems, name, frame, frame[sub] == "", sub, "action", "action_id", lambda r: "missing")
    if plan is not None:
        known = {a.id for a in plan.actions}
        unknown = (frame[sub] != "") & ~_isin(frame[sub], known)
        _report(problems, name, frame, unknown, sub, "action", "action_id", lambda r: f"unknown action '{r[sub]}' (not in the plan)")
    dates = _parse_dates(frame, name, sub, "action", problems)
    status = frame["status"].str.lower()
    _report(problems, name, frame, status == "", sub, "action", "status", lambda r: f"missing (use {_OR_NAMES})")
    bad = (status != "") & ~status.isin([s.value for s in Status])
    _report(problems, name, frame, bad, sub, "action", "status", lambda r: f"'{r['status']}' is not a BRAG status (use {_OR_NAMES})")
    flags = frame["illustrative"].str.lower()
    _report(problems, name, frame, ~flags.isin(_TRUE | _FALSE), sub, "action", "illustrative", lambda r: f"'{r['illustrative']}' is not true or false")
    return pd.DataFrame(
        {
            "action_id": frame[sub],
            "date": dates,
            "status": status,
            "narrative": frame["narrative"],
            "public_narrative": frame["public_narrative"],
            "illustrative": flags.isin(_TRUE),
            "file": name,
            "line": frame["line"],
        }
    )


def _duplicates(frame: pd.DataFrame, key: str, kind: str, problems: list[Problem]) -> None:
    valid = frame.dropna(subset=["date"])
    later = valid.duplicated(subset=[key, "date"], keep="first")
    if not later.any():
        return
    firsts = valid[~later].drop_duplicates(subset=[key, "date"])[[key, "date", "file", "line"]]
    again = valid[later][[key, "date", "file", "line"]].merge(firsts, on=[key, "date"], suffixes=("", "_first"), sort=False)
    for file, rows in again.groupby("file", sort=False):  # a file copied in whole would be every row: list the first
        rows = rows.sort_values("line", kind="stable")
        for row in rows.head(MAX_LISTED).itertuples(index=False):
            first_at = f"{row.file_first}:{int(row.line_first)}"
            problems.append(Problem(file, int(row.line), f"{kind} '{getattr(row, key)}'", "date", f"a second row for {row.date.date()} (the first is at {first_at}); keep one"))
        if len(rows) > MAX_LISTED:
            more = len(rows) - MAX_LISTED
            problems.append(Problem(file, int(rows["line"].iloc[MAX_LISTED]), "", "date", f"{more:,} more row{'s' if more != 1 else ''} from here on with the same problem (only the first {MAX_LISTED} are listed)"))


def _combine_observations(frames: list[pd.DataFrame], problems: list[Problem]) -> pd.DataFrame:
    columns = ["metric_id", "date", "value", "n", "source", "note", "illustrative", "file", "line"]
    if not frames:
        # typed like a read file's columns, so date comparisons work on a folder with no observations
        return pd.DataFrame({c: [] for c in columns}).astype({"date": "datetime64[ns]", "value": float, "n": float, "illustrative": bool})
    frame = pd.concat(frames, ignore_index=True)
    _duplicates(frame, "metric_id", "metric", problems)
    return frame.sort_values(["metric_id", "date"], kind="stable").reset_index(drop=True)


def _combine_updates(frames: list[pd.DataFrame], problems: list[Problem]) -> tuple[ActionUpdate, ...]:
    if not frames:
        return ()
    frame = pd.concat(frames, ignore_index=True)
    _duplicates(frame, "action_id", "action", problems)
    if problems:
        return ()
    frame = frame.sort_values(["action_id", "date"], kind="stable")
    return tuple(
        ActionUpdate(r.action_id, r.date.date(), Status(r.status), r.narrative, r.public_narrative, bool(r.illustrative))
        for r in frame.itertuples(index=False)
    )
