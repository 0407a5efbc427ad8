"""What the KPI detail page shows: the chart's data, its summary, the data table, the definition.

Every decision is made here, as plain lists of dates, numbers and words; ``ui/charts.py`` only
draws them. Withheld values (the public view's small numbers) are never plotted, never put in a
hover label or the text alternative, and appear in the table only as their withheld text.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from metrics.domain.context import ContextReading
from metrics.domain.data import Series
from metrics.domain.plan import ContextMeasure, Metric, Point
from metrics.domain.rules import MetricStatus, wilson_interval
from metrics.views.audience import Audience, withheld_text
from metrics.views.formatting import by_date, format_amount, format_date, format_value
from metrics.views.wording import (
    assumed_mark,
    assumed_notes,
    by_date_text,
    latest_text,
    plan_point_text,
    plan_value_text,
    planned_text,
    point_text,
    status_meaning,
    target_text,
)

if TYPE_CHECKING:
    from metrics.domain.statistics import Comparison

PUBLISHED_LABEL = "Published figure"
ILLUSTRATIVE_LABEL = "Illustrative (not a published figure)"
PLAN_LABEL = "Plan (baseline, milestones, target)"
PROJECTION_LABEL = "Projection (current trend)"
MARKER_LABELS = {"baseline": "Baseline", "milestone": "Milestone", "target": "Target"}
FREQUENCY_WORDS = {"monthly": "Monthly", "quarterly": "Quarterly", "termly": "Termly (three times a year)", "annual": "Annual"}


@dataclass(frozen=True)
class Observations:
    """Plotted observations of one kind (published or illustrative), in date order."""

    dates: list[dt.date]
    values: list[float]
    low: list[float | None]  # 95% interval (Wilson) for a survey percentage with n, else None
    high: list[float | None]
    hover: list[list[str]]  # lines of plain text for each point's hover label

    def __len__(self) -> int:
        return len(self.dates)

    @property
    def has_intervals(self) -> bool:
        return any(v is not None for v in self.low)


@dataclass(frozen=True)
class ComparisonLine:
    """England or the similar areas' mean over the published periods: a labelled, dashed line."""

    kind: str  # "england" or "neighbours"
    label: str  # 'England', 'Similar areas (mean)'
    points: tuple[tuple[dt.date, float], ...]
    hover: tuple[str, ...]


@dataclass(frozen=True)
class ForecastPoint:
    """A published forecast: a hollow mark joined to the latest figure by a dashed line, never data."""

    date: dt.date
    value: float
    label: str  # 'Forecast: 7,500 plans by 31 Aug 2028': drawn beside the mark
    start: tuple[dt.date, float] | None  # the latest figure it is drawn from
    source: str = ""  # where it was published: in the hover text and the description


@dataclass(frozen=True)
class Marker:
    kind: str  # "baseline", "milestone" or "target"
    date: dt.date
    value: float
    label: str  # "Milestone: 125 weeks by 30 Jun 2023"


@dataclass(frozen=True)
class KpiChart:
    metric_id: str
    title: str
    unit: str
    axis_title: str
    as_of: dt.date
    published: Observations
    illustrative: Observations
    line: list[tuple[dt.date, float]]  # every plotted observation in date order, joined by a thin line
    trajectory: list[tuple[dt.date, float]]  # baseline -> milestones -> target
    band: list[tuple[dt.date, float, float]]  # (date, low, high): the amber tolerance, on the worse side
    band_side: str  # "above" the plan when lower is better, else "below"
    band_label: str
    markers: list[Marker]
    projection: list[tuple[dt.date, float]] | None  # from the projection's start to the target date
    projection_hover: list[str]
    events: list[tuple[dt.date, str]]
    withheld_count: int
    y_floor: float | None  # 0 when the measure cannot be negative: the value axis then starts at 0
    summary: str
    alt_text: str
    comparisons: tuple[ComparisonLine, ...] = ()
    forecasts: tuple[ForecastPoint, ...] = ()


