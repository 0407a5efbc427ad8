"""A static SVG chart of one KPI, for reports that must open and print with no network.

Draws what ``metrics.views.chart.kpi_chart`` decided (the plan line through baseline, milestones and
target, the amber tolerance band, the observations, the projection) in plain SVG: no plotly, no
JavaScript, no fonts to fetch. Lines and marks come from ``metrics.views.style.CHART``, the same
style the plotly chart on the KPI page uses: the plan a solid blue line with a square baseline,
triangle milestones and a star target; published figures filled circles, illustrative values
hollow diamonds; the projection a dotted line; the amber band with a dashed edge. Nothing relies
on colour alone, and a text legend names each. Every text is escaped. The chart carries
``role="img"`` with an ``aria-label``, and a ``<title>`` and ``<desc>`` (the chart's text alternative).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import math
from dataclasses import dataclass

from metrics.views.chart import (
    ILLUSTRATIVE_LABEL,
    PLAN_LABEL,
    PROJECTION_LABEL,
    PUBLISHED_LABEL,
    KpiChart,
)
from metrics.views.formatting import format_date, format_number
from metrics.views.style import CHART, GREY, INK, Line, Mark, Symbol

WIDTH, HEIGHT = 680, 270
LEFT, RIGHT, TOP, BOTTOM = 62, 16, 14, 84  # plot margins; the legend sits in the bottom margin

SCALE = 0.6  # marks and line widths: the page chart's pixels to this chart's smaller units
EVENT = GREY

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
    values += [v for line in chart.comparisons for _, v in line.points] + [f.value for f in chart.forecasts]
    if not values:  # a context measure with no figures yet
        values = [0.0, 1.0]
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


def _stroke(line: Line) -> str:
    dash = f' stroke-dasharray="{line.dash.svg}"' if line.dash.svg else ""
    return f'stroke="{line.colour}" stroke-width="{_num(max(1.0, line.width * SCALE * 1.3))}"{dash}'


def _mark(mark: Mark, x: float, y: float, inner: str = "") -> str:
    """One mark of the shared style (circle, square, triangle, star, diamond) centred on x, y."""
    r = mark.size * SCALE / 2
    paint = f'fill="{mark.fill}" stroke="{mark.edge}" stroke-width="{_num(max(1.0, mark.edge_width))}"'
    if mark.symbol is Symbol.CIRCLE:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{_num(r)}" {paint}>{inner}</circle>'
    if mark.symbol is Symbol.SQUARE:
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{_num(2 * r)}" height="{_num(2 * r)}" {paint}>{inner}</rect>'
    if mark.symbol is Symbol.TRIANGLE:
        points = [(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)]
    elif mark.symbol is Symbol.DIAMOND:
        points = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    else:  # a five-pointed star
        points = []
        for k in range(10):
            radius = r if k % 2 == 0 else r * 0.45
            angle = math.pi / 2 + k * math.pi / 5
            points.append((x + radius * math.cos(angle), y - radius * math.sin(angle)))
    return f'<polygon points="{_path(points)}" {paint}>{inner}</polygon>'


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def chart_svg(chart: KpiChart, *, width: int | None = None) -> str:
    """The KPI chart as an inline ``<svg>`` element (scales to its container's width)."""
    uid = f"kpi{next(_ids)}"
    events = [d for d, _ in chart.events]
    extra = [d for line in chart.comparisons for d, _ in line.points] + [f.date for f in chart.forecasts]
    first = min([d for d, _ in chart.trajectory] + [d for d, _ in chart.line] + events + extra + [chart.as_of])
    last = max([d for d, _ in chart.trajectory] + [d for d, _ in chart.line] + [chart.as_of] + events + extra)
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
        add(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{CHART.grid}" stroke-width="1"/>')
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
        colour, opacity = CHART.band_fill_svg
        add(f'<polygon points="{_path(upper + lower)}" fill="{colour}" fill-opacity="{opacity}" stroke="none"/>')
        worse = upper if chart.band_side == "above" else lower[::-1]
        add(f'<polyline points="{_path(worse)}" fill="none" {_stroke(CHART.band_edge)}/>')
    # as-of date
    if x0 <= chart.as_of <= x1:
        x = s.x(chart.as_of)
        add(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{plot_bottom}" {_stroke(CHART.as_of)}/>')
        left = x - LEFT > 100  # the label sits left of the line unless that would leave the plot
        add(f'<text x="{x - 3 if left else x + 3:.1f}" y="{TOP + 10}" text-anchor="{"end" if left else "start"}" fill="{INK}">as at {_esc(format_date(chart.as_of))}</text>')
    # the plan; then the observations' thin line and the projection
    add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in chart.trajectory])}" fill="none" {_stroke(CHART.plan)}/>')
    if len(chart.line) > 1:
        add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in chart.line])}" fill="none" {_stroke(CHART.observed)}/>')
    if chart.projection:
        add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in chart.projection])}" fill="none" {_stroke(CHART.projection)}/>')
    for line in chart.comparisons:  # England and similar areas: dashed, and named at their ends
        style = CHART.england if line.kind == "england" else CHART.neighbours
        add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in line.points])}" fill="none" {_stroke(style)}><title>{_esc("; ".join(line.hover))}</title></polyline>')
    for f in chart.forecasts:
        if f.start is not None:
            add(f'<polyline points="{_path([(s.x(f.start[0]), s.y(f.start[1])), (s.x(f.date), s.y(f.value))])}" fill="none" {_stroke(CHART.forecast)}/>')
    add("</g>")
    for line in chart.comparisons:
        (when, value) = line.points[-1]
        style = CHART.england if line.kind == "england" else CHART.neighbours
        x = s.x(when)
        near_edge = x + 6 + len(line.label) * 6 > WIDTH - RIGHT  # then the label sits above the end, to its left
        shift = -5 if line.kind == "england" else 12  # England above its end, similar areas below
        anchor, lx, ly = ("end", x - 4, s.y(value) + shift - 2) if near_edge else ("start", x + 6, s.y(value) + shift)
        add(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" fill="{style.colour}" font-weight="700">{_esc(line.label)}</text>')
    for f in chart.forecasts:
        add(_mark(CHART.forecast_mark, s.x(f.date), s.y(f.value), f"<title>{_esc('; '.join(x for x in (f.label, f.source) if x))}</title>"))
        add(f'<text x="{s.x(f.date) - 8:.1f}" y="{s.y(f.value) - 10:.1f}" text-anchor="end" fill="{INK}">{_esc(f.label)}</text>')
    # events: numbered triangles along the top of the plot, numbered as the description lists them
    for number, (when, label) in enumerate(chart.events, start=1):
        if x0 <= when <= x1:
            x = s.x(when)
            add(
                f'<g><title>{_esc(f"Event {number}: {label} ({format_date(when)})")}</title>'
                f'<polygon points="{x - 5:.1f},{TOP:.1f} {x + 5:.1f},{TOP:.1f} {x:.1f},{TOP + 8:.1f}" fill="{EVENT}"/>'
                f'<text x="{x:.1f}" y="{TOP + 18:.1f}" text-anchor="middle" font-size="9" fill="{INK}">{number}</text></g>'
            )
    # markers and points are not clipped: one on the edge (a target of 100%) stays whole
    for marker in chart.markers:
        add(_mark(CHART.plan_mark(marker.kind), s.x(marker.date), s.y(marker.value), f"<title>{_esc(marker.label)}</title>"))
    # observations: survey intervals, then published filled circles and illustrative hollow diamonds
    for obs, mark in ((chart.published, CHART.published), (chart.illustrative, CHART.illustrative)):
        for when, value, lo, hi, hover in zip(obs.dates, obs.values, obs.low, obs.high, obs.hover):
            x = s.x(when)
            if lo is not None and hi is not None:
                add(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{s.y(lo):.1f}" y2="{s.y(hi):.1f}" {_stroke(CHART.interval)}/>')
            add(_mark(mark, x, s.y(value), f"<title>{_esc('; '.join(hover))}</title>"))
    add(f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" height="{plot_bottom - TOP}" fill="none" stroke="{CHART.grid}"/>')
    out.extend(_legend(chart, plot_bottom + 34))
    add("</svg>")
    return "".join(out)


def _legend(chart: KpiChart, top: float) -> list[str]:
    """Keys in two rows under the time axis; each names its line or marker in words."""
    items: list[tuple[str, str]] = []

    def line_key(line: Line) -> str:
        return f'<line x1="0" x2="16" y1="0" y2="0" {_stroke(line)}/>'

    if len(chart.published):
        items.append((_mark(CHART.published, 8, 0), PUBLISHED_LABEL))
    if len(chart.illustrative):
        items.append((_mark(CHART.illustrative, 8, 0), ILLUSTRATIVE_LABEL))
    if chart.trajectory:
        items.append((line_key(CHART.plan), PLAN_LABEL))
    for line in chart.comparisons:
        items.append((line_key(CHART.england if line.kind == "england" else CHART.neighbours), line.label))
    if chart.forecasts:
        items.append((_mark(CHART.forecast_mark, 8, 0), "Published forecast (not data)"))
    for kind, words in (("baseline", "Baseline"), ("milestone", "Milestone"), ("target", "Target")):
        if any(m.kind == kind for m in chart.markers):
            items.append((_mark(CHART.plan_mark(kind), 8, 0), words))
    if chart.band:
        colour, opacity = CHART.band_fill_svg
        items.append((f'<rect x="0" y="-5" width="16" height="10" fill="{colour}" fill-opacity="{opacity}" {_stroke(CHART.band_edge)}/>', "Amber tolerance"))
    if chart.projection:
        items.append((line_key(CHART.projection), PROJECTION_LABEL))
    if chart.events:
        items.append((f'<polygon points="3,-5 13,-5 8,3" fill="{EVENT}"/>', "Event (numbered, listed in the description)"))
    out = []
    x, y = LEFT, top
    for key, words in items:
        width = 24 + len(words) * 5.6
        if x + width > WIDTH - RIGHT:
            x, y = LEFT, y + 18
        out.append(f'<g transform="translate({x:.1f} {y:.1f})">{key}<text x="22" y="4" fill="{INK}">{_esc(words)}</text></g>')
        x += width + 14
    return out


__all__ = ["chart_svg", "date_ticks", "nice_ticks"]
