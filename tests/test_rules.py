"""The status rules: trajectory, tolerance, BRAG status and reason, projection, overdue, Wilson.

Most tests use ``make_metric()``: weeks, decreasing from 100 on 1 Jan 2024 to 20 on 21 Jan 2024,
so the planned value falls by exactly 4 a day and the default tolerance is 0.1 x 80 = 8 weeks.
"""

from __future__ import annotations

import datetime as dt

import pytest

from metrics.domain.data import ActionUpdate, load_data
from metrics.domain.plan import Action, Defaults, load_plan
from metrics.domain.rules import (
    action_status,
    metric_status,
    plan_status,
    planned_value,
    tolerance_for,
    wilson_interval,
)
from metrics.domain.status import Basis, Status
from metrics.views.wording import latest_text
from tests.helpers import DEFAULTS, SMALL, day, make_metric, make_series, reason_of


def status_of(metric, points, as_of, defaults=DEFAULTS):
    return metric_status(metric, make_series(metric.id, points), day(as_of), defaults)


# -- the planned trajectory ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2023-06-01", 100),  # flat before the baseline
        ("2023-12-31", 100),
        ("2024-01-01", 100),  # the baseline
        ("2024-01-06", 80),  # a straight line: 4 a day
        ("2024-01-11", 60),
        ("2024-01-20", 24),
        ("2024-01-21", 20),  # the target
        ("2024-01-22", 20),  # flat after the target
        ("2030-01-01", 20),
    ],
)
def test_planned_value_without_milestones(when, expected):
    assert planned_value(make_metric(), day(when)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2024-01-06", 80),  # baseline 100 -> milestone 60 over 10 days: 4 a day
        ("2024-01-11", 60),  # the milestone itself
        ("2024-01-16", 55),  # milestone 60 -> milestone 40 over 20 days: 1 a day
        ("2024-01-31", 40),
        ("2024-02-05", 30),  # milestone 40 -> target 20 over 10 days: 2 a day
        ("2024-02-10", 20),
        ("2024-03-01", 20),
    ],
)
def test_planned_value_between_milestones(when, expected):
    metric = make_metric(
        milestones=[{"date": "2024-01-11", "value": 60}, {"date": "2024-01-31", "value": 40}],
        target={"date": "2024-02-10", "value": 20},
    )
    assert planned_value(metric, day(when)) == pytest.approx(expected)


# -- tolerance -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "defaults", "expected"),
    [
        ({}, Defaults(), 8.0),  # 0.1 x |20 - 100|
        ({}, Defaults(amber_tolerance=0.25), 20.0),  # 0.25 x 80
        ({"tolerance": 3}, Defaults(), 3.0),  # the metric's own tolerance wins
        ({"tolerance": 0}, Defaults(), 0.0),  # even when it is 0
        ({"baseline": {"date": "2024-01-01", "value": 50}, "target": {"date": "2024-01-21", "value": 50}}, Defaults(), 5.0),  # 0.1 x |50|
        ({"baseline": {"date": "2024-01-01", "value": -30}, "target": {"date": "2024-01-21", "value": -30}}, Defaults(), 3.0),  # 0.1 x |-30|
        ({"baseline": {"date": "2024-01-01", "value": 0}, "target": {"date": "2024-01-21", "value": 0}}, Defaults(), 0.0),
        ({"direction": "increase", "baseline": {"date": "2024-01-01", "value": 10}, "target": {"date": "2024-01-21", "value": 30}}, Defaults(), 2.0),
    ],
    ids=["default", "plan amber_tolerance", "own tolerance", "own tolerance 0", "target equals baseline", "negative maintained", "all zero", "increase"],
)
def test_tolerance(fields, defaults, expected):
    assert tolerance_for(make_metric(**fields), defaults) == pytest.approx(expected)


# -- metric status ---------------------------------------------------------------------------

