"""Sentences about a status, chosen from its basis: the one place a reason is worded.

The rules (``metrics.domain.rules``) decide a status and say what decided it (``Basis``); this
module turns that into the words a reader sees, for the board or for families. Nothing here
reads a sentence back.
"""

from __future__ import annotations

from metrics.domain.plan import Defaults, Metric
from metrics.domain.rules import ActionStatus, MetricStatus
from metrics.domain.status import Basis, Status
from metrics.domain.withheld import withheld_for
from metrics.views.audience import Audience, withheld_text
from metrics.views.formatting import by_date, format_amount, format_date, format_value

# Differences smaller than this are rounding in the arithmetic, not real.
_EPSILON = 1e-9


def latest_text(s: MetricStatus) -> str:
    """The latest value as shown: '22 weeks', 'fewer than 5', or 'No data yet'."""
    if s.withheld is not None:
        return withheld_text(s.withheld)
    return format_value(s.latest_value, s.metric.unit) if s.latest_value is not None else "No data yet"


def target_text(s: MetricStatus) -> str:
    """'13 weeks by 31 Mar 2024'."""
    return by_date(s.metric.target.value, s.metric.unit, s.metric.target.date)


def status_meaning(s: MetricStatus, audience: Audience) -> str:
    """'deadline passed' for a target missed at its date, else the status's meaning ('on track')."""
    if s.basis is Basis.DEADLINE_MISSED:
        return "deadline passed"
    return audience.metric_words[s.status].meaning


def describe_gap(gap: float, tolerance: float, unit: str) -> str:
    if abs(gap) < _EPSILON:
        return "exactly on plan"
    if gap > 0:
        return f"{format_amount(gap, unit)} better than planned"
    if -gap <= tolerance + _EPSILON:
        return f"{format_amount(gap, unit)} worse than planned (within the tolerance of {format_amount(tolerance, unit)})"
    return f"{format_amount(gap, unit)} worse than planned (more than the tolerance of {format_amount(tolerance, unit)})"


def metric_reason(s: MetricStatus) -> str:
    """Why the KPI has its status, in one sentence ('Deadline passed: 22 weeks on 30 Sep 2023; ...').

    A withheld value is named by its withheld text ('fewer than 5'), never by its number.
    """
    if s.basis is Basis.NO_DATA or s.latest_date is None:
        return "No data yet."
    value = f"{latest_text(s)} on {format_date(s.latest_date)}"
    if s.basis is Basis.TARGET_MET:
        return f"Target met: {value}." if s.withheld else f"Target met: {value} (target {target_text(s)})."
    if s.basis is Basis.DEADLINE_MISSED:
        return f"Deadline passed: {value}; the target was {target_text(s)}."
    if s.gap is None or s.planned is None:  # withheld: only the direction, which the status gives away anyway
        direction = "on plan or better" if s.status is Status.GREEN else "worse than planned"
        return f"{value[:1].upper()}{value[1:]}; {direction}."
    return f"{value}; plan was {format_value(s.planned, s.metric.unit)}; {describe_gap(s.gap, s.tolerance, s.metric.unit)}."


def action_reason(s: ActionStatus, audience: Audience) -> str:
    """'On track, some concerns (update of 30 Jun 2023). Overdue: it was due by 30 Apr 2022.'"""
    if s.latest is None:
        reason = "No update yet."
    else:
        reason = f"{audience.action_words[s.status].meaning.capitalize()} (update of {format_date(s.latest.date)})."
    if s.overdue:
        reason += f" Overdue: it was due by {format_date(s.action.due)}."
    return reason


def public_value_text(metric: Metric, value: float | None, n: float | None, defaults: Defaults) -> str:
    """A value as the public may see it: '22 weeks', 'fewer than 5', 'withheld (...)'."""
    if value is None:
        return "–"
    withheld = withheld_for(metric, value, n, defaults)
    return withheld_text(withheld) if withheld else format_value(value, metric.unit)
