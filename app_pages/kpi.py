"""KPI detail: one KPI's trajectory against the plan, its values and its definition (?metric=<id>)."""

import streamlit as st

from metrics.domain.control import metric_spc
from metrics.views.chart import kpi_chart
from ui.charts import (
    chart_views,
    definition,
    kpi_picker,
    not_found,
    requested_id,
    series_table,
    shown_id,
    status_header,
    trajectory_view,
)
from ui.components import as_of_banner, heading
from ui.measures import comparison_for, comparison_section, context_page
from ui.spc_chart import spc_view
from ui.state import current_view

view = current_view()
metric_id = requested_id()
status = view.status.metric(metric_id) if metric_id else None
measure = view.plan.context_measure(metric_id) if metric_id and status is None else None
if measure is not None:
    context_page(view, measure)
    st.stop()
if status is None:
    st.title("KPI detail")
    if metric_id:
        quoted = shown_id(metric_id)
        named = f"No KPI with the id '{quoted}'." if quoted else "No KPI has the id given in the link."
        not_found(f"{named} Check the link, or choose a KPI below or from the board overview.", "app_pages/overview.py", "Back to the board overview")
    else:
        st.info("Choose a KPI to see its chart, values and definition.")
        st.page_link("app_pages/overview.py", label="Back to the board overview", icon=":material/arrow_back:")
    kpis = {m.id for m in view.plan.metrics}  # ids, not models: comparing 1,000 pydantic models each was O(n²)
    kpi_picker({m.id: m.title + ("" if m.id in kpis else " (context)") for m in view.plan.measures}, label="KPI")
    st.stop()

series = view.dataset.series(status.metric.id).upto(view.as_of)
comparison = comparison_for(view, status.metric.id)
chart = kpi_chart(status, series, view.audience, comparison)
heading(status.metric.title)
as_of_banner(view.as_of, view.audience)
status_header(status, view.audience)
spc = metric_spc(status.metric, series, view.as_of)
chart_views({"Trajectory": lambda: trajectory_view(chart), "SPC": lambda: spc_view(status.metric, spc)})
if comparison is not None:
    comparison_section(comparison, status.metric.unit, status.metric.title, view.audience)
st.header("Values")
series_table(status, series, view.audience)
st.header("Definition")
definition(status, view.audience)
