"""Context measures and comparisons on the pages: a context measure's page and tile, and the
'how we compare' section (table and ranked chart) of any measure with published statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go
import streamlit as st

from metrics.domain.context import ContextReading, context_reading
from metrics.domain.control import metric_spc
from metrics.domain.data import Series
from metrics.domain.plan import ContextMeasure
from metrics.views.audience import Audience, withheld_short
from metrics.views.benchmark import comparison_line as benchmark_line
from metrics.views.benchmark import comparison_note
from metrics.views.chart import context_chart, context_definition_rows, context_sentence
from metrics.views.formatting import format_date, format_value
from metrics.views.ranking import (
    comparison_rows,
    plain_comparison,
    ranked_chart,
)
from metrics.views.style import DARK_BLUE, INK
from ui.charts import chart_views, plotly_text, series_table, trajectory_view
from ui.components import as_of_banner, esc, heading, html_table, sparkline, trend_words
from ui.links import kpi_href
from ui.spc_chart import spc_view

if TYPE_CHECKING:
    from metrics.domain.statistics import Comparison
    from ui.state import View


def comparison_for(view: View, measure_id: str) -> Comparison | None:
    statistics = getattr(view, "statistics", None)
    return statistics.comparison(measure_id) if statistics is not None else None


def comparison_line(comparison: Comparison | None, unit: str) -> str:
    """'2024: England 46.4%, similar areas 33.5%; 126th of 151' ('' without published statistics)."""
    return benchmark_line(comparison, unit) if comparison is not None else ""


def context_header(reading: ContextReading, audience: Audience, comparison: Comparison | None) -> None:
    m = reading.measure
    if reading.latest_date is None:
        value = "No data yet"
    elif reading.withheld is not None:
        value = withheld_short(reading.withheld)
    else:
        value = format_value(reading.latest_value, m.unit)
    when = f' <span class="tile-date">on {esc(format_date(reading.latest_date))}</span>' if reading.latest_date else ""
    flag = ' <span class="flag">illustrative value</span>' if reading.latest_illustrative else ""
    kind = "Shown for context: there is no target, so it is not marked on track or off track." if audience.public else "Context measure: no target, so no BRAG status; never counted."
    line = comparison_line(comparison, m.unit)
    st.html(
        '<div class="kpi-status">'
        f'<p><span class="flag">context</span> <strong>{esc(kind)}</strong></p>'
        f'<p class="tile-value">{esc(value)}{when}{flag}</p>'
        + (f'<p class="tile-reason">{esc(line)}</p>' if line else "")
        + "</div>"
    )


def context_page(view: View, measure: ContextMeasure) -> None:
    series = view.dataset.series(measure.id).upto(view.as_of)
    reading = context_reading(measure, series, view.as_of)
    comparison = comparison_for(view, measure.id)
    chart = context_chart(reading, series, view.audience, comparison)
    heading(measure.title)
    as_of_banner(view.as_of, view.audience)
    context_header(reading, view.audience, comparison)
    spc = metric_spc(measure, series, view.as_of)
    chart_views({"Trend": lambda: trajectory_view(chart), "SPC": lambda: spc_view(measure, spc)})
    if comparison is not None:
        comparison_section(comparison, measure.unit, measure.title, view.audience)
    st.header("Values" if not view.public else "The figures")
    series_table(reading, series, view.audience)
    st.header("Definition" if not view.public else "About this measure")
    rows = "".join(f'<tr><th scope="row">{esc(label)}</th><td>{esc(text)}</td></tr>' for label, text in context_definition_rows(reading, view.audience))
    st.html(f'<div class="table-wrap" tabindex="0" role="region" aria-label="Definition"><table class="data"><caption>What this measure is</caption><tbody>{rows}</tbody></table></div>')


def comparison_section(comparison: Comparison, unit: str, title: str, audience: Audience) -> None:
    """England, our region and similar areas beside ours, as a table and a ranked chart."""
    st.header("How we compare" if not audience.public else "How this compares")
    if audience.public:
        sentence = plain_comparison(comparison, unit)
        if sentence:
            st.html(f"<p>{esc(sentence)}</p>")
    else:
        neighbours = ", ".join(comparison.neighbour_names)
        st.html(f'<p class="tile-reason">{esc(comparison_note(comparison))} {esc(f"Similar areas: {neighbours}.") if neighbours else ""}</p>')
    columns, rows = comparison_rows(comparison, unit, audience)
    st.html(html_table(columns, rows, caption=f"{title}: {comparison.area_name} beside England and similar areas (newest first)"))
    ranked = ranked_chart(comparison, unit, title)
    if ranked is not None and not audience.public:
        st.plotly_chart(ranked_figure(ranked), theme=None, alt=ranked.alt_text, config={"displaylogo": False})


def ranked_figure(ranked) -> go.Figure:
    """Every local authority's latest figure, best first: ours striped and named, neighbours dotted."""
    styles = {
        "ours": dict(color=INK, pattern=dict(shape="/", fgcolor="#ffffff", bgcolor=INK, fillmode="overlay", solidity=0.3)),
        "neighbour": dict(color=DARK_BLUE, pattern=dict(shape=".", fgcolor="#ffffff", bgcolor=DARK_BLUE, fillmode="overlay", solidity=0.3)),
        "other": dict(color="#b1b4b6"),
    }
    names = {"ours": ranked.ours.name if ranked.ours else "Ours", "neighbour": "Similar areas", "other": "Other local authorities"}
    fig = go.Figure()
    for kind in ("other", "neighbour", "ours"):
        idx = [i for i, b in enumerate(ranked.bars) if b.kind == kind]
        if not idx:
            continue
        bars = [ranked.bars[i] for i in idx]
        fig.add_trace(
            go.Bar(
                x=[i + 1 for i in idx], y=[b.value for b in bars], name=plotly_text(names[kind]), marker=styles[kind],
                text=[plotly_text(f"{b.name}: {format_value(b.value, ranked.unit)}") for b in bars], hovertemplate="%{text}<extra></extra>",
                textposition="none",
            )
        )
    if ranked.ours is not None:
        at = ranked.bars.index(ranked.ours) + 1
        fig.add_annotation(x=at, y=ranked.ours.value, text=f"<b>{plotly_text(ranked.ours.name)}</b>", showarrow=True, arrowhead=0, ay=-40, font=dict(color=INK, size=13))
    fig.update_layout(
        template="send", height=420, barmode="overlay", bargap=0.1,
        title=dict(text=plotly_text(f"Every local authority in {ranked.period}, {'best' if ranked.ours is None or ranked.ours.rank else 'highest'} first"), font=dict(size=15)),
        margin=dict(l=70, r=24, t=48, b=70),
        legend=dict(orientation="h", y=-0.08, yanchor="top", x=0),
        xaxis=dict(showticklabels=False),
        yaxis=dict(title=dict(text=plotly_text("%" if ranked.unit.lower() in {"percent", "%", "percentage"} else ranked.unit)), rangemode="tozero"),
    )
    return fig


