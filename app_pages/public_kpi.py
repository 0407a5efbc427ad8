"""Measure details for the public: one measure's page, from the same page model as the static site
(metrics.views.site.measure_page), with the interactive chart."""

import streamlit as st

from ui.charts import kpi_picker, not_found, requested_id
from ui.measures import comparison_for
from ui.public import contact_footer, measure_details, public_chrome, public_measure
from ui.state import current_view

public_chrome("")
view = current_view()
metric_id = requested_id()
page = public_measure(view, metric_id) if metric_id else None  # the public plan holds public measures only
if page is None:
    st.title("Not found" if metric_id else "Measure details")
    if metric_id:
        not_found("Not found: we could not find that measure. It may have been renamed or removed.", "app_pages/public_progress.py", "Back to Our progress")
    else:
        st.page_link("app_pages/public_progress.py", label="Back to Our progress", icon=":material/arrow_back:")
        kpi_picker({m.id: m.title for m in view.plan.measures}, label="Choose a measure")
    contact_footer(view.plan)
    st.stop()

measure_details(view, page, comparison_for(view, page.id))
contact_footer(view.plan)
