"""The SPC view of a KPI: an XmR chart with its icons in words (decided in metrics/domain/control.py)."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from metrics.domain.control import MetricSpc
from metrics.domain.plan import Metric
from metrics.views.formatting import format_date, format_value
from metrics.views.spc_words import (
    ASSURANCE_ICONS,
    VARIATION_ICONS,
    spc_alt_text,
    spc_summary,
)
from metrics.views.style import BLUE, GREY
from metrics.views.style import INK as TEXT
from ui.charts import plotly_text
from ui.components import esc

ORANGE = "#b25000"  # concern; 4.9:1 on white
_POINT_STYLE = {
    "improvement": dict(color=BLUE, symbol="circle", size=11, name="Special cause: improvement"),
    "concern": dict(color=ORANGE, symbol="diamond", size=12, name="Special cause: concern"),
    "neither": dict(color=GREY, symbol="circle-open", size=8, name="Common cause"),
}


def spc_figure(metric: Metric, spc: MetricSpc) -> go.Figure:
    r = spc.result
    assert r is not None
    fig = go.Figure()
    fig.update_layout(template="send", height=460, yaxis_title=plotly_text(metric.unit))
    dates = [p.date for p in r.points]
    fig.add_trace(go.Scatter(x=dates, y=[p.value for p in r.points], mode="lines", line=dict(color=GREY, width=1.5), name="Values", hoverinfo="skip"))
    for i, period in enumerate(r.periods):
        pts = [p for p in r.points if p.period == i]
        xs = [pts[0].date, pts[-1].date]
        show = i == len(r.periods) - 1
        fig.add_trace(go.Scatter(x=xs, y=[period.mean] * 2, mode="lines", line=dict(color=TEXT, width=2), name="Mean", showlegend=show, hoverinfo="skip", legendgroup="mean"))
        for value, label in ((period.upl, "Upper process limit"), (period.lpl, "Lower process limit")):
            fig.add_trace(
                go.Scatter(x=xs, y=[value] * 2, mode="lines", line=dict(color=TEXT, width=1.5, dash="dash"), name="Process limits", showlegend=show and label.startswith("Upper"), legendgroup="limits", hovertemplate=f"{label}: {esc(format_value(value, metric.unit))}<extra></extra>")
            )
        if i > 0:
            fig.add_vline(x=period.start.isoformat(), line=dict(color=TEXT, width=1, dash="dot"))
            fig.add_annotation(x=period.start, y=1.02, yref="paper", text="Limits recalculated", showarrow=False, font=dict(size=13, color=TEXT), xanchor="left", yanchor="bottom")
    for kind, style in _POINT_STYLE.items():
        pts = [p for p in r.points if p.special_cause == kind]
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
        st.info(f"There is no SPC view for this KPI. {spc.unavailable}")
        return
    r = spc.result
    icons = (
        f'<p class="spc-icons"><span class="spc-icon">{esc(VARIATION_ICONS[r.variation])}</span> <strong>Variation:</strong> {esc(spc.variation_text)}'
        + (f' &nbsp; <span class="spc-icon">{esc(ASSURANCE_ICONS[r.assurance])}</span> <strong>Assurance:</strong> {esc(spc.assurance_text)}' if r.assurance else "")
        + "</p>"
    )
    st.html(icons)
    st.plotly_chart(spc_figure(metric, spc), theme=None, alt=spc_alt_text(metric, spc), config={"displaylogo": False})
    st.html(f'<p class="chart-summary"><strong>In short:</strong> {esc(spc_summary(metric, spc))}</p>')
