"""Board overview: the whole plan at a glance, area by area."""

import streamlit as st

from metrics.views.overview import by_area
from metrics.views.spc_words import spc_icons_text
from ui.components import (
    as_of_banner,
    esc,
    heading,
    kpi_tile,
    status_counts,
    tiles_grid,
)
from ui.links import chosen_as_of, kpi_href, page_href
from ui.measures import comparison_for, comparison_line, context_tiles
from ui.pickers import presenting
from ui.present import presentation
from ui.state import current_view, per_kpi, shared, spc_for

view = current_view()
if presenting():
    presentation(view)
    st.stop()

heading(view.plan.title)
as_of_banner(view.as_of, view.audience)
st.html(f'<p class="organisation">{esc(view.plan.organisation)}</p>')
status_counts(view.status.counts(), view.audience.metric_words)
st.link_button("Projector mode", page_href("", present="1"), help="A title slide, then each area's KPIs with their charts and its actions, in big type for the meeting room")


def area_tiles() -> list[tuple[object, list[str]]]:
    """Each area with its tiles' HTML: the same for every reader of this view and link date."""
    spc = spc_for(view)
    out = []
    for summary in by_area(view.status):
        tiles = []
        for s in summary.metrics:
            series = view.dataset.series(s.metric.id).upto(view.as_of)
            icons = spc_icons_text(spc[s.metric.id]) if s.metric.id in spc else ""
            link, comparison = kpi_href(s.metric.id), comparison_line(comparison_for(view, s.metric.id), s.metric.unit)
            # kept while what it shows is the same: after a save, only the changed KPI's tile is drawn again
            tiles.append(per_kpi(("tile", s.metric.id, series.fingerprint, link, icons, comparison), (s, view.audience), lambda: kpi_tile(s, series, view.audience, link=link, spc_text=icons, comparison=comparison)))
        out.append((summary, tiles + context_tiles(view, summary.context)))
    return out


for summary, tiles in shared(view, f"overview tiles, links dated {chosen_as_of()}", area_tiles):
    heading(summary.area.title, 2, anchor=summary.area.id)
    tiles_grid(tiles)
    st.html(f'<p class="area-actions"><strong>Actions.</strong> {esc(summary.actions_sentence(view.audience))}</p>')