def context_tile(reading: ContextReading, series: Series, audience: Audience, *, link: str | None = None, comparison: Comparison | None = None) -> str:
    """An overview tile for a context measure: its latest figure and trend, no status badge."""
    m = reading.measure
    title = esc(m.title)
    if link:
        title = f'<a href="{esc(link)}" target="_self">{title}</a>'
    if reading.latest_date is None:
        value, when = "No data yet", ""
    else:
        value = withheld_short(reading.withheld) if reading.withheld is not None else format_value(reading.latest_value, m.unit)
        when = f' <span class="tile-date">on {esc(format_date(reading.latest_date))}</span>'
    flags = ['<span class="flag">context: no target</span>']
    if reading.latest_illustrative:
        flags.append('<span class="flag">illustrative value</span>')
    if reading.data_overdue:
        flags.append('<span class="flag flag-overdue">data overdue</span>')
    line = comparison_line(comparison, m.unit)
    spark = sparkline(series, label=trend_words(series, m.unit) or "Not enough values for a trend")
    forecast = "; ".join(f"forecast {format_value(f.value, m.unit)} by {format_date(f.date)}" for f in m.forecasts)
    return (
        f'<article class="tile tile-context" aria-label="{esc(m.title)}: context measure">'
        f'<div class="tile-head">{"".join(flags)}</div>'
        f'<h3 class="tile-title">{title}</h3>'
        f'<p class="tile-value">{esc(value)}{when}</p>'
        f"{spark}"
        + (f'<p class="tile-reason">{esc(line)}</p>' if line else "")
        + (f'<p class="tile-reason">{esc(forecast[:1].upper() + forecast[1:])} (not data)</p>' if forecast else "")
        + f'<p class="tile-reason">{esc(context_sentence(reading, audience))}</p>'
        + "</article>"
    )


def context_tiles(view: View, measures) -> list[str]:
    """The overview tiles of an area's context measures, linked to their pages."""
    tiles = []
    for m in measures:
        series = view.dataset.series(m.id).upto(view.as_of)
        reading = context_reading(m, series, view.as_of)
        tiles.append(context_tile(reading, series, view.audience, link=kpi_href(m.id), comparison=comparison_for(view, m.id)))
    return tiles


__all__ = ["comparison_for", "comparison_line", "comparison_section", "context_page", "context_tile", "context_tiles", "ranked_figure"]
