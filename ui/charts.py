"""The KPI detail page's pieces: our plotly template, the trajectory chart and its tables.

What to plot and what to say is decided in ``metrics/views/chart.py``; this module only draws it.
Text from the plan or the data is escaped before plotly sees it (plotly reads a few HTML tags
in labels), and before it goes into any HTML here.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from metrics.domain.context import ContextReading
from metrics.domain.data import Series
from metrics.domain.rules import MetricStatus
from metrics.render.tables import to_csv_bytes
from metrics.views.audience import Audience
from metrics.views.card import assumed_flag
from metrics.views.chart import (
    ILLUSTRATIVE_LABEL,
    PLAN_LABEL,
    PROJECTION_LABEL,
    PUBLISHED_LABEL,
    KpiChart,
    Observations,
    change_sentence,
    definition_rows,
    series_rows,
    table_rows,
)
from metrics.views.formatting import format_date
from metrics.views.style import CHART, WHITE, Line, Mark, Symbol
from metrics.views.wording import latest_text, metric_reason, status_meaning
from ui.components import badge, esc, html_table, md

TEXT, GRID = CHART.text, CHART.grid
FONT = '"Source Sans", "Source Sans Pro", "Source Sans 3", Arial, Helvetica, sans-serif'

pio.templates["send"] = go.layout.Template(
    layout=dict(
        font=dict(family=FONT, size=16, color=TEXT),
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        colorway=[CHART.plan.colour, TEXT, CHART.projection.colour, CHART.observed.colour, CHART.target.fill],
        xaxis=dict(
            showgrid=True, gridcolor=GRID, zeroline=False, showline=True, linecolor=TEXT,
            ticks="outside", tickcolor=TEXT, tickfont=dict(size=15, color=TEXT), title=dict(font=dict(size=16, color=TEXT)),
        ),
        yaxis=dict(
            showgrid=True, gridcolor=GRID, zeroline=False, showline=True, linecolor=TEXT,
            ticks="outside", tickcolor=TEXT, tickfont=dict(size=15, color=TEXT), title=dict(font=dict(size=16, color=TEXT)),
        ),
        legend=dict(font=dict(size=15, color=TEXT), orientation="h", x=0, xanchor="left", y=-0.1, yanchor="top", bgcolor="#ffffff", traceorder="normal"),
        hoverlabel=dict(bgcolor="#ffffff", bordercolor=TEXT, font=dict(family=FONT, size=15, color=TEXT), align="left"),
        hovermode="closest",
        margin=dict(l=70, r=24, t=36, b=24),
    )
)

def _marker(mark: Mark, size: float | None = None) -> dict:
    """A mark of the shared style (metrics.views.style) as plotly's marker settings."""
    hollow = mark.fill == WHITE and mark.symbol is not Symbol.CIRCLE
    symbol = mark.symbol.value + ("-open" if hollow else "")
    colour = mark.edge if hollow else mark.fill
    return dict(symbol=symbol, size=size or mark.size, color=colour, line=dict(color=mark.edge, width=mark.edge_width))


def _line(line: Line) -> dict:
    return dict(color=line.colour, width=line.width, dash=line.dash.plotly)


_MARKER_NAMES = {"baseline": "Baseline", "milestone": "Milestone", "target": "Target"}


def plotly_text(text: str) -> str:
    """Plain text made safe for a plotly label: plotly understands &lt; &gt; &amp; but reads tags."""
    return html.escape(text, quote=False)


def _hover(lines: list[str]) -> str:
    return "<br>".join(plotly_text(line) for line in lines)


