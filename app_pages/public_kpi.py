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
from ui.measures import comparison_for, comparison_section, context_page
from ui.state import current_view

view = current_view()
metric_id = requested_id()
status = view.status.metric(metric_id) if metric_id else None  # the public plan holds public measures only
measure = view.plan.context_measure(metric_id) if metric_id and status is None else None
if measure is not None:
    context_page(view, measure)
    st.stop()
if status is None:
    st.title("Not found" if metric_id else "Measure details")
    if metric_id:
        not_found("Not found: we could not find that measure. It may have been renamed or removed.", "app_pages/public_progress.py", "Back to Our progress")
    else:
        st.page_link("app_pages/public_progress.py", label="Back to Our progress", icon=":material/arrow_back:")
        kpi_picker({m.id: m.title for m in view.plan.measures}, label="Choose a measure")
    st.stop()

series = view.dataset.series(status.metric.id).upto(view.as_of)
comparison = comparison_for(view, status.metric.id)
chart = kpi_chart(status, series, view.audience, comparison)
heading(status.metric.title)
as_of_banner(view.as_of, view.audience)
status_header(status, view.audience)
chart_views({"Progress against the plan": lambda: trajectory_view(chart)})
if comparison is not None:
    comparison_section(comparison, status.metric.unit, status.metric.title, view.audience)
st.header("The figures")
series_table(status, series, view.audience)
st.header("About this measure")
definition(status, view.audience)