# -- the chart ---------------------------------------------------------------------------------


def kpi_chart(status: MetricStatus, series: Series, audience: Audience, comparison: Comparison | None = None) -> KpiChart:
    metric = status.metric
    seen = series.upto(status.as_of)
    published = _observations(metric, seen, illustrative=False)
    illustrative = _observations(metric, seen, illustrative=True)
    line = sorted(zip(published.dates + illustrative.dates, published.values + illustrative.values))
    trajectory = [(p.date, p.value) for p in metric.trajectory]
    if status.plan_withheld:  # a plan line through small numbers would give them away: not drawn
        trajectory = []
    band = [_band_point(metric, when, value, status.tolerance) for when, value in trajectory]
    side = "above" if metric.direction == "decrease" else "below"
    band_label = f"Amber tolerance: up to {format_amount(status.tolerance, metric.unit)} worse than plan"
    kinds = {"baseline": "baseline", "target": "target"}
    markers = [
        Marker(kinds.get(name, "milestone"), p.date, p.value, _marker_label(kinds.get(name, "milestone"), p, metric.unit, audience))
        for name, p in metric.plan_points
        if status.plan_shown(name)  # a withheld plan number is never plotted
    ]
    projection = projection_line(status, seen)
    projection_hover = [f"{PROJECTION_LABEL}: {format_value(v, metric.unit)} on {format_date(d)}" for d, v in projection or []]
    withheld = sum(1 for w in seen.withheld if w is not None)
    chart = KpiChart(
        metric_id=metric.id,
        title=metric.title,
        unit=metric.unit,
        axis_title="%" if metric.is_percent else metric.unit,
        as_of=status.as_of,
        published=published,
        illustrative=illustrative,
        line=line,
        trajectory=trajectory,
        band=band,
        band_side=side,
        band_label=band_label,
        markers=markers,
        projection=projection,
        projection_hover=projection_hover,
        events=[(e.date, e.label) for e in metric.events if e.date <= status.as_of],  # nothing from after the as-of date
        withheld_count=withheld,
        y_floor=_range(metric, seen)[0],
        summary=summary_sentence(status, audience),
        alt_text="",
        comparisons=comparison_lines(comparison, metric.unit, status.as_of),
    )
    return _with_alt_text(chart, status)


def context_chart(reading: ContextReading, series: Series, audience: Audience, comparison: Comparison | None = None) -> KpiChart:
    """A context measure's chart: its figures, events, published forecasts and comparisons; no plan."""
    measure = reading.measure
    seen = series.upto(reading.as_of)
    published = _observations(measure, seen, illustrative=False)
    illustrative = _observations(measure, seen, illustrative=True)
    line = sorted(zip(published.dates + illustrative.dates, published.values + illustrative.values))
    start = line[-1] if line else None
    forecasts = tuple(
        ForecastPoint(f.date, f.value, f"Forecast: {by_date(f.value, measure.unit, f.date)}", start, f.source or "")
        for f in measure.forecasts
    )
    observed = [v for _, v in line] + [f.value for f in forecasts]
    floor = 0.0 if measure.is_percent or (observed and min(observed) >= 0) else None
    chart = KpiChart(
        metric_id=measure.id,
        title=measure.title,
        unit=measure.unit,
        axis_title="%" if measure.is_percent else measure.unit,
        as_of=reading.as_of,
        published=published,
        illustrative=illustrative,
        line=line,
        trajectory=[],
        band=[],
        band_side="below",
        band_label="",
        markers=[],
        projection=None,
        projection_hover=[],
        events=[(e.date, e.label) for e in measure.events if e.date <= reading.as_of],
        withheld_count=sum(1 for w in seen.withheld if w is not None),
        y_floor=floor,
        summary=context_sentence(reading, audience),
        alt_text="",
        comparisons=comparison_lines(comparison, measure.unit, reading.as_of),
        forecasts=forecasts,
    )
    return KpiChart(**{**chart.__dict__, "alt_text": _context_alt_text(chart, measure)})