DECREASE_CASES = [
    # value on 6 Jan (planned 80), as-of 10 Jan
    (80, "green", "80 weeks on 6 Jan 2024; plan was 80 weeks; exactly on plan.", 0),
    (70, "green", "70 weeks on 6 Jan 2024; plan was 80 weeks; 10 weeks better than planned.", 10),
    (84, "amber", "84 weeks on 6 Jan 2024; plan was 80 weeks; 4 weeks worse than planned (within the tolerance of 8 weeks).", -4),
    (88, "amber", "88 weeks on 6 Jan 2024; plan was 80 weeks; 8 weeks worse than planned (within the tolerance of 8 weeks).", -8),
    (88.5, "red", "88.5 weeks on 6 Jan 2024; plan was 80 weeks; 8.5 weeks worse than planned (more than the tolerance of 8 weeks).", -8.5),
    (20, "blue", "Target met: 20 weeks on 6 Jan 2024 (target 20 weeks by 21 Jan 2024).", 60),
    (12.5, "blue", "Target met: 12.5 weeks on 6 Jan 2024 (target 20 weeks by 21 Jan 2024).", 67.5),
]


@pytest.mark.parametrize(("value", "status", "reason", "gap"), DECREASE_CASES, ids=["on plan", "better", "worse within", "exactly at tolerance", "just past tolerance", "exactly on target", "beats target"])
def test_status_when_lower_is_better(value, status, reason, gap):
    result = status_of(make_metric(), [("2024-01-06", value)], "2024-01-10")
    assert (result.status.value, reason_of(result)) == (status, reason)
    assert result.gap == pytest.approx(gap)
    assert (result.planned, result.tolerance, result.latest_value, result.latest_date) == (80, 8, value, day("2024-01-06"))


INCREASE = {"direction": "increase", "unit": "points", "baseline": {"date": "2024-01-01", "value": 10}, "target": {"date": "2024-01-21", "value": 30}}


@pytest.mark.parametrize(
    ("value", "status", "reason"),
    [
        (20, "green", "20 points on 11 Jan 2024; plan was 20 points; exactly on plan."),
        (21, "green", "21 points on 11 Jan 2024; plan was 20 points; 1 point better than planned."),
        (19, "amber", "19 points on 11 Jan 2024; plan was 20 points; 1 point worse than planned (within the tolerance of 2 points)."),
        (18, "amber", "18 points on 11 Jan 2024; plan was 20 points; 2 points worse than planned (within the tolerance of 2 points)."),
        (17.9, "red", "17.9 points on 11 Jan 2024; plan was 20 points; 2.1 points worse than planned (more than the tolerance of 2 points)."),
        (30, "blue", "Target met: 30 points on 11 Jan 2024 (target 30 points by 21 Jan 2024)."),
        (31, "blue", "Target met: 31 points on 11 Jan 2024 (target 30 points by 21 Jan 2024)."),
    ],
    ids=["on plan", "better", "worse within", "exactly at tolerance", "just past tolerance", "exactly on target", "beats target"],
)
def test_status_when_higher_is_better(value, status, reason):
    result = status_of(make_metric(**INCREASE), [("2024-01-11", value)], "2024-01-12")
    assert (result.status.value, reason_of(result)) == (status, reason)


def test_percent_gaps_are_in_percentage_points():
    metric = make_metric(unit="percent", **{k: v for k, v in INCREASE.items() if k != "unit"})
    result = status_of(metric, [("2024-01-11", 17.5)], "2024-01-12")
    assert (result.status.value, reason_of(result)) == ("red", "17.5% on 11 Jan 2024; plan was 20%; 2.5 percentage points worse than planned (more than the tolerance of 2 percentage points).")


def test_no_observation_is_grey():
    result = status_of(make_metric(), [], "2024-01-10")
    assert (result.status.value, reason_of(result)) == ("grey", "Not due yet; no figures so far.")
    assert (result.latest_value, result.latest_date, result.planned, result.gap, result.projection, result.certainty) == (None,) * 6
    assert latest_text(result) == "No data yet"


def test_no_observation_yet_at_the_as_of_date_is_grey():
    result = status_of(make_metric(), [("2024-01-06", 80)], "2024-01-05")
    assert (result.status.value, reason_of(result)) == ("grey", "Not due yet; no figures so far.")


@pytest.mark.parametrize(
    ("as_of", "status", "latest_date"),
    [("2024-01-09", "green", "2024-01-06"), ("2024-01-10", "red", "2024-01-10"), ("2024-01-11", "red", "2024-01-10")],
    ids=["the day before", "on the day", "the day after"],
)
def test_an_observation_counts_from_its_own_date(as_of, status, latest_date):
    # 80 on 6 Jan is on plan; 90 on 10 Jan is 26 worse than the planned 64
    result = status_of(make_metric(), [("2024-01-06", 80), ("2024-01-10", 90)], as_of)
    assert (result.status.value, result.latest_date) == (status, day(latest_date))


