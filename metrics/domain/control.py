"""SPC for a metric in the plan: its options from targets.yaml, and the chart or why there is none.

The icons and sentences that go with it are in ``metrics.views.spc_words``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from metrics.domain.data import Series
from metrics.domain.plan import ContextMeasure, Metric
from metrics.domain.spc import (
    ASSURANCE_LABELS,
    MIN_POINTS,
    VARIATION_LABELS,
    SpcOptions,
    SpcResult,
    calculate_spc,
    spc_unavailable_reason,
)


@dataclass(frozen=True)
class MetricSpc:
    result: SpcResult | None
    unavailable: str | None  # why there is no SPC view, in plain words

    @property
    def variation_text(self) -> str:
        return VARIATION_LABELS[self.result.variation] if self.result else ""

    @property
    def assurance_text(self) -> str:
        if not self.result or self.result.assurance is None:
            return "No target to assure against" if self.result else ""
        return ASSURANCE_LABELS[self.result.assurance]


def spc_options(metric: Metric | ContextMeasure) -> SpcOptions:
    settings = metric.spc
    if settings is None:
        return SpcOptions()
    return SpcOptions(
        screen_outliers=settings.screen_outliers,
        rebase=settings.rebase,
        baseline_points=settings.baseline_points,
        rules=settings.rules,
        run_length=settings.run_length,
        trend_length=settings.trend_length,
    )


def metric_spc(metric: Metric | ContextMeasure, series: Series, as_of: dt.date) -> MetricSpc:
    """The XmR chart of the observations up to ``as_of``; withheld (public) values are left out.
    A context measure has no target to assure against, and needs a direction for its icons."""
    if metric.direction is None:
        return MetricSpc(None, "SPC needs to know which way is better, to tell improvement from concern, and this context measure does not say (no direction).")
    seen = series.upto(as_of)
    keep = [i for i in range(len(seen)) if seen.withheld_at(i) is None]
    all_dates, all_values = seen.dates.tolist(), seen.values.tolist()  # dt.date and float, in one call each
    dates = [all_dates[i] for i in keep]
    values = [all_values[i] for i in keep]
    options = spc_options(metric)
    reason = spc_unavailable_reason(dates, options)
    if reason:
        return MetricSpc(None, reason)
    target = metric.target.value if isinstance(metric, Metric) else None
    return MetricSpc(calculate_spc(dates, values, metric.direction, target, options), None)


def shown_periods(result: SpcResult, *, all_periods: bool = False) -> range:
    """The periods an SPC chart draws: by default only the current one (since the limits were last
    recalculated), so that a long-gone level does not flatten today's; every period on request."""
    return range(0 if all_periods else len(result.periods) - 1, len(result.periods))


def spc_axis_range(result: SpcResult, periods: range, *, target_drawn: bool = True, pad: float = 0.08) -> tuple[float, float]:
    """The value axis of an SPC chart fitted to what it draws: every point, mean and process limit
    of ``periods``, and the target line when it is drawn, with ``pad`` of the span above and below.

    Nothing drawn is ever cut off. The axis stops at 0 when nothing drawn is negative (a padded
    axis of weeks never dips below 0 weeks), but a negative lower limit stays on the chart.
    """
    values = [p.value for p in result.points if p.period in periods]
    values += [v for i in periods for v in (result.periods[i].mean, result.periods[i].lpl, result.periods[i].upl)]
    if target_drawn and result.target is not None:
        values.append(result.target)
    low, high = min(values), max(values)
    margin = ((high - low) or abs(high) or 1.0) * pad
    axis = (low - margin, high + margin)
    if low >= 0:
        axis = (max(axis[0], 0.0), axis[1])
    return axis


def plan_spc(metrics: tuple[Metric, ...], series_of, as_of: dt.date) -> dict[str, MetricSpc]:
    """SPC for every metric that has enough points; metrics with fewer are left out."""
    out = {}
    for metric in metrics:
        series = series_of(metric.id)
        if len(series) >= MIN_POINTS:
            spc = metric_spc(metric, series, as_of)
            if spc.result is not None:
                out[metric.id] = spc
    return out
