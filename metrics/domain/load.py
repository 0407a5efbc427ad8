"""Read the plan and the data together, collecting every problem from both."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from metrics.domain.data import DataFile, Dataset, read_data
from metrics.domain.plan import (
    DATE_RANGE,
    FIRST_DATE,
    LAST_DATE,
    ContextMeasure,
    Plan,
    load_plan,
)
from metrics.domain.problems import Problem
from metrics.domain.statistics import EMPTY_STATISTICS, Statistics, load_statistics

DEFAULT_TARGETS = Path("targets.yaml")
DEFAULT_DATA = Path("sample_data")


@dataclass(frozen=True)
class Loaded:
    plan: Plan | None
    dataset: Dataset | None
    problems: tuple[Problem, ...]
    statistics: Statistics = EMPTY_STATISTICS  # comparisons with England, the region and similar areas
    files: tuple[DataFile, ...] = ()  # every file in the data folder: read (and what it held) or skipped (and why)

    @property
    def ok(self) -> bool:
        return not self.problems and self.plan is not None and self.dataset is not None

    def summary(self, targets: str, data: str) -> str:
        """The one line `check` prints when all is well."""
        assert self.plan is not None and self.dataset is not None
        def count(n: int, word: str) -> str:
            return f"{n:,} {word}{'s' if n != 1 else ''}"

        statistics = f", {count(len(self.plan.statistics), 'published statistic')}" if self.plan.statistics else ""
        return (
            f"OK: {targets} and {data} ({count(len(self.dataset.files), 'CSV file')}): "
            f"{count(len(self.plan.areas), 'area')}, {count(len(self.plan.metrics), 'metric')}, {count(len(self.plan.actions), 'action')}, "
            f"{count(len(self.dataset.observations), 'observation')}, {count(len(self.dataset.updates), 'action update')}{statistics}; no problems."
        )


def load(targets: Path | str = DEFAULT_TARGETS, data: Path | str = DEFAULT_DATA) -> Loaded:
    """Everything is read and checked; problems from the plan and the data are reported together."""
    targets, data = Path(targets), Path(data)
    with _gc_paused():
        plan, problems = load_plan(targets, str(targets))
        dataset, data_problems, files = read_data(data, plan, str(data))
        problems += data_problems
        dataset, statistics = with_statistics(plan, dataset, targets, problems)
    problems = sorted(problems)
    if problems:
        return Loaded(plan, None, tuple(problems), files=files)
    return Loaded(plan, dataset, (), statistics, files)


def with_statistics(plan: Plan | None, dataset: Dataset | None, targets: Path, problems: list[Problem]) -> tuple[Dataset | None, Statistics]:
    """The plan's published statistics (files relative to the plan file), their rows merged into
    the dataset for the measures they feed; their problems are added to ``problems``. Whatever the
    figures were read from: a data folder (`load`) or a database (`metrics.store.load_from_store`)."""
    if plan is None or not plan.statistics:
        return dataset, EMPTY_STATISTICS
    statistics, statistic_problems, rows = load_statistics(plan, targets, str(targets))
    problems += statistic_problems
    if dataset is not None and not statistic_problems:
        dataset, merge_problems = _with_statistic_rows(plan, dataset, rows, str(targets))
        problems += merge_problems
    return dataset, statistics


def _with_statistic_rows(plan: Plan, dataset: Dataset, rows: pd.DataFrame, targets: str) -> tuple[Dataset, list[Problem]]:
    """The dataset with the observations of measures that take them from a statistic
    (``observations_from``); such a measure may not have rows in the data files as well."""
    from_statistics = {m.id: m for m in plan.measures if m.observations_from}
    if not from_statistics:
        return dataset, []
    obs = dataset.observations
    clash = obs[obs["metric_id"].isin(list(from_statistics))]
    problems = []
    for (metric_id, file), group in clash.groupby(["metric_id", "file"], sort=True):
        measure = from_statistics[metric_id]
        kind = "context measure" if isinstance(measure, ContextMeasure) else "metric"
        rows_here = "a row here" if len(group) == 1 else f"{len(group)} rows here (the first on this line)"
        problems.append(
            Problem(
                file, int(group["line"].min()), f"{kind} '{metric_id}'", "metric_id",
                f"{rows_here}, but its observations come from statistic '{measure.observations_from}' "
                f"(observations_from in {targets}): remove {'it' if len(group) == 1 else 'them'}, or remove observations_from",
            )
        )  # fmt: skip
    if problems or rows.empty:
        return dataset, problems
    merged = pd.concat([obs, rows], ignore_index=True).sort_values(["metric_id", "date"], kind="stable").reset_index(drop=True)
    return Dataset(merged, dataset.updates, dataset.files), []


@contextlib.contextmanager
def _gc_paused():
    """Reading builds hundreds of thousands of long-lived objects (YAML nodes, models, rows); the cyclic
    garbage collector rescans them over and over meanwhile (5x the YAML time at 10,000 metrics).
    Nothing read here makes reference cycles worth collecting early, so pause it and resume after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_as_of(text: str | None, today: dt.date | None = None) -> dt.date:
    """The as-of date from the command line, a query parameter or the environment."""
    if text is None or not str(text).strip():
        return today or dt.date.today()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text).strip()):  # fromisoformat also takes 20240101, 2024-W01-1
            raise ValueError
        day = dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"as-of date '{text}' is not a date (use YYYY-MM-DD)") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"as-of date '{text}' is out of range: {DATE_RANGE}")
    return day