def comparison_lines(comparison: Comparison | None, unit: str, as_of: dt.date) -> tuple[ComparisonLine, ...]:
    """England and the similar areas' mean, for the periods published by the as-of date."""
    if comparison is None:
        return ()
    periods = [p for p in comparison.periods if p.date <= as_of]
    out = []
    for kind, label, field in (("england", "England", "england"), ("neighbours", "Similar areas (mean)", "neighbours_mean")):
        points = tuple((p.date, float(getattr(p, field))) for p in periods if getattr(p, field) is not None)
        if points:
            hover = tuple(f"{label}: {format_value(v, unit)} in {p}" for (_, v), p in zip(points, [q.period for q in periods if getattr(q, field) is not None]))
            out.append(ComparisonLine(kind, label, points, hover))
    return tuple(out)


def context_sentence(reading: ContextReading, audience: Audience) -> str:
    """'EHC plans in mainstream schools: 2,132 plans in Jan 2024; a context measure, with no target.'"""
    m = reading.measure
    tail = "a context measure, with no target or status" if not audience.public else "shown for context: there is no target for it"
    if reading.latest_date is None:
        return f"{m.title}: no figures yet; {tail}."
    if reading.withheld is not None:
        value = withheld_text(reading.withheld)
    else:
        value = format_value(reading.latest_value, m.unit) + (" (illustrative)" if reading.latest_illustrative else "")
    return f"{m.title}: {value} in {_month(reading.latest_date)}; {tail}."


def _context_alt_text(chart: KpiChart, measure: ContextMeasure) -> str:
    dates = [d for d, _ in chart.line] + [f.date for f in chart.forecasts] + [chart.as_of]
    unit = "percent" if measure.is_percent else "numbers" if measure.unit.lower() in {"number", "count"} else measure.unit
    parts = [f"Chart of {measure.title}, in {unit}, from {_month(min(dates))} to {_month(max(dates))}.", _alt_values(measure, chart)]
    parts.append("It is a context measure: there is no plan line or target.")
    parts += _comparison_alt(chart)
    for f in chart.forecasts:
        source = f" ({f.source})" if f.source else ""
        parts.append(f"A hollow square{' joined by a dashed line' if f.start else ''} shows a published forecast, not data: {f.label}{source}.")
    if chart.events:
        parts.append("Events marked: " + "; ".join(f"{label} ({format_date(when)})" for when, label in chart.events) + ".")
    return " ".join(parts)


def _comparison_alt(chart: KpiChart) -> list[str]:
    out = []
    for line in chart.comparisons:
        (first, v0), (last, v1) = line.points[0], line.points[-1]
        dash = "a long-dashed line" if line.kind == "england" else "a short-dashed line"
        out.append(f"{dash[0].upper()}{dash[1:]} labelled {line.label} runs from {format_value(v0, chart.unit)} ({first.year}) to {format_value(v1, chart.unit)} ({last.year}).")
    return out


def _observations(metric: Metric | ContextMeasure, seen: Series, *, illustrative: bool) -> Observations:
    dates: list[dt.date] = []
    values: list[float] = []
    low: list[float | None] = []
    high: list[float | None] = []
    hover: list[list[str]] = []
    for i in range(len(seen)):
        value = float(seen.values[i])
        if bool(seen.illustrative[i]) != illustrative or seen.withheld_at(i) or math.isnan(value):
            continue
        when = seen.date(i)
        n = None if np.isnan(seen.n[i]) else int(seen.n[i])
        lines = [f"{format_value(value, metric.unit)} on {format_date(when)}", ILLUSTRATIVE_LABEL if illustrative else PUBLISHED_LABEL]
        lo = hi = None
        if metric.is_percent and n:
            lo, hi = (x * 100 for x in wilson_interval(value / 100, n))
            lines.append(f"{n:,} responses; 95% interval {format_value(lo, metric.unit)} to {format_value(hi, metric.unit)}")
        if seen.sources[i]:
            lines.append(f"Source: {seen.sources[i]}")
        dates.append(when)
        values.append(value)
        low.append(lo)
        high.append(hi)
        hover.append(lines)
    return Observations(dates, values, low, high, hover)


