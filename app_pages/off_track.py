"""Off track: every KPI and action that needs a manager's attention, worst first."""

import streamlit as st

from metrics.views.offtrack import (
    RECORD_HEADERS,
    count_sentence,
    download_name,
    empty_sentence,
    filter_items,
    filter_options,
    off_track,
    records,
)
from ui.components import as_of_banner, badge, esc, table
from ui.downloads import download_buttons
from ui.links import kpi_href
from ui.state import current_view

view = current_view()
st.title("Off track")
as_of_banner(view.as_of, view.audience)
items = off_track(view.status, view.audience)
if not items:
    st.success(empty_sentence(view.as_of))
    st.stop()
st.subheader(count_sentence(items))
st.caption("Red and amber KPIs, KPIs whose data is overdue and overdue actions: worst first, then furthest behind plan.")

options = filter_options(items, view.plan)
titles = dict(options.areas)
left, middle, right = st.columns([2, 3, 2])
areas = left.multiselect("Area", [a for a, _ in options.areas], default=[a for a, _ in options.areas], format_func=titles.get, wrap=True)
leads = middle.multiselect("Lead", options.leads, default=options.leads, wrap=True)
statuses = right.multiselect("Status", options.statuses, default=options.statuses, format_func=view.audience.metric_label, wrap=True)
shown = filter_items(items, areas, leads, statuses)
if not shown:
    st.info("Nothing matches these filters.")
    st.stop()


def title_cell(item):
    if item.kind == "metric":
        return f'<a href="{esc(kpi_href(item.id))}" target="_self">{esc(item.title)}</a>'
    return esc(item.title)


table(
    ["Status", "Type", "Title", "Area", "Lead", "Why it is here", "Change since previous", "Reason"],
    [(badge(i.status, view.audience.metric_words if i.kind == "metric" else view.audience.action_words), i.kind_word, title_cell(i), i.area_title, i.lead, i.why, i.change, i.reason) for i in shown],
    caption=f"Showing {len(shown)} of {len(items)}, worst first",
    raw_columns=(0, 2),
)
download_buttons(records(shown, view.audience), RECORD_HEADERS, stem=download_name(view.as_of, "x").rsplit(".", 1)[0], sheet="Off track")