def test_the_latest_value_is_compared_with_the_plan_at_its_own_date_not_the_as_of_date():
    # planned on 6 Jan is 80; on the as-of date (20 Jan) it is 24
    result = status_of(make_metric(), [("2024-01-06", 80)], "2024-01-20")
    assert (result.status.value, result.planned) == ("green", 80)


def test_the_latest_observation_decides_even_when_an_earlier_one_met_the_target():
    result = status_of(make_metric(), [("2024-01-03", 10), ("2024-01-06", 85)], "2024-01-10")
    assert (result.status.value, reason_of(result)) == ("amber", "85 weeks on 6 Jan 2024; plan was 80 weeks; 5 weeks worse than planned (within the tolerance of 8 weeks).")


def test_before_the_baseline_the_plan_is_the_baseline():
    result = status_of(make_metric(), [("2023-12-15", 105)], "2023-12-20")
    assert (result.status.value, reason_of(result)) == ("amber", "105 weeks on 15 Dec 2023; plan was 100 weeks; 5 weeks worse than planned (within the tolerance of 8 weeks).")


def test_after_the_target_date_the_plan_is_the_target():
    result = status_of(make_metric(), [("2024-02-15", 30)], "2024-03-01")
    assert (result.planned, result.gap) == (20, -10)


@pytest.mark.parametrize(
    ("as_of", "status", "reason"),
    [
        ("2024-01-21", "amber", "25 weeks on 20 Jan 2024; plan was 24 weeks; 1 week worse than planned (within the tolerance of 8 weeks)."),
        ("2024-01-22", "red", "Deadline passed: 25 weeks on 20 Jan 2024; the target was 20 weeks by 21 Jan 2024."),
        ("2026-01-01", "red", "Deadline passed: 25 weeks on 20 Jan 2024; the target was 20 weeks by 21 Jan 2024."),
    ],
    ids=["on the target date", "the day after", "years after"],
)
def test_after_the_target_date_a_missed_target_is_red(as_of, status, reason):
    result = status_of(make_metric(), [("2024-01-20", 25)], as_of)
    assert (result.status.value, reason_of(result)) == (status, reason)


def test_the_deadline_rule_beats_being_ahead_of_plan():
    # 22 on 20 Jan is better than the planned 24, but the target was 20 by 21 Jan
    result = status_of(make_metric(), [("2024-01-20", 22)], "2024-02-01")
    assert (result.status.value, result.gap) == ("red", 2)


def test_a_met_target_stays_blue_after_the_deadline():
    result = status_of(make_metric(), [("2024-01-20", 20)], "2025-06-01")
    assert (result.status.value, reason_of(result)) == ("blue", "Target met: 20 weeks on 20 Jan 2024 (target 20 weeks by 21 Jan 2024).")


# -- rule 1: no figures at all ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status", "basis", "reason"),
    [
        ("2024-01-21", "grey", Basis.NO_DATA, "Not due yet; no figures so far."),  # A = T
        ("2024-01-22", "red", Basis.NO_DATA_DEADLINE_PASSED, "No figures, and the target date 21 Jan 2024 has passed."),  # A = T + 1
        ("2026-01-22", "red", Basis.NO_DATA_DEADLINE_PASSED, "No figures, and the target date 21 Jan 2024 has passed."),
    ],
    ids=["on the target date", "the day after", "two years after"],
)
def test_no_figures_is_grey_until_the_target_date_then_red(as_of, status, basis, reason):
    result = status_of(make_metric(), [], as_of)
    assert (result.status.value, result.basis, reason_of(result)) == (status, basis, reason)


# -- rule 3: a figure at or after the deadline that misses is a miss ----------------------------