def _band_point(metric: Metric, when: dt.date, planned: float, tolerance: float) -> tuple[dt.date, float, float]:
    """The amber zone lies on the worse side of the plan: above it when lower is better."""
    if metric.direction == "decrease":
        low, high = planned, planned + tolerance
    else:
        low, high = planned - tolerance, planned
    if metric.is_percent:
        low, high = max(0.0, low), min(100.0, high)
    return when, low, high


def _marker_label(kind: str, point: Point, unit: str, audience: Audience) -> str:
    """'Baseline: 48% on 20 Dec 2021 (assumed: no published survey result)'; families read that
    it is an estimate (the note, which may name who assumed it, is for the board)."""
    word = "on" if kind == "baseline" else "by"
    if audience.public:
        mark = " (an estimate, not a published figure)" if point.assumed else ""
    else:
        mark = f" (assumed: {point.note})" if point.assumed and point.note else assumed_mark(point)
    return f"{MARKER_LABELS[kind]}: {format_value(point.value, unit)} {word} {format_date(point.date)}{mark}"


def projection_line(status: MetricStatus, seen: Series) -> list[tuple[dt.date, float]] | None:
    """The trend line from the projection's first point to the target date.

    It stops where it would leave the possible range (below zero for a quantity that cannot be
    negative, outside 0-100 for a percentage), and is absent when the target date is not after
    the latest observation.
    """
    p = status.projection
    if p is None:
        return None
    metric = status.metric
    start, end = p.start_date, metric.target.date
    if len(seen) == 0 or end <= seen.date(len(seen) - 1):
        return None  # the target date is behind the data: nothing left to project
    floor, ceiling = _range(metric, seen)
    v0, v1 = p.value_on(start), p.value_on(end)
    for bound in (floor, ceiling):
        if bound is None or p.slope_per_year == 0:
            continue
        crosses = (v1 < bound <= v0) if bound == floor else (v0 <= bound < v1)
        if crosses:
            days = (bound - v0) / p.slope_per_year * 365.25
            end = start + dt.timedelta(days=max(1, math.floor(days)))
            v1 = bound
    return [(start, v0), (end, v1)]


def _range(metric: Metric, seen: Series) -> tuple[float | None, float | None]:
    if metric.is_percent:
        return 0.0, 100.0
    planned = [p.value for p in metric.trajectory]
    observed = [float(v) for v in seen.values if not math.isnan(v)]
    return (0.0 if min(planned + observed) >= 0 else None), None


# -- words -------------------------------------------------------------------------------------


def _month(when: dt.date) -> str:
    return f"{when:%b %Y}"


def summary_sentence(status: MetricStatus, audience: Audience) -> str:
    """One sentence under the chart: where the measure started, where it is, against what plan."""
    m = status.metric
    base = f"{plan_value_text(status, 'baseline', m.baseline)}{assumed_mark(m.baseline, audience)} in {_month(m.baseline.date)}"
    if audience.public:
        tail = f"status: {audience.metric_words[status.status].word.lower()}."
    else:
        tail = f"status {audience.metric_words[status.status].word}: {status_meaning(status, audience)}."
    if status.latest_date is None:
        return f"{m.title}: no values yet; the plan starts from {base} and aims for {plan_value_text(status, 'target', m.target)}{assumed_mark(m.target, audience)} by {_month(m.target.date)}; {tail}"
    when = _month(status.latest_date)
    flag = audience.illustrative_mark if status.latest_illustrative else ""
    if status.withheld or status.latest_value is None:
        movement = f"started from {base}; the latest value{flag} ({when}) is {latest_text(status)}"
    else:
        latest = format_value(status.latest_value, m.unit)
        if latest == plan_value_text(status, "baseline", m.baseline):
            movement = f"stayed at {latest}{flag} from {_month(m.baseline.date)} to {when}"
        else:
            verb = "rose" if status.latest_value > m.baseline.value else "fell"
            movement = f"{verb} from {base} to {latest}{flag} in {when}"
    if status.latest_date <= m.target.date and status.planned is not None:
        plan = f"the plan was {planned_text(m, status.planned, status.latest_date, audience)} at that date"
    else:
        plan = f"the target was {plan_value_text(status, 'target', m.target)}{assumed_mark(m.target, audience)} by {_month(m.target.date)}"
    return f"{m.title} {movement}; {plan}; {tail}"


