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

import base64
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
from metrics.views.style import CHART, GREY, INK, WHITE, Dash, Line, Mark, Symbol

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
class Frame:
    """The chart's size in SVG units (its text is 11 units high) and its plot margins.

    ``STANDARD`` is drawn about 150 mm wide with its legend in the bottom margin. ``COMPACT`` is
    drawn about 85 mm wide beside a KPI's facts in the report (the same 11-unit text, so about
    6.5 pt on paper) and has room for the time axis only: its legend goes under it in HTML
    (:func:`legend_html`), where a line of text costs the PDF renderer far less than SVG text,
    which WeasyPrint lays out and draws letter by letter.
    """

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right


STANDARD = Frame()
COMPACT = Frame(width=390, height=144, left=44, right=10, top=14, bottom=26)
# The projector: drawn about 900 px wide at 1920 x 1080, so its 11-unit text is about 25 px,
# readable from the back of a meeting room.
PROJECTOR = Frame(width=400, height=164, left=44, right=12, top=18, bottom=26)
LEGEND_GAP, LEGEND_ROW = 34, 18  # from the plot's bottom edge to the first legend row; between rows


@dataclass(frozen=True)
class _Scale:
    x0: dt.date
    x1: dt.date
    y0: float
    y1: float
    frame: Frame = STANDARD

    def x(self, when: dt.date) -> float:
        span = max(1, (self.x1 - self.x0).days)
        return self.frame.left + (when - self.x0).days / span * self.frame.plot_width

    def y(self, value: float) -> float:
        span = (self.y1 - self.y0) or 1.0
        return self.frame.top + (self.y1 - value) / span * (self.frame.height - self.frame.top - self.frame.bottom)


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
    return f'<polygon points="{_path(_mark_points(mark.symbol, x, y, r))}" {paint}>{inner}</polygon>'


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _mark_d(mark: Mark, x: float, y: float) -> str:
    """The outline of one mark as path data: the same shape as :func:`_mark` draws."""
    r = mark.size * SCALE / 2
    if mark.symbol is Symbol.CIRCLE:
        return f"M{x - r:.1f},{y:.1f}a{_num(r)},{_num(r)} 0 1 0 {_num(2 * r)},0a{_num(r)},{_num(r)} 0 1 0 {_num(-2 * r)},0Z"
    if mark.symbol is Symbol.SQUARE:
        return f"M{x - r:.1f},{y - r:.1f}h{_num(2 * r)}v{_num(2 * r)}h{_num(-2 * r)}Z"
    return "M" + _path(_mark_points(mark.symbol, x, y, r)).replace(" ", "L") + "Z"


