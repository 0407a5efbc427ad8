"""The dates a plan can be judged at: its own window, and a requested as-of date kept inside it.

The window runs from a year before the plan's first date to a year after its last:

* first date: the earliest baseline, observation, action update or event, whichever is earliest;
* last date: the latest target, action due date, observation, action update or event, whichever
  is latest (figures that keep coming after the last target date stay reachable).

A year each side leaves room for "how did it look before we started?" and "where would it stand
a year after the deadline?", while a mistyped date (1999 for 2019, 2101 for 2021) is caught.
Forecasts of context measures are not data and do not widen the window.

``clamp`` keeps an as-of date inside the window and says, in plain words, when it moved it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd

from metrics.domain.data import Dataset
from metrics.domain.plan import Plan

MARGIN_YEARS = 1


class Window(NamedTuple):
    """The first and the last as-of date the plan can be judged at (both included)."""

    first: dt.date
    last: dt.date


def as_of_window(plan: Plan, dataset: Dataset | None = None) -> Window | None:
    """The plan's window (see the module's docstring); None when nothing in it is dated."""
    starts: list[dt.date] = [m.baseline.date for m in plan.metrics]
    ends: list[dt.date] = [m.target.date for m in plan.metrics] + [a.due for a in plan.actions]
    data = [e.date for m in plan.measures for e in m.events]
    if dataset is not None:
        data += [u.date for u in dataset.updates]
        observed = dataset.observations["date"] if len(dataset.observations) else None
        if observed is not None:
            data += [_as_date(observed.min()), _as_date(observed.max())]
    starts += data
    ends += data
    if not starts and not ends:
        return None
    first, last = min(starts or ends), max(ends or starts)
    return Window(_add_years(first, -MARGIN_YEARS), _add_years(last, MARGIN_YEARS))


def clamp(as_of: dt.date, window: Window | None) -> tuple[dt.date, str | None]:
    """The as-of date itself when it lies in the window, else the nearest end of the window and
    a sentence saying so (dates as YYYY-MM-DD, the way they are typed in a link or a setting)."""
    if window is None or window.first <= as_of <= window.last:
        return as_of, None
    nearest = window.first if as_of < window.first else window.last
    side = "before" if as_of < window.first else "after"
    return nearest, (
        f"{as_of.isoformat()} is {side} the dates this plan covers ({window.first.isoformat()} to {window.last.isoformat()}), "
        f"so the dashboard shows {nearest.isoformat()}, the nearest date it covers."
    )


def _as_date(value: object) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    assert isinstance(value, dt.date), value
    return value


def _add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (earlier when negative); 29 February becomes the 28th. (The
    plan and the data only hold dates from 1900 to 2199, so a year either side is a real date.)"""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


__all__ = ["MARGIN_YEARS", "Window", "as_of_window", "clamp"]
