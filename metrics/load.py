"""Read the plan and the data together, collecting every problem from both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from metrics.data import Dataset, load_data
from metrics.plan import Plan, load_plan
from metrics.problems import Problem

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
        obs = len(self.dataset.observations)
        return (
            f"OK: {targets} and {data} ({len(self.dataset.files)} CSV files): "
            f"{len(self.plan.areas)} areas, {len(self.plan.metrics)} metrics, {len(self.plan.actions)} actions, "
            f"{obs:,} observations, {len(self.dataset.updates):,} action updates; no problems."
        )


def load(targets: Path | str = DEFAULT_TARGETS, data: Path | str = DEFAULT_DATA) -> Loaded:
    """Everything is read and checked; problems from the plan and the data are reported together."""
    targets, data = Path(targets), Path(data)
    plan, problems = load_plan(targets, str(targets))
    dataset, data_problems = load_data(data, plan, str(data))
    problems = sorted(problems + data_problems)
    if problems:
        return Loaded(plan, None, tuple(problems))
    return Loaded(plan, dataset, ())


def parse_as_of(text: str | None, today: dt.date | None = None) -> dt.date:
    """The as-of date from the command line, a query parameter or the environment."""
    if text is None or not str(text).strip():
        return today or dt.date.today()
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError(f"as-of date '{text}' is not a date (use YYYY-MM-DD)") from None
