"""Read the plan and the data together, collecting every problem from both."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from dataclasses import dataclass
from pathlib import Path

from metrics.domain.data import Dataset, load_data
from metrics.domain.plan import Plan, load_plan
from metrics.domain.problems import Problem

DEFAULT_TARGETS = Path("targets.yaml")
DEFAULT_DATA = Path("sample_data")


@dataclass(frozen=True)
class Loaded:
    plan: Plan | None
    dataset: Dataset | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and self.plan is not None and self.dataset is not None

    def summary(self, targets: str, data: str) -> str:
        """The one line `check` prints when all is well."""
        assert self.plan is not None and self.dataset is not None
        def count(n: int, word: str) -> str:
            return f"{n:,} {word}{'s' if n != 1 else ''}"

        return (
            f"OK: {targets} and {data} ({count(len(self.dataset.files), 'CSV file')}): "
            f"{count(len(self.plan.areas), 'area')}, {count(len(self.plan.metrics), 'metric')}, {count(len(self.plan.actions), 'action')}, "
            f"{count(len(self.dataset.observations), 'observation')}, {count(len(self.dataset.updates), 'action update')}; no problems."
        )


def load(targets: Path | str = DEFAULT_TARGETS, data: Path | str = DEFAULT_DATA) -> Loaded:
    """Everything is read and checked; problems from the plan and the data are reported together."""
    targets, data = Path(targets), Path(data)
    with _gc_paused():
        plan, problems = load_plan(targets, str(targets))
        dataset, data_problems = load_data(data, plan, str(data))
    problems = sorted(problems + data_problems)
    if problems:
        return Loaded(plan, None, tuple(problems))
    return Loaded(plan, dataset, ())


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
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"as-of date '{text}' is not a date (use YYYY-MM-DD)") from None