def _observation_trace(points: Observations, *, illustrative: bool, dense: bool) -> go.Scatter:
    mark = CHART.illustrative if illustrative else CHART.published
    marker = _marker(mark, mark.size - 3 if dense else mark.size)
    name, rank = (ILLUSTRATIVE_LABEL, 2) if illustrative else (PUBLISHED_LABEL, 1)
    error = None
    if points.has_intervals:
        name += " with 95% interval bars"
        error = dict(
            type="data",
            symmetric=False,
            array=[None if h is None else h - v for v, h in zip(points.values, points.high)],
            arrayminus=[None if lo is None else v - lo for v, lo in zip(points.values, points.low)],
            color=mark.edge if illustrative else CHART.interval.colour,
            thickness=CHART.interval.width,
            width=6,
        )
    return go.Scatter(
        x=points.dates,
        y=points.values,
        mode="markers",
        name=name,
        legendrank=rank,
        marker=marker,
        error_y=error,
        text=[_hover(lines) for lines in points.hover],
        hovertemplate="%{text}<extra></extra>",
    )


def kpi_figure(chart: KpiChart) -> go.Figure:
    """Drawn bottom to top: amber band, plan, plan markers, observed line, projection, observations."""
    fig = go.Figure()
    if chart.trajectory:  # a context measure has no plan, band or markers
        # Amber tolerance band: an invisible edge on the plan, filled to a dashed edge on the worse side.
        dates = [d for d, _, _ in chart.band]
        inner, outer = [lo for _, lo, _ in chart.band], [hi for _, _, hi in chart.band]
        if chart.band_side == "below":
            inner, outer = outer, inner
        fig.add_trace(go.Scatter(x=dates, y=inner, mode="lines", line=dict(width=0), hoverinfo="skip", showlegend=False))
        fig.add_trace(
            go.Scatter(
                x=dates, y=outer, mode="lines", fill="tonexty", fillcolor=CHART.band_fill, legendrank=7,
                line=_line(CHART.band_edge), name=plotly_text(chart.band_label), hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[d for d, _ in chart.trajectory], y=[v for _, v in chart.trajectory], mode="lines", legendrank=3,
                line=_line(CHART.plan), name=PLAN_LABEL, hoverinfo="skip",
            )
        )
    for rank, kind in enumerate(("baseline", "milestone", "target"), start=4):
        marks = [m for m in chart.markers if m.kind == kind]
        if marks:
            fig.add_trace(
                go.Scatter(
                    x=[m.date for m in marks], y=[m.value for m in marks], mode="markers", name=_MARKER_NAMES[kind], legendrank=rank,
                    marker=_marker(CHART.plan_mark(kind)), text=[plotly_text(m.label) for m in marks], hovertemplate="%{text}<extra></extra>",
                )
            )
    if len(chart.line) > 1:
        fig.add_trace(
            go.Scatter(
                x=[d for d, _ in chart.line], y=[v for _, v in chart.line], mode="lines",
                line=_line(CHART.observed), hoverinfo="skip", showlegend=False,
            )
        )
    if chart.projection:
        fig.add_trace(
            go.Scatter(
                x=[d for d, _ in chart.projection], y=[v for _, v in chart.projection], mode="lines", legendrank=8,
                line=_line(CHART.projection), name=PROJECTION_LABEL,
                text=[plotly_text(t) for t in chart.projection_hover], hovertemplate="%{text}<extra></extra>",
            )
        )
    for rank, line in enumerate(chart.comparisons, start=9):  # England and similar areas: dashed, named at the end
        style = CHART.england if line.kind == "england" else CHART.neighbours
        fig.add_trace(
            go.Scatter(
                x=[d for d, _ in line.points], y=[v for _, v in line.points], mode="lines+markers", legendrank=rank,
                line=_line(style), marker=dict(size=5, color=style.colour), name=plotly_text(line.label),
                text=[plotly_text(t) for t in line.hover], hovertemplate="%{text}<extra></extra>",
            )
        )
        end_date, end_value = line.points[-1]
        fig.add_annotation(  # England above its end, similar areas below: close values never collide
            x=end_date, y=end_value, text=f"<b>{plotly_text(line.label)}</b>", showarrow=False, xanchor="left", xshift=6,
            yshift=9 if line.kind == "england" else -9, font=dict(size=13, color=style.colour),
        )
    for f in chart.forecasts:
        xs = [f.start[0], f.date] if f.start else [f.date]
        ys = [f.start[1], f.value] if f.start else [f.value]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=_line(CHART.forecast), hoverinfo="skip", showlegend=False))
        fig.add_trace(
            go.Scatter(
                x=[f.date], y=[f.value], mode="markers", name="Published forecast (not data)", legendrank=11,
                marker=_marker(CHART.forecast_mark), text=[_hover([f.label, f.source] if f.source else [f.label])], hovertemplate="%{text}<extra></extra>",
            )
        )
        fig.add_annotation(x=f.date, y=f.value, text=plotly_text(f.label), showarrow=False, xanchor="right", yanchor="bottom", xshift=-8, yshift=6, font=dict(size=13, color=TEXT))
    for points, illustrative in ((chart.published, False), (chart.illustrative, True)):
        if len(points):
            fig.add_trace(_observation_trace(points, illustrative=illustrative, dense=len(chart.line) > 40))
    rows = _vertical_lines(fig, chart)
    fig.update_layout(
        template="send",
        height=580 + rows * _ROW,
        margin=dict(t=36 + rows * _ROW),
        xaxis=dict(type="date"),
        yaxis=dict(title=dict(text=plotly_text(chart.axis_title)), rangemode="tozero" if chart.y_floor == 0 else "normal"),
    )
    return fig


