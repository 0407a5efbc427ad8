"""The SPC icons and sentences: what the "Making Data Count" result of a KPI says, in words.

Each icon goes with its words, so it never carries meaning by colour or shape alone. The icons
themselves are drawn in ``metrics.render.mdc_icons``; their words and accessible names are here.
``VARIATION_ICONS`` and ``ASSURANCE_ICONS`` are the plain-text stand-ins where no image can go
(the overview's tiles, the command line).
"""

from __future__ import annotations

from metrics.domain.control import MetricSpc
from metrics.domain.plan import Metric
from metrics.domain.spc import ASSURANCE_LABELS, VARIATION_LABELS
from metrics.views.formatting import format_date, format_value

VARIATION_ICONS = {
    "common_cause": "~",
    "improvement_high": "⬆",
    "improvement_low": "⬇",
    "concern_high": "⬆",
    "concern_low": "⬇",
}
ASSURANCE_ICONS = {"consistent_pass": "P", "consistent_fail": "F", "inconsistent": "?"}


def icon_words(code: str) -> str:
    """The words that go beside an icon: 'Special cause improvement (low)', 'Consistently failing the target'."""
    if code in VARIATION_LABELS:
        return VARIATION_LABELS[code]
    if code in ASSURANCE_LABELS:
        return ASSURANCE_LABELS[code]
    raise ValueError(f"unknown Making Data Count icon '{code}'")


def icon_kind(code: str) -> str:
    """'Variation' or 'Assurance': the heading an icon goes under."""
    return "Variation" if code in VARIATION_LABELS else "Assurance"


def icon_name(code: str) -> str:
    """The icon's accessible name: 'Variation icon: special cause improvement (low)'."""
    words = icon_words(code)
    return f"{icon_kind(code)} icon: {words[0].lower()}{words[1:]}"


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


EARLIER_PERIODS_LABEL = "Show earlier periods"
EARLIER_PERIODS_HELP = "Draw the values before the limits were last recalculated too, on an axis that fits them all."


def spc_periods_sentence(spc: MetricSpc, *, all_periods: bool = False) -> str:
    """What the chart shows when the limits were recalculated ('' when there is one period)."""
    r = spc.result
    if r is None or len(r.periods) < 2:
        return ""
    last = r.periods[-1]
    earlier = sum(p.n for p in r.periods[:-1])
    again = "last recalculated" if len(r.periods) > 2 else "recalculated"
    if all_periods:
        return f"Limits {again} on {format_date(last.start)}. The chart shows every period: all {len(r.points)} values."
    return (
        f"Limits {again} on {format_date(last.start)}. The chart shows the current period, the {last.n} values since then, "
        f"on an axis fitted to them; the {earlier} earlier {'value is' if earlier == 1 else 'values are'} left out "
        f"(switch on \u2018{EARLIER_PERIODS_LABEL}\u2019 to see them)."
    )


def spc_alt_text(metric: Metric, spc: MetricSpc, *, all_periods: bool = True) -> str:
    """The chart's text alternative: what it draws (every period, or only the current one)."""
    if spc.result is None:
        return ""
    r = spc.result
    first = 0 if all_periods else len(r.periods) - 1
    points = [p for p in r.points if p.period >= first]
    improvement = sum(p.special_cause == "improvement" for p in points)
    concern = sum(p.special_cause == "concern" for p in points)
    if first == 0:
        drawn = f"{len(points)} values in {len(r.periods)} period(s), with the mean and process limits of each period"
    else:
        drawn = (
            f"the {len(points)} values of the current period since {format_date(r.periods[-1].start)}, with its mean and process limits "
            f"(the {len(r.points) - len(points)} values of earlier periods are not drawn)"
        )
    return (
        f"Statistical process control chart of {metric.title}: {drawn}; {improvement} points marked as special cause improvement "
        f"and {concern} as special cause concern. {spc_summary(metric, spc)}"
    )
