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
from ui.spc_chart import spc_view
from ui.state import current_view

view = current_view()
metric_id = requested_id()
status = view.status.metric(metric_id) if metric_id else None
if status is None:
    st.title("KPI detail")
    if metric_id:
        quoted = shown_id(metric_id)
        named = f"No KPI with the id '{quoted}'." if quoted else "No KPI has the id given in the link."
        not_found(f"{named} Check the link, or choose a KPI below or from the board overview.", "app_pages/overview.py", "Back to the board overview")
    else:
        st.info("Choose a KPI to see its chart, values and definition.")
        st.page_link("app_pages/overview.py", label="Back to the board overview", icon=":material/arrow_back:")
    kpi_picker({s.metric.id: s.metric.title for s in view.status.metrics}, label="KPI")
    st.stop()

series = view.dataset.series(status.metric.id).upto(view.as_of)
chart = kpi_chart(status, series, view.audience)
heading(status.metric.title)
as_of_banner(view.as_of, view.audience)
status_header(status, view.audience)
spc = metric_spc(status.metric, series, view.as_of)
chart_views({"Trajectory": lambda: trajectory_view(chart), "SPC": lambda: spc_view(status.metric, spc)})
st.header("Values")
series_table(status, series, view.audience)
st.header("Definition")
definition(status, view.audience)