@pytest.mark.parametrize(
    ("points", "as_of", "status", "reason"),
    [
        # 22 on the target date itself: 2 weeks short of 20, within the 8-week tolerance of the plan
        # line, but it is the figure at the deadline, so a miss
        ([("2024-01-21", 22)], "2024-01-21", "red", "Deadline passed: 22 weeks on 21 Jan 2024; the target was 20 weeks by 21 Jan 2024."),
        ([("2024-01-21", 20)], "2024-01-21", "blue", "Target met: 20 weeks on 21 Jan 2024 (target 20 weeks by 21 Jan 2024)."),
        # the day before the deadline (planned 24) a figure of 26 is only behind plan ...
        ([("2024-01-20", 26)], "2024-01-21", "amber", "26 weeks on 20 Jan 2024; plan was 24 weeks; 2 weeks worse than planned (within the tolerance of 8 weeks)."),
        # ... and a day after the deadline it is a miss
        ([("2024-01-20", 26)], "2024-01-22", "red", "Deadline passed: 26 weeks on 20 Jan 2024; the target was 20 weeks by 21 Jan 2024."),
        ([("2024-01-25", 21)], "2024-01-25", "red", "Deadline passed: 21 weeks on 25 Jan 2024; the target was 20 weeks by 21 Jan 2024."),
    ],
    ids=["missed on the day", "met on the day", "behind the day before", "the day after", "a figure after the date"],
)
def test_a_figure_at_the_deadline_that_misses_is_red(points, as_of, status, reason):
    result = status_of(make_metric(), points, as_of)
    assert (result.status.value, reason_of(result)) == (status, reason)


# -- rule 5: on plan now, but the trend misses ------------------------------------------------------

# 92, 90, 88 on 2, 3 and 4 Jan: the latest is exactly on the plan (88), but the line through them
# falls 2 a day and reaches 92 - 2 x 19 = 54 weeks on 21 Jan, 34 weeks short of the target of 20.
SLOWING = [("2024-01-02", 92), ("2024-01-03", 90), ("2024-01-04", 88)]


def test_a_green_metric_whose_trend_misses_is_amber():
    result = status_of(make_metric(), SLOWING, "2024-01-05")
    assert (result.status.value, result.basis, result.gap) == ("amber", Basis.TREND_MISSES, 0)
    assert result.projection.value_at_target_date == pytest.approx(54)
    assert reason_of(result) == "88 weeks on 4 Jan 2024; plan was 88 weeks; on plan now, but the trend of the latest 3 figures reaches 54 weeks by 21 Jan 2024 (target 20 weeks)."


def test_a_trend_through_two_figures_never_changes_the_status():
    # 90 then 88: the line falls 2 a day and reaches 54 on 21 Jan, but 2 points are too few
    result = status_of(make_metric(), SLOWING[1:], "2024-01-05")
    assert (result.status.value, result.basis, result.projection.points_used) == ("green", Basis.AGAINST_PLAN, 2)


@pytest.mark.parametrize(("tolerance", "status"), [(34, "green"), (33.9, "amber")], ids=["short by exactly the tolerance", "by more"])
def test_the_trend_must_miss_by_more_than_the_tolerance(tolerance, status):
    result = status_of(make_metric(tolerance=tolerance), SLOWING, "2024-01-05")
    assert result.status.value == status


def test_a_trend_that_reaches_the_target_keeps_green():
    on_plan = [("2024-01-02", 96), ("2024-01-03", 92), ("2024-01-04", 88)]  # 4 a day: 20 on 21 Jan
    result = status_of(make_metric(), on_plan, "2024-01-05")
    assert (result.status.value, result.basis) == ("green", Basis.AGAINST_PLAN)


def test_the_trend_rule_only_softens_green():
    # 92, 90, 90 is 2 weeks behind the planned 88 (amber on its own), and the trend misses too
    result = status_of(make_metric(), [("2024-01-02", 92), ("2024-01-03", 90), ("2024-01-04", 90)], "2024-01-05")
    assert (result.status.value, result.basis) == ("amber", Basis.AGAINST_PLAN)


def test_status_between_milestones():
    metric = make_metric(milestones=[{"date": "2024-01-11", "value": 60}], target={"date": "2024-01-31", "value": 20})
    assert reason_of(status_of(metric, [("2024-01-16", 50)], "2024-01-20")) == "50 weeks on 16 Jan 2024; plan was 50 weeks; exactly on plan."
    result = status_of(metric, [("2024-01-16", 59)], "2024-01-20")
    assert (result.status.value, reason_of(result)) == ("red", "59 weeks on 16 Jan 2024; plan was 50 weeks; 9 weeks worse than planned (more than the tolerance of 8 weeks).")


