"""Sentences about a status, chosen from its basis: the one place a reason is worded.

The rules (``metrics.domain.rules``) decide a status and say what decided it (``Basis``); this
module turns that into the words a reader sees, for the board or for families. Nothing here
reads a sentence back.
"""

from __future__ import annotations

import datetime as dt

from metrics.domain.data import ActionUpdate
from metrics.domain.plan import Defaults, Metric, Point
from metrics.domain.rules import ActionStatus, MetricStatus, planned_from_assumed
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


# Provenance marks: an invented or assumed number never reads as if it were sourced.
ASSUMED_MARK = " (assumed)"
ILLUSTRATIVE_MARK = " (illustrative)"


def assumed_mark(point: Point, audience: Audience | None = None) -> str:
    """' (assumed)' after a plan number no source gives (' (estimate)' in the families' words)."""
    return (audience.assumed_mark if audience is not None else ASSUMED_MARK) if point.assumed else ""


def _illustrative_mark(audience: Audience | None) -> str:
    return audience.illustrative_mark if audience is not None else ILLUSTRATIVE_MARK


def point_text(point: Point, unit: str, audience: Audience | None = None) -> str:
    """'48% on 20 Dec 2021 (assumed)'."""
    return f"{format_value(point.value, unit)} on {format_date(point.date)}{assumed_mark(point, audience)}"


def by_date_text(point: Point, unit: str, audience: Audience | None = None) -> str:
    """'13 weeks by 31 Mar 2024 (assumed)'."""
    return f"{by_date(point.value, unit, point.date)}{assumed_mark(point, audience)}"


def target_text(s: MetricStatus, audience: Audience | None = None) -> str:
    """'13 weeks by 31 Mar 2024', with '(assumed)' when the target is in no source; 'fewer than 5
    by 31 Dec 2026' when the public may not see a small target."""
    return plan_point_text(s, "target", s.metric.target, by=True, audience=audience)


def plan_point_text(s: MetricStatus, name: str, point: Point, *, by: bool, audience: Audience | None = None) -> str:
    """A plan number as this reader may see it: '2 children by 31 Dec 2026 (assumed)', 'fewer than 5 by ...'."""
    if not s.plan_shown(name) and s.plan_withheld_as is not None:
        return f"{withheld_text(s.plan_withheld_as)} {'by' if by else 'on'} {format_date(point.date)}{assumed_mark(point, audience)}"
    return by_date_text(point, s.metric.unit, audience) if by else point_text(point, s.metric.unit, audience)


def plan_value_text(s: MetricStatus, name: str, point: Point) -> str:
    """A plan number without its date: '2 children', or 'fewer than 5' when withheld."""
    if not s.plan_shown(name) and s.plan_withheld_as is not None:
        return withheld_text(s.plan_withheld_as)
    return format_value(point.value, s.metric.unit)


def planned_text(metric: Metric, planned: float, when: dt.date, audience: Audience | None = None) -> str:
    """'57.2%', or '57.2% (assumed)' when read off a line from an assumed plan number."""
    mark = audience.assumed_mark if audience is not None else ASSUMED_MARK
    return format_value(planned, metric.unit) + (mark if planned_from_assumed(metric, when) else "")


def latest_marked(s: MetricStatus, audience: Audience | None = None) -> str:
    """The latest value with its provenance: '48% (illustrative)' ('48% (example figure)' for families)."""
    return latest_text(s) + (_illustrative_mark(audience) if s.latest_illustrative and s.latest_date is not None else "")


def assumed_notes(metric: Metric) -> list[str]:
    """'Baseline 48% on 20 Dec 2021 is assumed: <note>' for each assumed plan number."""
    labels = {"baseline": "Baseline", "target": "Target"}
    return [
        f"{labels.get(name, 'Milestone')} {format_value(point.value, metric.unit)} on {format_date(point.date)} is assumed: {point.note or 'no source'}"
        for name, point in metric.plan_points
        if point.assumed
    ]


def update_text(u: ActionUpdate) -> str:
    """An update's narrative, opened by 'Illustrative update: ' when it was made up."""
    text = u.narrative.strip()
    return f"Illustrative update: {text}" if u.illustrative and text else ("Illustrative update." if u.illustrative else text)


def status_meaning(s: MetricStatus, audience: Audience) -> str:
    """The status's meaning ('on track'), or what decided it when that says more ('deadline passed')."""
    special = {
        Basis.DEADLINE_MISSED: "deadline passed",
        Basis.NO_DATA_DEADLINE_PASSED: "no figures, and the deadline has passed",
        Basis.TREND_MISSES: "on plan now, but the trend misses the target" if not audience.public else "on plan now, but the trend falls short",
    }
    return special.get(s.basis) or audience.metric_words[s.status].meaning


