"""Where a context measure stands: its latest figure and whether a newer one is late.

A context measure has no target, so it never has a BRAG status and is never counted; this is
all the dashboard says about it beside its chart, SPC and comparisons.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from metrics.domain.data import Series
from metrics.domain.plan import ContextMeasure
from metrics.domain.rules import FREQUENCY_DAYS, OVERDUE_FACTOR
from metrics.domain.withheld import Withheld


@dataclass(frozen=True)
class ContextReading:
    measure: ContextMeasure
    as_of: dt.date
    latest_date: dt.date | None
    latest_value: float | None  # None when there is none, or it is withheld from the public
    latest_illustrative: bool
    withheld: Withheld | None
    previous_date: dt.date | None
    previous_value: float | None
    data_overdue: bool  # no figure for 1.5 reporting periods after the latest (never without one)
    data_due_by: dt.date | None


def context_reading(measure: ContextMeasure, series: Series, as_of: dt.date) -> ContextReading:
    seen = series.upto(as_of)
    if len(seen) == 0:
        return ContextReading(measure, as_of, None, None, False, None, None, None, False, None)
    i = len(seen) - 1
    withheld = seen.withheld_at(i)
    value = None if withheld is not None or np.isnan(seen.values[i]) else float(seen.values[i])
    previous_date = previous_value = None
    if i > 0 and seen.withheld_at(i - 1) is None and not np.isnan(seen.values[i - 1]):
        previous_date, previous_value = seen.date(i - 1), float(seen.values[i - 1])
    due_by = seen.date(i) + dt.timedelta(days=math.floor(OVERDUE_FACTOR * FREQUENCY_DAYS[measure.frequency]))
    return ContextReading(
        measure, as_of, seen.date(i), value, bool(seen.illustrative[i]), withheld, previous_date, previous_value, as_of > due_by, due_by
    )