_ROW = 22  # pixels between rows of event labels


def _vertical_lines(fig: go.Figure, chart: KpiChart) -> int:
    """Events and the as-of date as vertical lines, labelled above the plot; returns the label rows.

    Labels sit above the plot in rows, so they never cover a value; a stub joins line and label.
    """
    event = _line(CHART.event)
    items = [(when, label, event) for when, label in chart.events]
    items.append((chart.as_of, f"As at {format_date(chart.as_of)}", _line(CHART.as_of)))
    shown = [d for d, _ in chart.line] + [d for d, _, _ in chart.band] + [when for when, _, _ in items]
    shown += [d for line in chart.comparisons for d, _ in line.points] + [f.date for f in chart.forecasts]
    first, last = min(shown), max(shown)
    span = max(1, (last - first).days)
    ends: list[float] = []  # per row: where (as a fraction of the width) its last label ends
    for when, label, line in sorted(items, key=lambda item: item[0]):
        at = (when - first).days / span
        right_half = at > 0.55  # label to the left of its line, so it stays inside the chart
        width = (len(label) * 7.2 + 12) / 860  # roughly, at 14px on a chart about 860px wide
        start, end = (at - width, at) if right_half else (at, at + width)
        row = next((i for i, e in enumerate(ends) if e <= start), len(ends))
        if row == len(ends):
            ends.append(end)
        ends[row] = end
        x = dt.datetime.combine(when, dt.time())
        fig.add_shape(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, layer="below", line=line)
        fig.add_shape(type="line", xref="x", yref="paper", ysizemode="pixel", yanchor=1, x0=x, x1=x, y0=0, y1=row * _ROW + 16, line=line)
        fig.add_annotation(
            x=x, xref="x", y=1, yref="paper", yanchor="bottom", yshift=row * _ROW + 2,
            xanchor="right" if right_half else "left", xshift=-4 if right_half else 4,
            text=plotly_text(label), showarrow=False, align="left", font=dict(size=14, color=TEXT),
        )
    return len(ends)


# -- page pieces ---------------------------------------------------------------------------------


def status_header(status: MetricStatus, audience: Audience) -> None:
    """The status badge and reason, the latest value, and what changed since the previous value."""
    when = f' <span class="tile-date">on {esc(format_date(status.latest_date))}</span>' if status.latest_date else ""
    flag = ' <span class="flag">illustrative value</span>' if status.latest_illustrative else ""
    if status.metric.assumed:
        flag += f' <span class="flag">{esc(assumed_flag(status.metric))}</span>'
    change = change_sentence(status, audience)
    words = audience.metric_words
    if audience.public:  # families read plain words ('Behind plan') and what they mean
        label = f"{badge(status.status, words)} {esc(words[status.status].explained)}"
    else:
        label = f"{badge(status.status, words)} <strong>{esc(status_meaning(status, audience).capitalize())}</strong>"
    st.html(
        f'<div class="kpi-status">'
        f"<p>{label}</p>"
        f'<p class="tile-value">{esc(latest_text(status))}{when}{flag}</p>'
        f'<p class="tile-reason">{esc(metric_reason(status, audience))}</p>'
        + (f'<p class="tile-reason">{esc(change)}</p>' if change else "")
        + "</div>"
    )