def _mark_points(symbol: Symbol, x: float, y: float, r: float) -> list[tuple[float, float]]:
    if symbol is Symbol.TRIANGLE:
        return [(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)]
    if symbol is Symbol.DIAMOND:
        return [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    points = []  # a five-pointed star
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.45
        angle = math.pi / 2 + k * math.pi / 5
        points.append((x + radius * math.cos(angle), y - radius * math.sin(angle)))
    return points


def _marks(mark: Mark, centres: list[tuple[float, float]]) -> str:
    """Many marks of one style as one ``<path>``: a printed chart draws the same, in one element
    instead of one each (WeasyPrint's cost is per element)."""
    if not centres:
        return ""
    d = "".join(_mark_d(mark, x, y) for x, y in centres)
    return f'<path d="{d}" fill="{mark.fill}" stroke="{mark.edge}" stroke-width="{_num(max(1.0, mark.edge_width))}"/>'


def chart_svg(
    chart: KpiChart, *, width: int | None = None, frame: Frame = STANDARD, legend: bool = True, hover: bool = True, labels: bool = True
) -> str:
    """The KPI chart as an inline ``<svg>`` element (scales to its container's width).

    ``frame``: ``STANDARD`` (680 x 270) or ``COMPACT`` (390 x 152). ``legend``: the keys in the
    bottom margin (``False``: the caller puts :func:`legend_html` beside the chart). ``hover``: a
    ``<title>`` on every point and marker (a tooltip in a browser); a printed chart needs none,
    since the description carries the values. ``labels``: the words written across the plot (the
    "as at" date by its line, the names at the ends of the England and similar-areas lines, a
    forecast's label); ``False`` leaves them out for a caller that names each in a legend beside
    the chart instead (on a phone they would run into the numbered events and each other).
    """
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
    W, H, L, R, T = frame.width, frame.height, frame.left, frame.right, frame.top
    s = _Scale(x0, x1, y0, y1, frame)
    plot_bottom = H - frame.bottom
    out: list[str] = []
    add = out.append

    def tip(text: str) -> str:
        return f"<title>{_esc(text)}</title>" if hover else ""

    short = f"Chart of {chart.title}"
    size = f' width="{width}"' if width else ""
    add(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart" viewBox="0 0 {W} {H}"{size} '
        f'role="img" aria-label="{_esc(short)}" aria-labelledby="{uid}-t" aria-describedby="{uid}-d" '
        f'font-family="Liberation Sans, Arial, DejaVu Sans, sans-serif" font-size="11">'
    )
    add(f'<title id="{uid}-t">{_esc(short)}</title>')
    add(f'<desc id="{uid}-d">{_esc(chart.alt_text)}</desc>')
    add(f'<defs><clipPath id="{uid}-clip"><rect x="{L}" y="{T}" width="{W - L - R}" height="{plot_bottom - T}"/></clipPath></defs>')

    # value axis: grid lines and labels
    for tick in ticks:
        if not y0 - 1e-9 <= tick <= y1 + 1e-9:
            continue
        y = s.y(tick)
        add(f'<line x1="{L}" x2="{W - R}" y1="{y:.1f}" y2="{y:.1f}" stroke="{CHART.grid}" stroke-width="1"/>')
        add(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{_esc(format_number(tick))}</text>')
    add(
        f'<text transform="translate(12 {(T + plot_bottom) / 2:.1f}) rotate(-90)" text-anchor="middle" fill="{INK}">'
        f"{_esc(chart.axis_title)}</text>"
    )
    # time axis: every other tick while the labels would overlap
    dticks = date_ticks(x0, x1)
    apart = 12
    if len(dticks) > 1:
        apart = (dticks[1].year - dticks[0].year) * 12 + dticks[1].month - dticks[0].month
    while len(dticks) > 2 and len(dticks) * (len(_tick_label(dticks[0], apart)) * 6.2 + 10) > frame.plot_width:
        dticks = dticks[::2]
    add(f'<line x1="{L}" x2="{W - R}" y1="{plot_bottom}" y2="{plot_bottom}" stroke="{INK}" stroke-width="1"/>')
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
        add(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{T}" y2="{plot_bottom}" {_stroke(CHART.as_of)}/>')
        left = x - L > 100  # the label sits left of the line unless that would leave the plot
        if labels:
            add(f'<text x="{x - 3 if left else x + 3:.1f}" y="{T + 10}" text-anchor="{"end" if left else "start"}" fill="{INK}">as at {_esc(format_date(chart.as_of))}</text>')
    # the plan; then the observations' thin line and the projection
    add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in chart.trajectory])}" fill="none" {_stroke(CHART.plan)}/>')
    if len(chart.line) > 1:
        add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in chart.line])}" fill="none" {_stroke(CHART.observed)}/>')
    if chart.projection:
        add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in chart.projection])}" fill="none" {_stroke(CHART.projection)}/>')
    for line in chart.comparisons:  # England and similar areas: dashed, and named at their ends
        style = CHART.england if line.kind == "england" else CHART.neighbours
        add(f'<polyline points="{_path([(s.x(d), s.y(v)) for d, v in line.points])}" fill="none" {_stroke(style)}>{tip("; ".join(line.hover))}</polyline>')
    for f in chart.forecasts:
        if f.start is not None:
            add(f'<polyline points="{_path([(s.x(f.start[0]), s.y(f.start[1])), (s.x(f.date), s.y(f.value))])}" fill="none" {_stroke(CHART.forecast)}/>')
    add("</g>")
    for line in chart.comparisons if labels else ():
        (when, value) = line.points[-1]
        style = CHART.england if line.kind == "england" else CHART.neighbours
        x = s.x(when)
        near_edge = x + 6 + len(line.label) * 6 > W - R  # then the label sits above the end, to its left
        shift = -5 if line.kind == "england" else 12  # England above its end, similar areas below
        anchor, lx, ly = ("end", x - 4, s.y(value) + shift - 2) if near_edge else ("start", x + 6, s.y(value) + shift)
        add(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" fill="{style.colour}" font-weight="700">{_esc(line.label)}</text>')
    for f in chart.forecasts:
        add(_mark(CHART.forecast_mark, s.x(f.date), s.y(f.value), tip("; ".join(x for x in (f.label, f.source) if x))))
        if labels:
            add(f'<text x="{s.x(f.date) - 8:.1f}" y="{s.y(f.value) - 10:.1f}" text-anchor="end" fill="{INK}">{_esc(f.label)}</text>')
    # events: numbered triangles along the top of the plot, numbered as the description lists them
    for number, (when, label) in enumerate(chart.events, start=1):
        if x0 <= when <= x1:
            x = s.x(when)
            add(
                f'<g>{tip(f"Event {number}: {label} ({format_date(when)})")}'
                f'<polygon points="{x - 5:.1f},{T:.1f} {x + 5:.1f},{T:.1f} {x:.1f},{T + 8:.1f}" fill="{EVENT}"/>'
                f'<text x="{x:.1f}" y="{T + 18:.1f}" text-anchor="middle" font-size="9" fill="{INK}">{number}</text></g>'
            )
    # markers and points are not clipped: one on the edge (a target of 100%) stays whole
    if not hover:  # no tooltips: each style of mark, and the survey intervals, as one path
        for kind in ("baseline", "milestone", "target"):
            add(_marks(CHART.plan_mark(kind), [(s.x(m.date), s.y(m.value)) for m in chart.markers if m.kind == kind]))
        intervals = "".join(
            f"M{s.x(w):.1f},{s.y(lo):.1f}V{s.y(hi):.1f}"
            for obs in (chart.published, chart.illustrative)
            for w, lo, hi in zip(obs.dates, obs.low, obs.high)
            if lo is not None and hi is not None
        )
        if intervals:
            add(f'<path d="{intervals}" fill="none" {_stroke(CHART.interval)}/>')
        for obs, mark in ((chart.published, CHART.published), (chart.illustrative, CHART.illustrative)):
            add(_marks(mark, [(s.x(w), s.y(v)) for w, v in zip(obs.dates, obs.values)]))
    for marker in chart.markers if hover else ():
        add(_mark(CHART.plan_mark(marker.kind), s.x(marker.date), s.y(marker.value), tip(marker.label)))
    # observations: survey intervals, then published filled circles and illustrative hollow diamonds
    for obs, mark in ((chart.published, CHART.published), (chart.illustrative, CHART.illustrative)) if hover else ():
        for when, value, lo, hi, hover_text in zip(obs.dates, obs.values, obs.low, obs.high, obs.hover):
            x = s.x(when)
            if lo is not None and hi is not None:
                add(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{s.y(lo):.1f}" y2="{s.y(hi):.1f}" {_stroke(CHART.interval)}/>')
            add(_mark(mark, x, s.y(value), tip("; ".join(hover_text))))
    add(f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{plot_bottom - T}" fill="none" stroke="{CHART.grid}"/>')
    if legend:
        out.extend(_legend(_legend_items(chart), frame, plot_bottom + LEGEND_GAP))
    add("</svg>")
    return "".join(out)


def chart_image(chart: KpiChart, *, frame: Frame, alt: str, css_class: str = "kpi-chart", attributes: str = "", labels: bool = True) -> str:
    """The chart as an ``<img>`` holding its SVG in a ``data:`` URI: drawn by the browser (or the
    PDF renderer) as one picture, with no script and nothing fetched, and kept by ``st.html``,
    which removes inline SVG. Its legend is the caller's (``legend_html``, or a key on the slide);
    ``alt`` is its text alternative; ``attributes`` are added as they are (escaped by the caller)."""
    svg = chart_svg(chart, frame=frame, legend=False, hover=False, labels=labels)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="{_esc(css_class)}" src="{uri}" alt="{_esc(alt)}"{attributes}>'


def _legend_items(chart: KpiChart) -> list[tuple[str, str]]:
    """(key, words) for every line and mark the chart draws: each named in words."""
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
    return items


def _legend(items: list[tuple[str, str]], frame: Frame, top: float) -> list[str]:
    """Keys in rows under the time axis, left to right; each names its line or marker in words."""
    out, x, y = [], float(frame.left), top
    for key, words in items:
        width = 24 + len(words) * 5.6
        if x + width > frame.width - frame.right and x > frame.left:
            x, y = float(frame.left), y + LEGEND_ROW
        out.append(f'<g transform="translate({x:.1f} {y:.1f})">{key}<text x="22" y="4" fill="{INK}">{_esc(words)}</text></g>')
        x += width + 14
    return out


# -- the legend in HTML, for a compact chart ---------------------------------------------------------

_GLYPHS = {Symbol.CIRCLE: ("●", "○"), Symbol.SQUARE: ("■", "□"), Symbol.TRIANGLE: ("▲", "△"), Symbol.STAR: ("★", "☆"), Symbol.DIAMOND: ("◆", "◇")}


def _mark_glyph(mark: Mark) -> tuple[str, str]:
    """A mark of the shared style as a character of the same shape, filled or hollow, and its colour."""
    hollow = mark.fill == WHITE
    return _GLYPHS[mark.symbol][1 if hollow else 0], mark.edge if hollow else mark.fill


def _line_glyph(line: Line) -> tuple[str, str]:
    """A line of the shared style as box-drawing characters: solid, dotted or dashed, and its colour."""
    return ("━━" if line.dash is Dash.SOLID else "┉┉" if line.dash is Dash.DOT else "╍╍"), line.colour


# Every key of a legend: its class, its character(s) and colour. One class per key, so that a
# legend is one paragraph of text and characters (a <span> per key costs the PDF renderer more).
_KEYS = {
    "published": _mark_glyph(CHART.published),
    "illustrative": _mark_glyph(CHART.illustrative),
    "plan": _line_glyph(CHART.plan),
    "england": _line_glyph(CHART.england),
    "neighbours": _line_glyph(CHART.neighbours),
    "forecast": _mark_glyph(CHART.forecast_mark),
    "baseline": _mark_glyph(CHART.baseline),
    "milestone": _mark_glyph(CHART.milestone),
    "target": _mark_glyph(CHART.target),
    "band": ("▬", CHART.band_edge.colour),
    "projection": _line_glyph(CHART.projection),
    "event": ("▼", EVENT),
}
_BAND_BACKGROUND = "rgba(255, 221, 0, 0.6)"  # the band's yellow behind its key, as on the chart

LEGEND_CSS = (
    ".chart-key .k { font-size: 1.15em; }\n"
    + "".join(f".chart-key .k-{name} {{ color: {colour}; }}\n" for name, (_, colour) in _KEYS.items())
    + f".chart-key .k-band {{ color: transparent; background: {_BAND_BACKGROUND}; border-top: 1px dashed {CHART.band_edge.colour}; }}\n"
)


def legend_html(chart: KpiChart) -> str:
    """The chart's legend as one paragraph: before each name, a key of the same shape and colour
    (the CSS is ``LEGEND_CSS``). The keys are hidden from screen readers; the names are read."""
    keys: list[tuple[str, str]] = []
    if len(chart.published):
        keys.append(("published", PUBLISHED_LABEL))
    if len(chart.illustrative):
        keys.append(("illustrative", ILLUSTRATIVE_LABEL))
    if chart.trajectory:
        keys.append(("plan", PLAN_LABEL))
    for line in chart.comparisons:
        keys.append(("england" if line.kind == "england" else "neighbours", line.label))
    if chart.forecasts:
        keys.append(("forecast", "Published forecast (not data)"))
    for kind, words in (("baseline", "Baseline"), ("milestone", "Milestone"), ("target", "Target")):
        if any(m.kind == kind for m in chart.markers):
            keys.append((kind, words))
    if chart.band:
        keys.append(("band", "Amber tolerance"))
    if chart.projection:
        keys.append(("projection", PROJECTION_LABEL))
    if chart.events:
        keys.append(("event", "Event (numbered, listed in the description)"))
    items = "\u2003".join(f'<span class="k k-{name}" aria-hidden="true">{_KEYS[name][0]}</span>\u202f{_esc(words)}' for name, words in keys)
    return f'<p class="chart-key">{items}</p>'


__all__ = ["COMPACT", "LEGEND_CSS", "STANDARD", "Frame", "chart_svg", "date_ticks", "legend_html", "nice_ticks"]