def test_the_exact_milestone_value_on_its_date_is_on_plan_despite_rounding():
    # 0.1 + (7.8 - 0.1) is 7.800000000000001 in floating point: still exactly on plan, so green.
    metric = make_metric(
        unit="percent",
        direction="increase",
        baseline={"date": "2024-01-01", "value": 0.1},
        milestones=[{"date": "2024-04-09", "value": 7.8}],
        target={"date": "2025-01-01", "value": 45.6},
    )
    result = status_of(metric, [("2024-04-09", 7.8)], "2024-04-10")
    assert (result.status.value, reason_of(result)) == ("green", "7.8% on 9 Apr 2024; plan was 7.8%; exactly on plan.")


def test_exactly_the_tolerance_is_amber_despite_rounding():
    # 0.1 x (0.3 - 0.1) is 0.020000000000000004 and 0.1 - 0.08 is 0.020000000000000004: still amber.
    metric = make_metric(unit="points", direction="increase", baseline={"date": "2024-01-01", "value": 0.1}, target={"date": "2024-12-31", "value": 0.3})
    result = status_of(metric, [("2024-01-01", 0.08)], "2024-01-02")
    assert (result.status.value, reason_of(result)) == ("amber", "0.08 points on 1 Jan 2024; plan was 0.1 points; 0.02 points worse than planned (within the tolerance of 0.02 points).")


def test_a_zero_tolerance_makes_any_shortfall_red():
    result = status_of(make_metric(tolerance=0), [("2024-01-06", 80.5)], "2024-01-10")
    assert (result.status.value, reason_of(result)) == ("red", "80.5 weeks on 6 Jan 2024; plan was 80 weeks; 0.5 weeks worse than planned (more than the tolerance of 0 weeks).")


def test_a_maintained_level_uses_the_target_for_its_tolerance():
    metric = make_metric(baseline={"date": "2024-01-01", "value": 50}, target={"date": "2024-12-31", "value": 50})
    assert status_of(metric, [("2024-02-01", 55)], "2024-02-02").status.value == "amber"  # 5 = 0.1 x 50
    assert status_of(metric, [("2024-02-01", 55.5)], "2024-02-02").status.value == "red"
    assert status_of(metric, [("2024-02-01", 50)], "2024-02-02").status.value == "blue"


def test_previous_status_is_the_status_at_the_observation_before():
    result = status_of(make_metric(), [("2024-01-06", 80), ("2024-01-10", 90)], "2024-01-12")
    assert (result.status.value, result.previous_status.value, result.previous_date) == ("red", "green", day("2024-01-06"))


# -- projection ------------------------------------------------------------------------------

RISING = {"direction": "increase", "unit": "points", "baseline": {"date": "2024-01-01", "value": 0}, "target": {"date": "2024-12-31", "value": 100}}


def test_no_projection_from_fewer_than_two_points():
    assert status_of(make_metric(**RISING), [("2024-01-11", 5)], "2024-02-01").projection is None


def test_projection_uses_only_the_latest_six_points():
    # 0.5 a day from 1 Jan; the wild first point (90 on 1 Dec 2023) is the seventh from the end
    points = [("2023-12-01", 90)] + [(f"2024-01-{d:02d}", (d - 1) / 2) for d in (1, 11, 21, 31)] + [("2024-02-10", 20), ("2024-02-20", 25)]
    projection = status_of(make_metric(**RISING), points, "2024-03-01").projection
    assert projection.points_used == 6
    assert projection.start_date == day("2024-01-01")
    assert projection.slope_per_year == pytest.approx(0.5 * 365.25)
    assert projection.value_at_target_date == pytest.approx(182.5)  # 365 days x 0.5
    assert projection.target_reached_on == day("2024-07-19")  # 100 / 0.5 = 200 days after 1 Jan


