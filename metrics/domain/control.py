"""SPC for a metric in the plan: its options from targets.yaml, and the chart or why there is none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from metrics.domain.data import Series
from metrics.domain.plan import Metric
from metrics.domain.spc import ASSURANCE_LABELS, VARIATION_LABELS, SpcOptions, SpcResult, calculate_spc, spc_unavailable_reason

# Text that goes with each icon, so the icon never carries meaning by colour or shape alone.
VARIATION_ICONS = {
    "common_cause": "~",
    "improvement_high": "⬆",
    "improvement_low": "⬇",
    "concern_high": "⬆",
    "concern_low": "⬇",
}
ASSURANCE_ICONS = {"consistent_pass": "P", "consistent_fail": "F", "inconsistent": "?"}


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


def spc_options(metric: Metric) -> SpcOptions:
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


def metric_spc(metric: Metric, series: Series, as_of: dt.date) -> MetricSpc:
    """The XmR chart of the observations up to ``as_of``; withheld (public) values are left out."""
    seen = series.upto(as_of)
    keep = [i for i in range(len(seen)) if not seen.shown(i)]
    all_dates, all_values = seen.dates.tolist(), seen.values.tolist()  # dt.date and float, in one call each
    dates = [all_dates[i] for i in keep]
    values = [all_values[i] for i in keep]
    options = spc_options(metric)
    reason = spc_unavailable_reason(dates, options)
    if reason:
        return MetricSpc(None, reason)
    return MetricSpc(calculate_spc(dates, values, metric.direction, metric.target.value, options), None)


def plan_spc(metrics: tuple[Metric, ...], series_of, as_of: dt.date) -> dict[str, MetricSpc]:
    """SPC for every metric that has enough points; metrics with fewer are left out."""
    out = {}
    for metric in metrics:
        series = series_of(metric.id)
        if len(series) >= 13:
            spc = metric_spc(metric, series, as_of)
            if spc.result is not None:
                out[metric.id] = spc
    return out


def spc_icons_text(spc: MetricSpc) -> str:
    """'SPC: ⬇ Special cause improvement (low); F Consistently failing the target'."""
    if spc.result is None:
        return ""
    variation = f"{VARIATION_ICONS[spc.result.variation]} {spc.variation_text}"
    if spc.result.assurance is None:
        return f"SPC: {variation}"
    return f"SPC: {variation}; {ASSURANCE_ICONS[spc.result.assurance]} {spc.assurance_text}"


RULE_WORDS = {
    "outside_limits": "a point beyond a process limit",
    "trend": "a trend of points all rising or all falling",
    "two_of_three": "two of three points near a limit",
    "run": "a run of points on one side of the mean",
}


def spc_summary(metric: Metric, spc: MetricSpc) -> str:
    """The visible one-sentence summary under the SPC chart."""
    from metrics.views.formatting import format_date, format_value

    if spc.result is None:
        return f"No SPC chart: {spc.unavailable}"
    r = spc.result
    last = r.periods[-1]
    flagged = sum(p.special_cause != "neither" for p in r.points if p.period == len(r.periods) - 1)
    sentence = (
        f"Since {format_date(last.start)} the mean is {format_value(r.mean, metric.unit)}, with process limits "
        f"{format_value(r.lpl, metric.unit)} to {format_value(r.upl, metric.unit)}; "
        f"{flagged} of {last.n} points show special cause. {spc.variation_text}."
    )
    if r.assurance is not None:
        sentence += f" {spc.assurance_text}."
    return sentence


def spc_alt_text(metric: Metric, spc: MetricSpc) -> str:
    if spc.result is None:
        return ""
    r = spc.result
    improvement = sum(p.special_cause == "improvement" for p in r.points)
    concern = sum(p.special_cause == "concern" for p in r.points)
    return (
        f"Statistical process control chart of {metric.title}: {len(r.points)} values in {len(r.periods)} period(s), "
        f"with the mean and process limits of each period; {improvement} points marked as special cause improvement "
        f"and {concern} as special cause concern. {spc_summary(metric, spc)}"
    )