def trajectory_view(chart: KpiChart) -> None:
    st.plotly_chart(kpi_figure(chart), theme=None, alt=chart.alt_text, config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]})
    st.html(f'<p class="chart-summary"><strong>In short:</strong> {esc(chart.summary)}</p>')


def chart_views(views: dict[str, Callable[[], None]]) -> None:
    """One view: drawn as is. More (e.g. 'Trajectory' and 'SPC'): a control to choose between them."""
    names = list(views)
    chosen = names[0]
    if len(names) > 1:
        chosen = st.segmented_control("Chart", names, default=names[0], key="kpi_chart_view") or names[0]
    views[chosen]()


def series_table(status: MetricStatus | ContextReading, series: Series, audience: Audience) -> None:
    """The chart's data as a table, with each value's source, and the same as a CSV download."""
    measure_id = status.metric.id if isinstance(status, MetricStatus) else status.measure.id
    public = audience.public
    rows = series_rows(status, series)
    columns, body = table_rows(rows, audience)
    caption = "The figures in the chart" if public else f"Values up to {format_date(status.as_of)}"
    if rows:
        markup = html_table(columns, body, caption=caption + " (newest first)")
        if len(body) > 12:  # a long series scrolls in its own box, so the definition stays near
            markup = markup.replace('<div class="table-wrap"', '<div class="table-wrap" style="max-height: 36rem; overflow-y: auto"', 1)
        st.html(markup)
    else:
        st.html(f"<p>{esc('No figures yet.' if public else 'No values yet.')}</p>")
    st.download_button(
        "Download these figures (CSV)" if public else "Download the series (CSV)",
        data=to_csv_bytes(rows, columns=audience.series_columns),
        file_name=f"{measure_id}_{status.as_of.isoformat()}.csv",
        mime="text/csv",
        on_click="ignore",
    )


def definition(status: MetricStatus, audience: Audience) -> None:
    rows = "".join(f'<tr><th scope="row">{esc(label)}</th><td>{esc(text)}</td></tr>' for label, text in definition_rows(status, audience))
    caption = "What this measure means" if audience.public else "How this KPI is defined and judged"
    st.html(
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{esc(caption)}"><table class="data">'
        f"<caption>{esc(caption)}</caption><tbody>{rows}</tbody></table></div>"
    )


def not_found(message: str, page: str, label: str) -> None:
    """An error (markdown: quote text from the link with shown_id) and a link back."""
    st.error(message)
    st.page_link(page, label=label, icon=":material/arrow_back:")


def requested_id() -> str | None:
    """The ?metric= of the link, stripped; None when absent or blank."""
    raw = st.query_params.get("metric")
    return raw.strip() or None if isinstance(raw, str) else None


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,59}$")


def shown_id(metric_id: str) -> str | None:
    """An id from the link as quoted back to the reader, escaped (dots too, so no autolink);
    None when it is not even shaped like an id (then it is not repeated at all)."""
    return md(metric_id) if _ID.match(metric_id) else None


def kpi_picker(options: dict[str, str], *, label: str) -> None:
    """A chooser for when the link names no KPI: picking one puts it in the link."""

    def _pick() -> None:
        choice = st.session_state.get("kpi_picker")
        if choice:
            st.query_params["metric"] = choice

    st.selectbox(label, list(options), index=None, format_func=options.get, key="kpi_picker", on_change=_pick, placeholder="Choose…")