def test_projection_is_a_least_squares_line():
    # 0, 1, 3 on days 0, 10, 20: slope 0.15 a day, intercept -1/6
    projection = status_of(make_metric(**RISING), [("2024-01-01", 0), ("2024-01-11", 1), ("2024-01-21", 3)], "2024-02-01").projection
    assert projection.points_used == 3
    assert projection.slope_per_year == pytest.approx(0.15 * 365.25)
    assert projection.start_value == pytest.approx(-1 / 6)
    assert projection.value_at_target_date == pytest.approx(-1 / 6 + 0.15 * 365)
    assert projection.target_reached_on == day("2025-10-30")  # (100 + 1/6) / 0.15 = 667.8 days
    assert projection.value_on(day("2024-01-31")) == pytest.approx(-1 / 6 + 0.15 * 30)


def test_projection_only_sees_observations_up_to_the_as_of_date():
    points = [("2024-01-01", 0), ("2024-01-11", 5), ("2024-01-21", 10), ("2024-01-31", 0)]
    assert status_of(make_metric(**RISING), points, "2024-01-21").projection.target_reached_on == day("2024-07-19")
    assert status_of(make_metric(**RISING), points, "2024-01-31").projection.points_used == 4


def test_projection_moving_away_never_reaches_the_target():
    projection = status_of(make_metric(**RISING), [("2024-01-01", 25), ("2024-01-11", 20), ("2024-01-21", 15)], "2024-02-01").projection
    assert projection.target_reached_on is None
    assert projection.value_at_target_date == pytest.approx(25 - 0.5 * 365)


def test_projection_when_lower_is_better():
    # 100, 96, 92: 0.4 a day down towards 20, reached 200 days after 1 Jan
    projection = status_of(make_metric(target={"date": "2024-12-31", "value": 20}), [("2024-01-01", 100), ("2024-01-11", 96), ("2024-01-21", 92)], "2024-02-01").projection
    assert projection.target_reached_on == day("2024-07-19")
    assert projection.value_at_target_date == pytest.approx(100 - 0.4 * 365)


def test_projection_of_a_flat_line_never_reaches_the_target():
    projection = status_of(make_metric(**RISING), [("2024-01-01", 40), ("2024-01-11", 40)], "2024-02-01").projection
    assert (projection.target_reached_on, projection.value_at_target_date) == (None, pytest.approx(40))


def test_projection_whose_crossing_is_centuries_away_has_no_date():
    # Already far past the target with an almost flat trend: the line met the target ~400,000 years
    # ago. No date (and no crash computing one).
    metric = make_metric(direction="increase", unit="points", baseline={"date": "2024-01-01", "value": 10}, target={"date": "2025-06-01", "value": 20})
    result = status_of(metric, [("2024-01-01", 60), ("2025-01-01", 60.0001)], "2025-02-01")
    assert result.status.value == "blue"
    assert result.projection.target_reached_on is None


# -- data overdue ----------------------------------------------------------------------------


@pytest.mark.parametrize(("frequency", "days"), [("monthly", 45), ("quarterly", 136), ("termly", 182), ("annual", 547)])
def test_data_is_overdue_after_one_and_a_half_reporting_periods(frequency, days):
    metric = make_metric(frequency=frequency, target={"date": "2027-01-01", "value": 20})
    last = day("2024-03-01")
    on_time = metric_status(metric, make_series("m", [(last, 90)]), last + dt.timedelta(days=days), DEFAULTS)
    late = metric_status(metric, make_series("m", [(last, 90)]), last + dt.timedelta(days=days + 1), DEFAULTS)
    assert (on_time.data_overdue, late.data_overdue) == (False, True)
    assert on_time.data_due_by == last + dt.timedelta(days=days)


def test_with_no_data_overdue_counts_from_the_baseline():
    metric = make_metric(target={"date": "2027-01-01", "value": 20})  # monthly, baseline 1 Jan 2024
    assert status_of(metric, [], "2024-02-15").data_overdue is False  # 45 days
    assert status_of(metric, [], "2024-02-16").data_overdue is True
    assert status_of(metric, [], "2024-02-16").data_due_by == day("2024-02-15")


def test_overdue_uses_only_data_up_to_the_as_of_date():
    metric = make_metric(target={"date": "2027-01-01", "value": 20})
    # the 1 Jun observation is after the as-of date, so the last one seen is 1 Mar: 46 days before
    assert status_of(metric, [("2024-03-01", 90), ("2024-06-01", 80)], "2024-04-16").data_overdue is True


