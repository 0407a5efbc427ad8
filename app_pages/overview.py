"""Board overview: the whole plan at a glance, area by area."""

import streamlit as st

from metrics.overview import by_area
from ui.components import as_of_banner, esc, kpi_tile, status_counts, tiles_grid
from ui.pickers import presenting
from ui.present import presentation
from ui.state import current_view

view = current_view()
if presenting():
    presentation(view)
    st.stop()

st.title(view.plan.title)
as_of_banner(view.as_of)
st.caption(view.plan.organisation)
status_counts(view.status.counts())
st.link_button("Projector mode", "?present=1" + (f"&as_of={view.as_of.isoformat()}" if view.settings.as_of != view.as_of else ""), help="One area per screen, big type, for the meeting room")

for summary in by_area(view.status):
    st.header(summary.area.title, anchor=summary.area.id)
    tiles_grid([kpi_tile(s, view.dataset.series(s.metric.id).upto(view.as_of), link=f"kpi?metric={s.metric.id}") for s in summary.metrics])
    st.html(f'<p class="area-actions"><strong>Actions.</strong> {esc(summary.actions_sentence())}</p>')