def _alt_values(metric: Metric | ContextMeasure, chart: KpiChart) -> str:
    counts = []
    if len(chart.published):
        counts.append(f"{len(chart.published)} published figure{'s' if len(chart.published) != 1 else ''}")
    if len(chart.illustrative):
        counts.append(f"{len(chart.illustrative)} illustrative value{'s' if len(chart.illustrative) != 1 else ''}")
    if not chart.line:
        text = "No values are plotted yet."
    else:
        values = [v for _, v in chart.line]
        last_date, last_value = chart.line[-1]
        if len(values) == 1:
            text = f"{counts[0].capitalize()} is plotted: {format_value(last_value, metric.unit)} on {format_date(last_date)}."
        else:
            text = (
                f"{' and '.join(counts).capitalize()} are plotted, from {format_value(min(values), metric.unit)} "
                f"to {format_value(max(values), metric.unit)}, dated {format_date(chart.line[0][0])} to "
                f"{format_date(last_date)}; the latest plotted is {format_value(last_value, metric.unit)} on {format_date(last_date)}."
            )
        if chart.published.has_intervals or chart.illustrative.has_intervals:
            text += " Survey values have 95% interval bars."
    if chart.withheld_count:
        text += f" {chart.withheld_count} value{'s are' if chart.withheld_count != 1 else ' is'} withheld to protect privacy and not plotted."
    return text


def _with_alt_text(chart: KpiChart, status: MetricStatus) -> KpiChart:
    m = status.metric
    first = min([m.baseline.date] + [d for d, _ in chart.line])
    last = max([m.target.date, chart.as_of] + [d for d, _ in chart.line])
    unit = "percent" if m.is_percent else "numbers" if m.unit.lower() in {"number", "count"} else m.unit
    parts = [f"Chart of {m.title}, in {unit}, from {_month(first)} to {_month(last)}.", _alt_values(m, chart)]
    via = ""
    if status.plan_withheld:
        parts.append(
            f"Some of the plan's numbers are small, so the plan line is not drawn: it starts from "
            f"{plan_point_text(status, 'baseline', m.baseline, by=False)} and aims for {target_text(status)}; "
            f"{'lower' if m.direction == 'decrease' else 'higher'} is better."
        )
    else:
        if m.milestones:
            via = " through " + ", ".join(f"a milestone of {by_date_text(p, m.unit)}" for p in m.milestones)
        parts.append(
            f"The plan line runs from {point_text(m.baseline, m.unit)}{via} "
            f"to the target of {by_date_text(m.target, m.unit)}; "
            f"{'lower' if m.direction == 'decrease' else 'higher'} is better. "
            f"An amber band {chart.band_side} the plan line shows the tolerance of {format_amount(status.tolerance, m.unit)}."
        )
    if chart.projection:
        (_, _), (end, value) = chart.projection[0], chart.projection[-1]
        parts.append(f"A dotted line projects the current trend to {format_value(value, m.unit)} on {format_date(end)}.")
    parts += _comparison_alt(chart)
    if chart.events:
        parts.append("Events marked: " + "; ".join(f"{label} ({format_date(when)})" for when, label in chart.events) + ".")
    return KpiChart(**{**chart.__dict__, "alt_text": " ".join(parts)})