# -- survey certainty (Wilson) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "n", "low", "high"),
    [(0.5, 100, 0.4038, 0.5962), (0.0, 10, 0.0, 0.2775), (1.0, 10, 0.7225, 1.0), (0.2, 50, 0.1124, 0.3304)],
)
def test_wilson_interval_known_values(p, n, low, high):
    assert wilson_interval(p, n) == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


PERCENT = {"unit": "percent", "direction": "increase", "baseline": {"date": "2024-01-01", "value": 40}}


@pytest.mark.parametrize(("target", "position"), [(80, "above"), (55, "inside"), (41, "inside"), (40, "below")])
def test_where_the_target_lies_against_the_interval(target, position):
    metric = make_metric(**PERCENT, target={"date": "2025-01-01", "value": target})
    certainty = status_of(metric, [("2024-06-01", 50, 100)], "2024-06-02").certainty
    assert (certainty.low, certainty.high, certainty.n) == (pytest.approx(40.38, abs=0.005), pytest.approx(59.62, abs=0.005), 100)
    assert certainty.target_position == position


def test_no_certainty_without_n_or_for_a_count():
    assert status_of(make_metric(**PERCENT, target={"date": "2025-01-01", "value": 80}), [("2024-06-01", 50)], "2024-06-02").certainty is None
    assert status_of(make_metric(), [("2024-01-06", 80, 100)], "2024-01-10").certainty is None


def test_the_survey_size_is_kept_with_the_latest_value():
    result = status_of(make_metric(**PERCENT, target={"date": "2025-01-01", "value": 80}), [("2024-03-01", 45, 30), ("2024-06-01", 50, 100)], "2024-06-02")
    assert result.latest_n == 100


# -- actions ---------------------------------------------------------------------------------


def make_action(**fields):
    return Action.model_validate({"id": "act-1", "title": "Publish", "area": "a", "due": "2024-06-30", "lead": "L", "public": True, **fields})


def update(date, status, narrative="internal", public_narrative="public"):
    return ActionUpdate("act-1", day(date), Status(status), narrative, public_narrative)


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("blue", "Completed and embedded (update of 1 Mar 2024)."),
        ("green", "On track, no concerns (update of 1 Mar 2024)."),
        ("amber", "On track, some concerns (update of 1 Mar 2024)."),
        ("red", "No progress, major concerns (update of 1 Mar 2024)."),
        ("grey", "Not due yet (update of 1 Mar 2024)."),
    ],
)
def test_action_status_is_its_latest_update(status, reason):
    result = action_status(make_action(), (update("2024-03-01", status),), day("2024-04-01"))
    assert (result.status.value, reason_of(result), result.overdue) == (status, reason, False)


def test_action_without_updates_is_grey():
    result = action_status(make_action(), (), day("2024-04-01"))
    assert (result.status.value, reason_of(result), result.overdue, result.latest) == ("grey", "Not due yet; no update so far.", False, None)
    assert (result.basis, result.update_overdue) == (Basis.NO_UPDATE, False)


# Updated 1 Mar 2024, due 30 Jun 2024; the next update is due 42 days later, by 12 Apr 2024.
@pytest.mark.parametrize(
    ("as_of", "reported", "status", "overdue", "reason"),
    [
        ("2024-06-30", "amber", "amber", False, "On track, some concerns (update of 1 Mar 2024). Update overdue: the next was due by 12 Apr 2024."),
        ("2024-07-01", "amber", "red", True, "Overdue since 30 Jun 2024; last reported amber on 1 Mar 2024. Update overdue: the next was due by 12 Apr 2024."),
        ("2024-07-01", "green", "red", True, "Overdue since 30 Jun 2024; last reported green on 1 Mar 2024. Update overdue: the next was due by 12 Apr 2024."),
        ("2024-07-01", "blue", "blue", False, "Completed and embedded (update of 1 Mar 2024)."),
        ("2024-07-01", "grey", "red", True, "Overdue since 30 Jun 2024; last reported grey on 1 Mar 2024. Update overdue: the next was due by 12 Apr 2024."),
    ],
    ids=["on the due date", "the day after", "green the day after", "completed", "grey update"],
)
def test_an_overdue_action_is_red_and_names_what_was_last_reported(as_of, reported, status, overdue, reason):
    result = action_status(make_action(), (update("2024-03-01", reported),), day(as_of))
    assert (result.status.value, result.overdue, reason_of(result)) == (status, overdue, reason)
    assert result.reported is Status(reported)
    assert result.basis is (Basis.OVERDUE if overdue else Basis.REPORTED)


