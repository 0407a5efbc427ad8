"""The status rules: where each KPI and action stands at an as-of date (docs/status-rules.md).

Pure functions of the plan, the data and the date, so the pages, the CLI and the tests all
give the same answer. A status carries its ``Basis`` (what decided it) and the numbers behind
it; the words for it are chosen in ``metrics.views.wording``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from metrics.domain.data import ActionUpdate, Dataset, Series
from metrics.domain.plan import Action, Defaults, Metric, Plan
from metrics.domain.status import Basis, Status, zero_counts
from metrics.domain.withheld import Withheld

# Average length of each reporting period, in days; data is overdue after 1.5 periods.
FREQUENCY_DAYS = {"monthly": 365.25 / 12, "quarterly": 365.25 / 4, "termly": 365.25 / 3, "annual": 365.25}
OVERDUE_FACTOR = 1.5
PROJECTION_POINTS = 6
MIN_TREND_POINTS = 3  # a projection through fewer points never turns a green amber
WILSON_Z = 1.959963984540054


@dataclass(frozen=True)
class Projection:
    """Where the latest trend leads; shown beside the status, never changing it."""

    points_used: int
    slope_per_year: float
    start_date: dt.date
    start_value: float
    value_at_target_date: float
    target_reached_on: dt.date | None  # None when the trend never gets there

    def value_on(self, when: dt.date) -> float:
        return self.start_value + self.slope_per_year * (when - self.start_date).days / 365.25


@dataclass(frozen=True)
class Certainty:
    """Wilson 95% interval of a survey percentage, and where the target lies against it."""

    low: float
    high: float
    n: int
    target_position: str  # "below", "inside" or "above" the interval


@dataclass(frozen=True)
class MetricStatus:
    metric: Metric
    as_of: dt.date
    status: Status
    basis: Basis
    latest_date: dt.date | None
    latest_value: float | None
    latest_n: int | None
    latest_illustrative: bool
    planned: float | None
    gap: float | None  # + better than planned, - worse, in the metric's units
    tolerance: float
    projection: Projection | None
    data_overdue: bool
    data_due_by: dt.date
    certainty: Certainty | None
    previous_status: Status | None  # status as it stood at the previous observation
    previous_date: dt.date | None
    withheld: Withheld | None = None  # public view: why the latest value is not shown
    plan_withheld: frozenset[str] = frozenset()  # public view: plan numbers not shown ('baseline', 'milestones[0]', 'target')
    planned_withheld: bool = False  # public view: the planned value on the latest date is a small number too
    plan_withheld_as: Withheld | None = None  # how a withheld plan number reads ('fewer than 5')

    def plan_shown(self, name: str) -> bool:
        """Whether this reader may see the plan number ``name`` ('baseline', 'milestones[0]', 'target')."""
        return name not in self.plan_withheld

    @property
    def relative_gap(self) -> float | None:
        """The gap as a share of the planned change |target - baseline| (of |target| for a level
        to hold): the order of the off-track list, so a wait 9 weeks behind a 229-week plan
        weighs less than a survey 9 points behind a 40-point one. None without a gap."""
        if self.gap is None:
            return None
        spread = abs(self.metric.target.value - self.metric.baseline.value) or abs(self.metric.target.value)
        return self.gap / spread if spread else math.copysign(math.inf, self.gap) if self.gap else 0.0


@dataclass(frozen=True)
class ActionStatus:
    action: Action
    as_of: dt.date
    status: Status
    basis: Basis
    overdue: bool  # the due date has passed and the action was not reported complete
    latest: ActionUpdate | None
    history: tuple[ActionUpdate, ...]  # updates on or before the as-of date, oldest first
    update_overdue: bool = False  # the latest update is older than defaults.update_every_days
    update_due_by: dt.date | None = None  # the next update was due by this day (None: no update yet, or complete)

    @property
    def reported(self) -> Status | None:
        """The status the lead last reported (an overdue action is red whatever it says)."""
        return self.latest.status if self.latest else None


# -- the trajectory ---------------------------------------------------------------------------


def planned_value(metric: Metric, when: dt.date) -> float:
    """The planned trajectory: straight lines baseline -> milestones -> target, flat outside."""
    points = metric.trajectory
    if when <= points[0].date:
        return points[0].value
    for left, right in zip(points, points[1:]):
        if when <= right.date:
            span = (right.date - left.date).days
            return left.value + (right.value - left.value) * (when - left.date).days / span
    return points[-1].value


def planned_from_assumed(metric: Metric, when: dt.date) -> bool:
    """Whether the planned value on ``when`` is read off a line with an assumed end: it is then
    an assumed number too, and marked as one."""
    points = metric.trajectory
    if when <= points[0].date:
        return points[0].assumed
    for left, right in zip(points, points[1:]):
        if when <= right.date:
            return (left.assumed and when < right.date) or right.assumed
    return points[-1].assumed


def tolerance_for(metric: Metric, defaults: Defaults) -> float:
    if metric.tolerance is not None:
        return metric.tolerance
    spread = abs(metric.target.value - metric.baseline.value)
    if spread == 0:
        spread = abs(metric.target.value)
    return defaults.amber_tolerance * spread


def better_by(metric: Metric, value: float, reference: float) -> float:
    """How much better ``value`` is than ``reference`` in the metric's direction (negative: worse)."""
    return value - reference if metric.direction == "increase" else reference - value