def change_sentence(status: MetricStatus, audience: Audience) -> str | None:
    """What changed since the previous observation, or None when there was none."""
    if status.previous_status is None or status.previous_date is None:
        return None
    when = format_date(status.previous_date)
    before = "the figure before" if audience.public else "the previous value"
    label = audience.metric_label
    if status.previous_status is status.status:
        return f"No change since {before} ({when}): still {label(status.status)}."
    return f"Changed since {before} ({when}): {label(status.previous_status)} → {label(status.status)}."


# -- the table, the CSV and the definition -----------------------------------------------------


def series_rows(status: MetricStatus | ContextReading, series: Series) -> list[dict]:
    """One record per observation up to the as-of date, oldest first; withheld values as their text."""
    metric = status.metric if isinstance(status, MetricStatus) else status.measure
    seen = series.upto(status.as_of)
    rows = []
    for i in range(len(seen)):
        withheld = seen.withheld_at(i)
        value = float(seen.values[i])
        n = None if withheld or np.isnan(seen.n[i]) else int(seen.n[i])
        hidden = withheld_text(withheld) if withheld else None
        correction = seen.correction_at(i)
        rows.append(
            {
                "metric_id": metric.id,
                "date": seen.date(i),
                "value": hidden or value,
                "value_text": hidden or format_value(value, metric.unit),
                "unit": metric.unit,
                "figure": ILLUSTRATIVE_LABEL if seen.illustrative[i] else PUBLISHED_LABEL,
                "n": n,
                "source": seen.sources[i],
                "note": seen.notes[i],
                "corrected": corrected_text(correction, metric.unit) if correction is not None else "",
            }
        )
    return rows


def corrected_text(correction, unit: str) -> str:
    """'Corrected on 1 Sep 2025 by officer@example.org (was 9 weeks): wrong month': a value that
    replaced an earlier one for the same date, marked on the KPI page (internal only)."""
    why = f": {correction.reason}" if correction.reason else ""
    return f"Corrected on {format_date(correction.recorded_at.date())} by {correction.by} (was {format_value(correction.previous, unit)}){why}"


def table_rows(rows: list[dict], audience: Audience) -> tuple[list[str], list[list[str]]]:
    """The series as the page's table shows it, newest first: column names and text cells."""
    rows = rows[::-1]
    if audience.public:  # plain words; the responses column only for a survey
        surveys = any(r["n"] is not None for r in rows)
        columns = ["Date", "Value", "Type of figure"] + (["Responses"] if surveys else []) + ["Where it comes from"]
        body = [[format_date(r["date"]), r["value_text"], r["figure"]] + ([_n_text(r["n"])] if surveys else []) + [r["source"]] for r in rows]
    else:
        columns = ["Date", "Value", "Published or illustrative", "n", "Source", "Note"]
        body = [[format_date(r["date"]), r["value_text"], r["figure"], _n_text(r["n"]), r["source"], "; ".join(t for t in (r.get("corrected", ""), r["note"]) if t)] for r in rows]
    return columns, body