@pytest.mark.parametrize(
    ("as_of", "status", "reason"),
    [("2024-06-30", "grey", "Not due yet; no update so far."), ("2024-07-01", "red", "No update, and it was due by 30 Jun 2024.")],
    ids=["on the due date", "the day after"],
)
def test_an_action_with_no_update_turns_red_the_day_after_it_was_due(as_of, status, reason):
    result = action_status(make_action(), (), day(as_of))
    assert (result.status.value, reason_of(result), result.overdue) == (status, reason, status == "red")


@pytest.mark.parametrize(
    ("as_of", "every", "flagged", "due_by"),
    [
        ("2024-04-12", 42, False, "2024-04-12"),  # 42 days after 1 Mar: still in time
        ("2024-04-13", 42, True, "2024-04-12"),  # the day after
        ("2024-03-08", 7, False, "2024-03-08"),  # the plan's own cadence
        ("2024-03-09", 7, True, "2024-03-08"),
    ],
)
def test_an_old_update_is_flagged_but_keeps_its_status(as_of, every, flagged, due_by):
    result = action_status(make_action(), (update("2024-03-01", "green"),), day(as_of), Defaults(update_every_days=every))
    assert (result.status.value, result.update_overdue, result.update_due_by) == ("green", flagged, day(due_by))
    assert ("Update overdue" in reason_of(result)) is flagged


def test_a_completed_action_needs_no_more_updates():
    result = action_status(make_action(), (update("2024-03-01", "blue"),), day("2025-03-01"))
    assert (result.status.value, result.update_overdue, result.update_due_by) == ("blue", False, None)


@pytest.mark.parametrize(("as_of", "status", "seen"), [("2024-04-30", "green", 1), ("2024-05-01", "red", 2), ("2024-02-29", "grey", 0)])
def test_action_updates_count_from_their_own_date(as_of, status, seen):
    history = (update("2024-03-01", "green"), update("2024-05-01", "red"))
    result = action_status(make_action(), history, day(as_of))
    assert (result.status.value, len(result.history)) == (status, seen)


# -- the whole small fixture plan ------------------------------------------------------------


def test_small_plan_status():
    plan, _ = load_plan(SMALL / "targets.yaml")
    dataset, _ = load_data(SMALL / "data", plan)
    status = plan_status(plan, dataset, day("2025-08-01"))
    assert {k.value: n for k, n in status.counts().items()} == {"blue": 1, "green": 1, "amber": 0, "red": 5, "grey": 1}
    assert [(s.metric.id, s.status.value) for s in status.metrics] == [
        ("longest_wait", "red"),
        ("confidence", "red"),
        ("tribunals", "green"),
        ("secret_metric", "red"),
        ("no_data_yet", "grey"),
    ]
    assert reason_of(status.metric("confidence")) == "58% on 31 Jul 2025; plan was 68.6%; 10.6 percentage points worse than planned (more than the tolerance of 4 percentage points)."
    assert reason_of(status.metric("longest_wait")) == "Deadline passed: 22 weeks on 30 Sep 2023; the target was 13 weeks by 31 Mar 2024."
    assert [(s.action.id, s.status.value, s.overdue) for s in status.actions] == [("act-1", "blue", False), ("act-2", "red", True), ("act-secret", "red", True)]
    earlier = plan_status(plan, dataset, day("2023-10-01")).metric("longest_wait")
    assert (earlier.status.value, reason_of(earlier)) == ("green", "22 weeks on 30 Sep 2023; plan was 87.5 weeks; 65.5 weeks better than planned.")


def test_the_previous_status_follows_the_trend_rule_too():
    # on 4 Jan the three slowing figures made it amber (rule 5); 100 on 5 Jan is 16 behind the planned 84
    result = status_of(make_metric(), [*SLOWING, ("2024-01-05", 100)], "2024-01-06")
    assert (result.status.value, result.previous_status, result.previous_date) == ("red", Status.AMBER, day("2024-01-04"))