def meets_target(metric: Metric, value: float) -> bool:
    return better_by(metric, value, metric.target.value) >= 0


# -- metric status ---------------------------------------------------------------------------


def metric_status(metric: Metric, series: Series, as_of: dt.date, defaults: Defaults, *, with_previous: bool = True) -> MetricStatus:
    seen = series.upto(as_of)
    tolerance = tolerance_for(metric, defaults)
    due_by = _data_due_by(metric, seen)
    overdue = as_of > due_by
    if len(seen) == 0:
        status, basis = (Status.RED, Basis.NO_DATA_DEADLINE_PASSED) if as_of > metric.target.date else (Status.GREY, Basis.NO_DATA)
        return MetricStatus(metric, as_of, status, basis, None, None, None, False, None, None, tolerance, None, overdue, due_by, None, None, None)
    i = len(seen) - 1
    latest_date = seen.date(i)
    latest = float(seen.values[i])
    n = None if np.isnan(seen.n[i]) else int(seen.n[i])
    planned = planned_value(metric, latest_date)
    gap = better_by(metric, latest, planned)
    # the projection is shown beside the status; the previous status only needs it for rule 5
    trend = projection(metric, seen) if with_previous else None
    status, basis = _decide(metric, as_of, latest_date, latest, gap, tolerance, lambda: trend if with_previous else projection(metric, seen))
    previous_status = previous_date = None
    if with_previous and len(seen) > 1:
        previous_date = seen.date(i - 1)
        previous_status = metric_status(metric, seen, previous_date, defaults, with_previous=False).status
    return MetricStatus(
        metric=metric,
        as_of=as_of,
        status=status,
        basis=basis,
        latest_date=latest_date,
        latest_value=latest,
        latest_n=n,
        latest_illustrative=bool(seen.illustrative[i]),
        planned=planned,
        gap=gap,
        tolerance=tolerance,
        projection=trend,
        data_overdue=overdue,
        data_due_by=due_by,
        certainty=certainty(metric, latest, n),
        previous_status=previous_status,
        previous_date=previous_date,
    )


def _decide(
    metric: Metric, as_of: dt.date, latest_date: dt.date, latest: float, gap: float, tolerance: float, trend: Callable[[], Projection | None]
) -> tuple[Status, Basis]:
    if meets_target(metric, latest):
        return Status.BLUE, Basis.TARGET_MET
    if as_of > metric.target.date or latest_date >= metric.target.date:  # a figure at the deadline that misses is a miss
        return Status.RED, Basis.DEADLINE_MISSED
    status = trajectory_status(gap, tolerance)
    if status is Status.GREEN and trend_misses(metric, trend(), tolerance):
        return Status.AMBER, Basis.TREND_MISSES
    return status, Basis.AGAINST_PLAN


def trend_misses(metric: Metric, trend: Projection | None, tolerance: float) -> bool:
    """The projection (at least 3 points) ends worse than the target by more than the tolerance."""
    if trend is None or trend.points_used < MIN_TREND_POINTS:
        return False
    return better_by(metric, trend.value_at_target_date, metric.target.value) < -(tolerance + _EPSILON)


# Differences smaller than this are rounding in the arithmetic, not real (as in describe_gap).
_EPSILON = 1e-9


def trajectory_status(gap: float, tolerance: float) -> Status:
    if gap >= -_EPSILON:
        return Status.GREEN
    if -gap <= tolerance + _EPSILON:
        return Status.AMBER
    return Status.RED


