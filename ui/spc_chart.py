"""The SPC view of a KPI: the "Making Data Count" icons with their words, and an XmR chart of the
current period on an axis fitted to it (what is drawn and the axis are decided in
metrics/domain/control.py; the words in metrics/views/spc_words.py; the icons in
metrics/render/mdc_icons.py, shown as ``<img>`` data URIs because ``st.html`` strips inline SVG)."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from metrics.domain.control import MetricSpc, shown_periods, spc_axis_range
from metrics.domain.plan import Metric
from metrics.render.mdc_icons import icon_img
from metrics.views.formatting import format_date, format_value
from metrics.views.spc_words import (
    EARLIER_PERIODS_HELP,
    EARLIER_PERIODS_LABEL,
    spc_alt_text,
    spc_periods_sentence,
    spc_summary,
)
from metrics.views.style import BLUE, GREY
from metrics.views.style import INK as TEXT
from ui.charts import plotly_text
from ui.components import esc, md

ORANGE = "#b25000"  # concern; 4.9:1 on white
_POINT_STYLE = {
    "improvement": dict(color=BLUE, symbol="circle", size=11, name="Special cause: improvement"),
    "concern": dict(color=ORANGE, symbol="diamond", size=12, name="Special cause: concern"),
    "neither": dict(color=GREY, symbol="circle-open", size=8, name="Common cause"),
}


def spc_figure(metric: Metric, spc: MetricSpc, *, all_periods: bool = False) -> go.Figure:
    """The XmR chart of the current period (or of every period), its value axis fitted to what it draws."""
    r = spc.result
    assert r is not None
    periods = shown_periods(r, all_periods=all_periods)
    points = [p for p in r.points if p.period in periods]
    fig = go.Figure()
    fig.update_layout(template="send", height=460, yaxis_title=plotly_text(metric.unit))
    fig.update_yaxes(range=list(spc_axis_range(r, periods, target_drawn=r.target is not None)), autorange=False)
    dates = [p.date for p in points]
    fig.add_trace(go.Scatter(x=dates, y=[p.value for p in points], mode="lines", line=dict(color=GREY, width=1.5), name="Values", hoverinfo="skip"))
    for i in periods:
        period = r.periods[i]
        pts = [p for p in points if p.period == i]
        xs = [pts[0].date, pts[-1].date]
        show = i == len(r.periods) - 1
        fig.add_trace(go.Scatter(x=xs, y=[period.mean] * 2, mode="lines", line=dict(color=TEXT, width=2), name="Mean", showlegend=show, hoverinfo="skip", legendgroup="mean"))
        for value, label in ((period.upl, "Upper process limit"), (period.lpl, "Lower process limit")):
            fig.add_trace(
                go.Scatter(x=xs, y=[value] * 2, mode="lines", line=dict(color=TEXT, width=1.5, dash="dash"), name="Process limits", showlegend=show and label.startswith("Upper"), legendgroup="limits", hovertemplate=f"{label}: {esc(format_value(value, metric.unit))}<extra></extra>")
            )
        if i > periods.start:
            fig.add_vline(x=period.start.isoformat(), line=dict(color=TEXT, width=1, dash="dot"))
            fig.add_annotation(x=period.start, y=1.02, yref="paper", text="Limits recalculated", showarrow=False, font=dict(size=13, color=TEXT), xanchor="left", yanchor="bottom")
    for kind, style in _POINT_STYLE.items():
        pts = [p for p in points if p.special_cause == kind]
        if not pts:
            continue
        fig.add_trace(
            go.Scatter(
                x=[p.date for p in pts],
                y=[p.value for p in pts],
                mode="markers",
                marker=dict(color=style["color"], symbol=style["symbol"], size=style["size"], line=dict(color=style["color"], width=2)),
                name=style["name"],
                hovertemplate=[f"{format_date(p.date)}: {esc(format_value(p.value, metric.unit))}<br>{style['name']}<extra></extra>" for p in pts],
            )
        )
    if r.target is not None:
        fig.add_trace(go.Scatter(x=[dates[0], dates[-1]], y=[r.target] * 2, mode="lines", line=dict(color="#00703c", width=2, dash="longdash"), name="Target", hoverinfo="skip"))
    return fig


def spc_view(metric: Metric, spc: MetricSpc) -> None:
    if spc.result is None:
        st.info(md(f"There is no SPC view for this KPI. {spc.unavailable}"))
        return
    r = spc.result
    icons = [(r.variation, "Variation", spc.variation_text)] + ([(r.assurance, "Assurance", spc.assurance_text)] if r.assurance else [(None, "Assurance", spc.assurance_text)])
    st.html(
        '<div class="spc-icons" style="display:flex;flex-wrap:wrap;gap:0.75rem 2.5rem;align-items:center;margin-bottom:0.75rem">'
        + "".join(
            '<p style="display:flex;align-items:center;gap:0.6rem;margin:0">'
            + (icon_img(code, size=56) if code else "")
            + f"<span><strong>{heading}:</strong> {esc(words)}</span></p>"
            for code, heading, words in icons
        )
        + "</div>"
    )
    all_periods = False
    if len(r.periods) > 1:
        sentence = st.empty()  # above the switch it describes, worded after the switch is read
        all_periods = st.toggle(EARLIER_PERIODS_LABEL, key=f"spc-earlier-{metric.id}", help=EARLIER_PERIODS_HELP)
        with sentence:
            st.html(f'<p class="chart-summary">{esc(spc_periods_sentence(spc, all_periods=all_periods))}</p>')
    st.plotly_chart(spc_figure(metric, spc, all_periods=all_periods), theme=None, alt=spc_alt_text(metric, spc, all_periods=all_periods), config={"displaylogo": False})
    st.html(f'<p class="chart-summary"><strong>In short:</strong> {esc(spc_summary(metric, spc))}</p>')