def _n_text(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def assumed_flag_words(metric: Metric) -> list[str]:
    """'the starting point of 48%', 'the target of 30,000 visits': the assumed numbers in plain words."""
    names = {"baseline": "the starting point", "target": "the target"}
    return [f"{names.get(n, 'a step along the way')} of {format_value(p.value, metric.unit)}" for n, p in metric.plan_points if p.assumed]


def direction_words(metric: Metric | ContextMeasure) -> str:
    return "Lower is better (aim: decrease)" if metric.direction == "decrease" else "Higher is better (aim: increase)"


def definition_rows(status: MetricStatus, audience: Audience) -> list[tuple[str, str]]:
    """The metric's definition, as (label, text) pairs; plain-English labels for the public."""
    m = status.metric
    milestones = "; ".join(plan_point_text(status, f"milestones[{i}]", p, by=True, audience=audience) for i, p in enumerate(m.milestones)) or "None"
    baseline = plan_point_text(status, "baseline", m.baseline, by=False, audience=audience)
    target = target_text(status, audience)
    notes = assumed_notes(m)
    tolerance = f"Up to {format_amount(status.tolerance, m.unit)} worse than the plan counts as Amber; more is Red"
    updated = format_date(status.latest_date) if status.latest_date else "No data yet"
    due = format_date(status.data_due_by)
    if audience.public:
        overdue = f"New figures were due by {due} and are late" if status.data_overdue else f"By {due}"
        return [
            ("What this measures", m.description or m.title),
            ("Who leads this", m.lead),
            ("How often it is measured", FREQUENCY_WORDS[m.frequency]),
            ("Measured in", "Percent" if m.is_percent else m.unit),
            ("Which way is better", "Lower is better" if m.direction == "decrease" else "Higher is better"),
            ("Where the figures come from", m.source),
            ("Starting point", baseline),
            ("Steps along the way", milestones),
            ("Target", target),
            *((("Estimated numbers", "The partnership set these, as no published figure exists: " + "; ".join(assumed_flag_words(m)) + "."),) if notes else ()),
            *(
                (("How far behind the plan still counts as 'behind plan' rather than 'off track'", f"Up to {format_amount(status.tolerance, m.unit)}"),)
                if not status.plan_withheld  # with the baseline shown, the tolerance would give a small target away
                else ()
            ),
            ("Last updated", updated),
            ("Next figures due", overdue),
        ]
    overdue = f"Yes: the next data was due by {due}" if status.data_overdue else f"No: next data due by {due}"
    return [
        ("ID", m.id),
        ("Description", m.description or "–"),
        ("Lead", m.lead),
        ("Frequency", FREQUENCY_WORDS[m.frequency]),
        ("Unit", m.unit),
        ("Direction", direction_words(m)),
        ("Source", m.source),
        ("Public", "Yes: shown on the public site" if m.public else "No: internal only"),
        ("Baseline", baseline),
        ("Milestones", milestones),
        ("Target", target),
        ("Assumed plan numbers", " ".join(f"{n}." for n in notes) if notes else "None: every plan number is from its source"),
        ("Tolerance", tolerance),
        ("Last updated", updated),
        ("Data overdue", overdue),
    ]


def context_definition_rows(reading: ContextReading, audience: Audience) -> list[tuple[str, str]]:
    """A context measure's definition: no target, so no plan rows; its forecasts named as such."""
    m = reading.measure
    forecasts = "; ".join(f"{by_date(f.value, m.unit, f.date)}" + (f" ({f.source})" if f.source else "") for f in m.forecasts) or "None"
    updated = format_date(reading.latest_date) if reading.latest_date else "No data yet"
    due = format_date(reading.data_due_by) if reading.data_due_by else "–"
    if audience.public:
        return [
            ("What this measures", m.description or m.title),
            ("Why it is shown", "For context: there is no target for it, so it is not marked on track or off track"),
            ("Who leads this", m.lead),
            ("How often it is measured", FREQUENCY_WORDS[m.frequency]),
            ("Measured in", "Percent" if m.is_percent else m.unit),
            ("Where the figures come from", m.source),
            ("Published forecasts", forecasts),
            ("Last updated", updated),
        ]
    direction = direction_words(m) if m.direction else "Neither: shown for context"
    overdue = ("Yes: the next data was due by " if reading.data_overdue else "No: next data due by ") + due if reading.data_due_by else "No data yet"
    return [
        ("ID", m.id),
        ("Description", m.description or "–"),
        ("Kind", "Context measure: no target, so no BRAG status, never counted"),
        ("Lead", m.lead),
        ("Frequency", FREQUENCY_WORDS[m.frequency]),
        ("Unit", m.unit),
        ("Direction", direction),
        ("Source", m.source),
        ("Public", "Yes: shown on the public site" if m.public else "No: internal only"),
        ("Published forecasts", forecasts),
        ("Last updated", updated),
        ("Data overdue", overdue),
    ]


__all__ = [
    "KpiChart",
    "Marker",
    "Observations",
    "change_sentence",
    "context_chart",
    "context_definition_rows",
    "definition_rows",
    "kpi_chart",
    "projection_line",
    "series_rows",
    "summary_sentence",
    "table_rows",
]
