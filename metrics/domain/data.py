"""The data folder: every ``*.csv`` in it, observations or action updates, told apart by header.

Reading is vectorised with pandas (a plan of 10,000 metrics has over a million observations);
rows are checked column by column and each problem names the file, the line and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from metrics.domain.plan import Plan
from metrics.domain.problems import Problem
from metrics.domain.status import STATUS_NAMES, Status
from metrics.domain.withheld import Withheld

OBSERVATION_COLUMNS = ("metric_id", "date", "value")
OBSERVATION_OPTIONAL = ("n", "source", "note", "illustrative")
UPDATE_COLUMNS = ("action_id", "date", "status", "narrative")
UPDATE_OPTIONAL = ("public_narrative", "illustrative")

_OR_NAMES = " or ".join(STATUS_NAMES.rsplit(", ", 1))  # 'blue, green, amber, red or grey'
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}


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

    def __len__(self) -> int:
        return len(self.values)

    def upto(self, as_of: dt.date) -> "Series":
        """Only the observations dated on or before ``as_of``."""
        stop = int(np.searchsorted(self.dates, np.datetime64(as_of, "D"), side="right"))
        if stop == len(self):
            return self
        return Series(
            self.metric_id,
            self.dates[:stop],
            self.values[:stop],
            self.n[:stop],
            self.illustrative[:stop],
            self.sources[:stop],
            self.notes[:stop],
            self.withheld[:stop],
        )

    def date(self, i: int) -> dt.date:
        return self.dates[i].astype(object)

    def withheld_at(self, i: int) -> Withheld | None:
        """Why the i-th value is not shown to this audience (None: it is shown)."""
        return self.withheld[i] if self.withheld else None

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
    observations: pd.DataFrame  # metric_id, date, value, n, source, note, illustrative; sorted
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
        )

    def series(self, metric_id: str) -> Series:
        bounds = self._bounds.get(metric_id)
        if bounds is None:
            return empty_series(metric_id)
        s, e = bounds
        dates, values, n, illustrative, sources, notes, withheld = self._arrays
        return Series(
            metric_id,
            dates[s:e],
            values[s:e],
            n[s:e],
            illustrative[s:e],
            tuple(sources[s:e]),
            tuple(notes[s:e]),
            tuple(withheld[s:e]) if withheld is not None else (),
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


def load_data(data_dir: Path, plan: Plan | None, display: str | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Read every CSV in ``data_dir``; check ids against the plan when there is one."""
    display = display or str(data_dir)
    if not data_dir.exists():
        return None, [Problem(display, 0, "", "", "data folder not found")]
    if not data_dir.is_dir():
        return None, [Problem(display, 0, "", "", "is a file, not a data folder of CSV files")]
    files = sorted(p for p in data_dir.glob("*.csv") if p.is_file())
    if not files:
        return None, [Problem(display, 0, "", "", "no CSV files in the data folder (expected observations and action updates)")]
    problems: list[Problem] = []
    observation_frames: list[pd.DataFrame] = []
    update_frames: list[pd.DataFrame] = []
    for path in files:
        name = _display_name(display, path)
        frame, kind, file_problems = _read_csv(path, name)
        problems.extend(file_problems)
        if frame is None:
            continue
        if kind == "observations":
            observation_frames.append(_check_observations(frame, name, plan, problems))
        else:
            update_frames.append(_check_updates(frame, name, plan, problems))
    observations = _combine_observations(observation_frames, problems)
    updates = _combine_updates(update_frames, problems)
    if problems:
        return None, problems
    return Dataset(observations, updates, tuple(_display_name(display, p) for p in files)), []


def _display_name(display: str, path: Path) -> str:
    return f"{display.rstrip('/')}/{path.name}"


def _read_csv(path: Path, name: str) -> tuple[pd.DataFrame | None, str, list[Problem]]:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, "", [Problem(name, line, "", "", f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as CSV UTF-8")]
    if not text.strip():
        return None, "", [Problem(name, 1, "", "", "the file is empty (expected a header line)")]
    if not (text.partition("\n")[0].splitlines() or [""])[0].strip():  # the first line, without splitting the whole file
        return None, "", [Problem(name, 1, "", "header", "is blank: the first line must name the columns (e.g. metric_id,date,value)")]
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False)
    except (pd.errors.ParserError, csv.Error):
        return None, "", _ragged_rows(text, name)
    if not isinstance(frame.index, pd.RangeIndex):  # every row had a field more than the header: pandas made the first its index
        return None, "", _ragged_rows(text, name)
    header = next(csv.reader(io.StringIO(text)))  # the names as written ('' for a stray comma; no 'date.1' for a repeat)
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
    frame["line"] = _line_numbers(text, len(frame))
    frame = frame[~(frame[list(required) + list(optional)] == "").all(axis=1)]  # blank lines
    for column in list(required) + list(optional):
        frame[column] = frame[column].str.strip()
    return frame, kind, []


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
        problems.append(Problem(name, start, "", "", f"cannot be read as CSV: {exc}"))
    return problems or [Problem(name, 0, "", "", "cannot be read as CSV")]


def _report(problems: list[Problem], name: str, frame: pd.DataFrame, mask: pd.Series, subject_col: str, kind: str, field: str, message) -> None:
    if not mask.any():  # the happy path: no row to report, so no frame[mask] copy
        return
    for _, row in frame[mask].iterrows():
        ident = row[subject_col]
        subject = f"{kind} '{ident}'" if ident else ""
        problems.append(Problem(name, int(row["line"]), subject, field, message(row)))


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
    bad_value = values.isna() | ~np.isfinite(values.fillna(0))
    _report(problems, name, frame, frame["value"] == "", sub, "metric", "value", lambda r: "missing (a number is needed)")
    _report(problems, name, frame, (frame["value"] != "") & bad_value, sub, "metric", "value", lambda r: f"'{r['value']}' is not a number")
    if plan is not None:
        percent_ids = {m.id for m in plan.measures if m.is_percent}
        out_of_range = _isin(frame[sub], percent_ids) & ~bad_value & ((values < 0) | (values > 100))
        _report(problems, name, frame, out_of_range, sub, "metric", "value", lambda r: f"{r['value']} is not a percentage (must lie between 0 and 100)")
    n = _to_number(frame["n"])
    bad_n = (frame["n"] != "") & (n.isna() | (n < 1) | (n % 1 != 0))
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
    dup = valid.duplicated(subset=[key, "date"], keep=False)
    if not dup.any():
        return
    for _, group in valid[dup].groupby([key, "date"], sort=False):
        first = group.iloc[0]
        for _, row in group.iloc[1:].iterrows():
            problems.append(
                Problem(
                    row["file"],
                    int(row["line"]),
                    f"{kind} '{row[key]}'",
                    "date",
                    f"a second row for {row['date'].date()} (the first is at {first['file']}:{int(first['line'])}); keep one",
                )
            )


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
