"""A static SVG chart of one KPI, for reports that must open and print with no network.

Draws what ``metrics.views.chart.kpi_chart`` decided (the plan line through baseline, milestones and
target, the amber tolerance band, the observations, the projection) in plain SVG: no plotly, no
JavaScript, no fonts to fetch. Nothing relies on colour alone: published figures are filled
circles, illustrative values hollow circles, the plan a dashed line, the projection a dotted line,
the target a square marker, and a text legend names each. Every text is escaped. The chart carries
``role="img"`` with an ``aria-label``, and a ``<title>`` and ``<desc>`` (the chart's text alternative).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import math
from dataclasses import dataclass

from metrics.views.chart import ILLUSTRATIVE_LABEL, PLAN_LABEL, PROJECTION_LABEL, PUBLISHED_LABEL, KpiChart, kpi_chart
from metrics.domain.data import Series
from metrics.views.formatting import format_date, format_number
from metrics.domain.rules import MetricStatus

WIDTH, HEIGHT = 680, 270
LEFT, RIGHT, TOP, BOTTOM = 62, 16, 14, 84  # plot margins; the legend sits in the bottom margin

INK = "#0b0c0c"
GRID = "#d8dbdc"
OBSERVED = "#1d70b8"
PROJECTED = "#505a5f"
BAND_FILL = "#ffdd00"
AS_OF = "#6f777b"

_ids = itertools.count(1)


def _esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class _Scale:
    x0: dt.date
    x1: dt.date
    y0: float
    y1: float

    def x(self, when: dt.date) -> float:
        span = max(1, (self.x1 - self.x0).days)
        return LEFT + (when - self.x0).days / span * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        span = (self.y1 - self.y0) or 1.0
        return TOP + (self.y1 - value) / span * (HEIGHT - TOP - BOTTOM)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round-number ticks covering [low, high]: 0, 50, 100, 150, 200, 250."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0]
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step + 1e-9) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def date_ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    """1 January each year for long charts; quarter or month starts for short ones."""
    days = (end - start).days
    months = 12 if days > 3 * 365 else 6 if days > 1.5 * 365 else 3 if days > 270 else 1
    if days > 8 * 365:
        months = 24
    year, month = start.year, 1
    ticks = []
    while True:
        when = dt.date(year, month, 1)
        if when > end:
            break
        if when >= start and ((when.year * 12 + when.month - 1) % months == 0):
            ticks.append(when)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks


def _tick_label(when: dt.date, months_apart: int) -> str:
    return str(when.year) if when.month == 1 and months_apart >= 12 else f"{when:%b %Y}"


def _domain(chart: KpiChart) -> tuple[float, float]:
    values = [v for _, v in chart.trajectory] + [v for _, v in chart.line]
    values += [b for _, lo, hi in chart.band for b in (lo, hi)]
    for obs in (chart.published, chart.illustrative):
        values += [v for v in obs.low + obs.high if v is not None]
    core_low, core_high = min(values), max(values)
    if chart.projection:
        span = (core_high - core_low) or abs(core_high) or 1.0
        for _, v in chart.projection:  # a wild trend may stretch the axis by half its range, no more
            values.append(min(max(v, core_low - span / 2), core_high + span / 2))
    low, high = min(values), max(values)
    pad = ((high - low) or abs(high) or 1.0) * 0.08
    low, high = low - pad, high + pad
    if chart.y_floor is not None:
        low = max(low, chart.y_floor)
    if chart.axis_title == "%":
        high = min(high, 100.0)
    return low, high


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def chart_svg(chart: KpiChart, *, width: int | None = None) -> str:
    """The KPI chart as an inline ``<svg>`` element (scales to its container's width)."""
    uid = f"kpi{next(_ids)}"
    events = [d for d, _ in chart.events]
    first = min([d for d, _ in chart.trajectory] + [d for d, _ in chart.line] + events)
    last = max([d for d, _ in chart.trajectory] + [d for d, _ in chart.line] + [chart.as_of] + events)
    if chart.projection:
        last = max(last, chart.projection[-1][0])
    pad_days = max(10, (last - first).days // 40)
    x0, x1 = first - dt.timedelta(days=pad_days), last + dt.timedelta(days=pad_days)
    low, high = _domain(chart)
    ticks = nice_ticks(low, high)
    y0 = ticks[0] if chart.y_floor is None or ticks[0] >= chart.y_floor else chart.y_floor
    y1 = min(ticks[-1], 100.0) if chart.axis_title == "%" else ticks[-1]
    s = _Scale(x0, x1, y0, y1)
    plot_bottom = HEIGHT - BOTTOM
    out: list[str] = []
    add = out.append

    short = f"Chart of {chart.title}"
    size = f' width="{width}"' if width else ""
    add(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart" viewBox="0 0 {WIDTH} {HEIGHT}"{size} '
        f'role="img" aria-label="{_esc(short)}" aria-labelledby="{uid}-t" aria-describedby="{uid}-d" '
        f'font-family="Liberation Sans, Arial, DejaVu Sans, sans-serif" font-size="11">'
    )
    add(f'<title id="{uid}-t">{_esc(short)}</title>')
    add(f'<desc id="{uid}-d">{_esc(chart.alt_text)}</desc>')
    add(f'<defs><clipPath id="{uid}-clip"><rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" height="{plot_bottom - TOP}"/></clipPath></defs>')

    # value axis: grid lines and labels
    for tick in ticks:
        if not y0 - 1e-9 <= tick <= y1 + 1e-9:
            continue
        y = s.y(tick)
        add(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
        add(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{_esc(format_number(tick))}</text>')
    add(
        f'<text transform="translate(12 {(TOP + plot_bottom) / 2:.1f}) rotate(-90)" text-anchor="middle" fill="{INK}">'
        f"{_esc(chart.axis_title)}</text>"
    )
    # time axis
    dticks = date_ticks(x0, x1)
    apart = 12
    if len(dticks) > 1:
        apart = (dticks[1].year - dticks[0].year) * 12 + dticks[1].month - dticks[0].month
    add(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{plot_bottom}" y2="{plot_bottom}" stroke="{INK}" stroke-width="1"/>')
    for when in dticks:
        x = s.x(when)
        add(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{plot_bottom}" y2="{plot_bottom + 4}" stroke="{INK}" stroke-width="1"/>')
        add(f'<text x="{x:.1f}" y="{plot_bottom + 16}" text-anchor="middle" fill="{INK}">{_esc(_tick_label(when, apart))}</text>')

    add(f'<g clip-path="url(#{uid}-clip)">')
    # amber tolerance band on the worse side of the plan
    if chart.band:
        upper = [(s.x(d), s.y(hi)) for d, _, hi in chart.band]
        lower = [(s.x(d), s.y(lo)) for d, lo, _ in reversed(chart.band)]
        add(f'<polygon points="{_path(upper + lower)}" fill="{BAND_FILL}" fill-opacity="0.45" stroke="none"/>')
    # as-of date
    if x0 <= chart.as_of <= x1:
        x = s.x(chart.as_of)
        add(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{plot_bottom}" stroke="{AS_OF}" stroke-width="1" stroke-dasharray="2 3"/>')
        left = x - LEFT > 100  # the label sits left of the line unless that would leave the plot
        add(f'<text x="{x - 3 if left else x + 3:.1f}" y="{TOP + 10}" text-anchor="{"end" if left else "start"}" fill="{INK}">as at {_esc(format_date(chart.as_of))}</text>')
    # the plan: a dashed line; then the projection (dotted) and the observations' line
    add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in chart.trajectory])}" fill="none" stroke="{INK}" stroke-width="1.6" stroke-dasharray="7 4"/>')
    if chart.projection:
        add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in chart.projection])}" fill="none" stroke="{PROJECTED}" stroke-width="2" stroke-dasharray="2 3"/>')
    if len(chart.line) > 1:
        add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in chart.line])}" fill="none" stroke="{OBSERVED}" stroke-width="1.5"/>')
    add("</g>")
    # events: numbered triangles along the top of the plot, numbered as the description lists them
    for number, (when, label) in enumerate(chart.events, start=1):
        if x0 <= when <= x1:
            x = s.x(when)
            add(
                f'<g><title>{_esc(f"Event {number}: {label} ({format_date(when)})")}</title>'
                f'<polygon points="{x - 5:.1f},{TOP:.1f} {x + 5:.1f},{TOP:.1f} {x:.1f},{TOP + 8:.1f}" fill="{PROJECTED}"/>'
                f'<text x="{x:.1f}" y="{TOP + 18:.1f}" text-anchor="middle" font-size="9" fill="{INK}">{number}</text></g>'
            )
    # markers and points are not clipped: one on the edge (a target of 100%) stays whole
    for marker in chart.markers:
        x, y = s.x(marker.date), s.y(marker.value)
        label = f"<title>{_esc(marker.label)}</title>"
        if marker.kind == "target":  # milestones are diamonds, the target a square, the baseline a dot
            add(f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{INK}">{label}</rect>')
        elif marker.kind == "milestone":
            add(f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}" fill="#ffffff" stroke="{INK}" stroke-width="1.5">{label}</polygon>')
        else:
            add(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{INK}">{label}</circle>')
    # observations: survey intervals, published filled and illustrative hollow
    for obs, hollow in ((chart.published, False), (chart.illustrative, True)):
        for when, value, lo, hi, hover in zip(obs.dates, obs.values, obs.low, obs.high, obs.hover):
            x = s.x(when)
            if lo is not None and hi is not None:
                add(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{s.y(lo):.1f}" y2="{s.y(hi):.1f}" stroke="{OBSERVED}" stroke-width="1.2"/>')
            fill = "#ffffff" if hollow else OBSERVED
            add(f'<circle cx="{x:.1f}" cy="{s.y(value):.1f}" r="4" fill="{fill}" stroke="{OBSERVED}" stroke-width="2"><title>{_esc("; ".join(hover))}</title></circle>')
    add(f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" height="{plot_bottom - TOP}" fill="none" stroke="{GRID}"/>')
    out.extend(_legend(chart, plot_bottom + 34))
    add("</svg>")
    return "".join(out)


def _legend(chart: KpiChart, top: float) -> list[str]:
    """Keys in two rows under the time axis; each names its line or marker in words."""
    items: list[tuple[str, str]] = []
    if len(chart.published):
        items.append((f'<circle cx="8" cy="0" r="4" fill="{OBSERVED}" stroke="{OBSERVED}" stroke-width="2"/>', PUBLISHED_LABEL))
    if len(chart.illustrative):
        items.append((f'<circle cx="8" cy="0" r="4" fill="#ffffff" stroke="{OBSERVED}" stroke-width="2"/>', ILLUSTRATIVE_LABEL))
    items.append((f'<line x1="0" x2="16" y1="0" y2="0" stroke="{INK}" stroke-width="1.6" stroke-dasharray="5 3"/>', PLAN_LABEL))
    items.append((f'<rect x="3" y="-5" width="10" height="10" fill="{INK}"/>', "Target"))
    if chart.band:
        items.append((f'<rect x="0" y="-5" width="16" height="10" fill="{BAND_FILL}" fill-opacity="0.45"/>', "Amber tolerance"))
    if chart.projection:
        items.append((f'<line x1="0" x2="16" y1="0" y2="0" stroke="{PROJECTED}" stroke-width="2" stroke-dasharray="2 3"/>', PROJECTION_LABEL))
    if chart.events:
        items.append((f'<polygon points="3,-5 13,-5 8,3" fill="{PROJECTED}"/>', "Event (numbered, listed in the description)"))
    out = []
    x, y = LEFT, top
    for key, words in items:
        width = 24 + len(words) * 5.6
        if x + width > WIDTH - RIGHT:
            x, y = LEFT, y + 18
        out.append(f'<g transform="translate({x:.1f} {y:.1f})">{key}<text x="22" y="4" fill="{INK}">{_esc(words)}</text></g>')
        x += width + 14
    return out


def kpi_svg(status: MetricStatus, series: Series, *, width: int | None = None) -> str:
    """The chart of one KPI at its status's as-of date (public series: withheld values are not drawn)."""
    return chart_svg(kpi_chart(status, series), width=width)


__all__ = ["chart_svg", "date_ticks", "kpi_svg", "nice_ticks"]