def _data_due_by(metric: Metric, seen: Series) -> dt.date:
    """Data is overdue after 1.5 reporting periods without an observation (from the baseline if none)."""
    last = seen.date(len(seen) - 1) if len(seen) else metric.baseline.date
    return last + dt.timedelta(days=math.floor(OVERDUE_FACTOR * FREQUENCY_DAYS[metric.frequency]))


def projection(metric: Metric, seen: Series) -> Projection | None:
    """Least-squares line through the latest observations (up to 6, at least 2)."""
    if len(seen) < 2:
        return None
    dates = seen.dates[-PROJECTION_POINTS:]
    values = seen.values[-PROJECTION_POINTS:]
    start = dates[0].astype(object)
    x = ((dates - dates[0]).astype(float) / 365.25).tolist()  # years since the first point used
    y = values.tolist()
    if max(x) == min(x):
        return None
    # Closed-form least squares on at most 6 floats: np.polyfit gives the same line but costs
    # ~20x more per metric (a plan of 10,000 metrics spent most of its status time there).
    mx, my = sum(x) / len(x), sum(y) / len(y)
    slope = sum((a - mx) * (b - my) for a, b in zip(x, y)) / sum((a - mx) ** 2 for a in x)
    intercept = my - slope * mx
    target_x = (metric.target.date - start).days / 365.25
    at_target = float(intercept + slope * target_x)
    reached = None
    if slope != 0:
        crossing_years = (metric.target.value - intercept) / slope
        moving_towards = better_by(metric, slope, 0) > 0
        if moving_towards and math.isfinite(crossing_years) and abs(crossing_years) < 200:  # a date within 200 years either way
            reached = start + dt.timedelta(days=round(crossing_years * 365.25))
    return Projection(len(values), float(slope), start, float(intercept), at_target, reached)


def certainty(metric: Metric, value: float, n: int | None) -> Certainty | None:
    if not metric.is_percent or not n:
        return None
    low, high = wilson_interval(value / 100, n)
    target = metric.target.value
    position = "below" if target < low * 100 else "above" if target > high * 100 else "inside"
    return Certainty(low * 100, high * 100, n, position)


def wilson_interval(p: float, n: int, z: float = WILSON_Z) -> tuple[float, float]:
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


# -- action status ---------------------------------------------------------------------------


def action_status(action: Action, history: tuple[ActionUpdate, ...], as_of: dt.date, defaults: Defaults = Defaults()) -> ActionStatus:
    seen = tuple(u for u in history if u.date <= as_of)
    latest = seen[-1] if seen else None
    past_due = as_of > action.due
    if latest is None:
        status, basis = (Status.RED, Basis.NO_UPDATE_OVERDUE) if past_due else (Status.GREY, Basis.NO_UPDATE)
        return ActionStatus(action, as_of, status, basis, past_due, None, seen)
    overdue = past_due and latest.status is not Status.BLUE
    status, basis = (Status.RED, Basis.OVERDUE) if overdue else (latest.status, Basis.REPORTED)
    update_due_by = None
    if latest.status is not Status.BLUE:  # a completed action needs no more updates
        update_due_by = latest.date + dt.timedelta(days=defaults.update_every_days)
    update_overdue = update_due_by is not None and as_of > update_due_by
    return ActionStatus(action, as_of, status, basis, overdue, latest, seen, update_overdue, update_due_by)


# -- the whole plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanStatus:
    plan: Plan
    as_of: dt.date
    metrics: tuple[MetricStatus, ...]
    actions: tuple[ActionStatus, ...]

    def counts(self) -> dict[Status, int]:
        """How many KPIs and actions stand at each BRAG status (in the key's order)."""
        out = zero_counts()
        for item in (*self.metrics, *self.actions):
            out[item.status] += 1
        return out

    def metric(self, metric_id: str) -> MetricStatus | None:
        return next((m for m in self.metrics if m.metric.id == metric_id), None)


def plan_status(plan: Plan, dataset: Dataset, as_of: dt.date, *, status_of: Callable[[Metric, Series, dt.date, Defaults], MetricStatus] | None = None) -> PlanStatus:
    """Every KPI's and action's status at ``as_of``. ``status_of`` stands in for `metric_status`
    (the app passes one that keeps each KPI's status while its figures are unchanged)."""
    status_of = status_of or metric_status
    return PlanStatus(
        plan,
        as_of,
        tuple(status_of(m, dataset.series(m.id), as_of, plan.defaults) for m in plan.metrics),
        tuple(action_status(a, dataset.history(a.id), as_of, plan.defaults) for a in plan.actions),
    )