def describe_gap(gap: float, tolerance: float, unit: str) -> str:
    if abs(gap) < _EPSILON:
        return "exactly on plan"
    if gap > 0:
        return f"{format_amount(gap, unit)} better than planned"
    if -gap <= tolerance + _EPSILON:
        return f"{format_amount(gap, unit)} worse than planned (within the tolerance of {format_amount(tolerance, unit)})"
    return f"{format_amount(gap, unit)} worse than planned (more than the tolerance of {format_amount(tolerance, unit)})"


def trend_text(s: MetricStatus, audience: Audience | None = None) -> str:
    """'the trend of the latest 4 figures reaches 430 places by 31 Dec 2028 (target 500 places)'."""
    m = s.metric
    if s.projection is None:  # withheld from the public: the trend would give small numbers away
        return f"the recent trend does not reach the target of {target_text(s, audience)}"
    value = format_value(s.projection.value_at_target_date, m.unit)
    return f"the trend of the latest {s.projection.points_used} figures reaches {value} by {format_date(m.target.date)} (target {plan_value_text(s, 'target', m.target)}{assumed_mark(m.target, audience)})"


def metric_reason(s: MetricStatus, audience: Audience | None = None) -> str:
    """Why the KPI has its status, in one sentence ('Deadline passed: 22 weeks on 30 Sep 2023; ...').

    A withheld value is named by its withheld text ('fewer than 5'), never by its number.
    """
    if s.basis is Basis.NO_DATA_DEADLINE_PASSED:
        return f"No figures, and the target date {format_date(s.metric.target.date)} has passed."
    if s.basis is Basis.NO_DATA or s.latest_date is None:
        return "Not due yet; no figures so far."
    value = f"{latest_marked(s, audience)} on {format_date(s.latest_date)}"
    if s.basis is Basis.TARGET_MET:
        if s.withheld:
            return f"Target met: {value}."
        assumed = (", an estimated target" if audience is not None and audience.public else ", an assumed target") if s.metric.target.assumed else ""
        return f"Target met: {value} (target {plan_value_text(s, 'target', s.metric.target)} by {format_date(s.metric.target.date)}{assumed})."
    if s.basis is Basis.DEADLINE_MISSED:
        return f"Deadline passed: {value}; the target was {target_text(s, audience)}."
    if s.basis is Basis.TREND_MISSES:
        if s.gap is None or s.planned is None:
            return f"{value[:1].upper()}{value[1:]}; on plan now, but {trend_text(s, audience)}."
        return f"{value}; plan was {planned_text(s.metric, s.planned, s.latest_date, audience)}; on plan now, but {trend_text(s, audience)}."
    if s.gap is None or s.planned is None:  # withheld: only the direction, which the status gives away anyway
        direction = "on plan or better" if s.status is Status.GREEN else "worse than planned"
        return f"{value[:1].upper()}{value[1:]}; {direction}."
    return f"{value}; plan was {planned_text(s.metric, s.planned, s.latest_date, audience)}; {describe_gap(s.gap, s.tolerance, s.metric.unit)}."


def action_reason(s: ActionStatus, audience: Audience) -> str:
    """'Overdue since 30 Apr 2022; last reported amber on 30 Jun 2023.'; 'On track, some concerns (update of 30 Jun 2023).'"""
    words = audience.action_words
    if s.basis is Basis.NO_UPDATE_OVERDUE:
        return f"No update, and it was due by {format_date(s.action.due)}."
    if s.latest is None:
        return "Not due yet; no update so far."
    made_up = audience.illustrative_mark if s.latest.illustrative else ""
    if s.basis is Basis.OVERDUE:
        reason = f"Overdue since {format_date(s.action.due)}; last reported {words[s.latest.status].word.lower()} on {format_date(s.latest.date)}{made_up}."
    else:
        kind = audience.illustrative_update if made_up else "update"
        reason = f"{words[s.status].meaning.capitalize()} ({kind} of {format_date(s.latest.date)})."
    if s.update_overdue and s.update_due_by is not None:
        reason += f" Update overdue: the next was due by {format_date(s.update_due_by)}."
    return reason


def public_value_text(metric: Metric, value: float | None, n: float | None, defaults: Defaults) -> str:
    """A value as the public may see it: '22 weeks', 'fewer than 5', 'withheld (...)'."""
    if value is None:
        return "–"
    withheld = withheld_for(metric, value, n, defaults)
    return withheld_text(withheld) if withheld else format_value(value, metric.unit)
