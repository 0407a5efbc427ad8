"""The SPC icons and sentences: what the "Making Data Count" result of a KPI says, in words.

Each icon goes with its words, so it never carries meaning by colour or shape alone.
"""

from __future__ import annotations

from metrics.domain.control import MetricSpc
from metrics.domain.plan import Metric
from metrics.views.formatting import format_date, format_value

VARIATION_ICONS = {
    "common_cause": "~",
    "improvement_high": "⬆",
    "improvement_low": "⬇",
    "concern_high": "⬆",
    "concern_low": "⬇",
}
ASSURANCE_ICONS = {"consistent_pass": "P", "consistent_fail": "F", "inconsistent": "?"}



def spc_icons_text(spc: MetricSpc) -> str:
    """'SPC: ⬇ Special cause improvement (low); F Consistently failing the target'."""
    if spc.result is None:
        return ""
    variation = f"{VARIATION_ICONS[spc.result.variation]} {spc.variation_text}"
    if spc.result.assurance is None:
        return f"SPC: {variation}"
    return f"SPC: {variation}; {ASSURANCE_ICONS[spc.result.assurance]} {spc.assurance_text}"


def spc_summary(metric: Metric, spc: MetricSpc) -> str:
    """The visible one-sentence summary under the SPC chart."""
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
