"""Measure details for the public: one measure's progress, its figures and what it means."""

import streamlit as st

from metrics.views.chart import kpi_chart
from ui.charts import (
    chart_views,
    definition,
    kpi_picker,
    not_found,
    requested_id,
    series_table,
    status_header,
    trajectory_view,
)
from ui.components import as_of_banner, heading
from ui.state import current_view

view = current_view()
metric_id = requested_id()
status = view.status.metric(metric_id) if metric_id else None  # the public plan holds public measures only
if status is None:
    st.title("Not found" if metric_id else "Measure details")
    if metric_id:
        not_found("Not found: we could not find that measure. It may have been renamed or removed.", "app_pages/public_progress.py", "Back to Our progress")
    else:
        st.page_link("app_pages/public_progress.py", label="Back to Our progress", icon=":material/arrow_back:")
        kpi_picker({s.metric.id: s.metric.title for s in view.status.metrics}, label="Choose a measure")
    st.stop()

series = view.dataset.series(status.metric.id).upto(view.as_of)
chart = kpi_chart(status, series, view.audience)
heading(status.metric.title)
as_of_banner(view.as_of, view.audience)
status_header(status, view.audience)
chart_views({"Progress against the plan": lambda: trajectory_view(chart)})
st.header("The figures")
series_table(status, series, view.audience)
st.header("About this measure")
definition(status, view.audience)
