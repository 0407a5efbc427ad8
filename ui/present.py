"""Projector mode: one area per screen, big type, for the back of a meeting room."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from metrics.views.card import card_provenance, kpi_card
from metrics.views.formatting import format_date
from metrics.views.overview import by_area
from ui.components import badge, esc, heading
from ui.measures import comparison_for, comparison_line
from ui.state import View

# Clickers send PageDown/PageUp; keyboards may use the arrow keys too.
_KEYS = """
<script>
const doc = window.parent.document;
if (!doc.__sendKeys) {
  doc.__sendKeys = true;
  doc.addEventListener('keydown', (event) => {
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(event.target.tagName)) return;
    const find = (label) => Array.from(doc.querySelectorAll('button')).find((b) => b.innerText.includes(label));
    if (['PageDown', 'ArrowRight', ' '].includes(event.key)) { const b = find('Next area'); if (b) { event.preventDefault(); b.click(); } }
    if (['PageUp', 'ArrowLeft'].includes(event.key)) { const b = find('Previous area'); if (b) { event.preventDefault(); b.click(); } }
  });
}
</script>
"""


def _area_index(count: int) -> int:
    try:
        return int(st.query_params.get("area", "1")) - 1 if count else 0
    except ValueError:
        return 0


def _go(step: int, count: int) -> None:
    current = _area_index(count)
    st.query_params["area"] = str((current + step) % count + 1)


def presentation(view: View) -> None:
    areas = by_area(view.status)
    if not areas:
        heading(view.plan.title)
        st.info("There is nothing to present yet.")
        return
    advance = st.query_params.get("advance")
    seconds = int(advance) if advance and advance.isdigit() and int(advance) >= 5 else None

    @st.fragment(run_every=seconds)
    def slide() -> None:
        if seconds and st.session_state.get("_slide_seen"):
            _go(1, len(areas))
        st.session_state["_slide_seen"] = True
        index = _area_index(len(areas)) % len(areas)
        area = areas[index]
        st.html(f'<div class="present-banner"><p class="banner" role="status">Data as at <strong>{esc(format_date(view.as_of))}</strong></p></div>')
        st.html(f'<h1 class="present-area">{esc(area.area.title)} <span class="tile-date">(area {index + 1} of {len(areas)})</span></h1>')
        cards = []
        for s in area.metrics:
            card = kpi_card(s, view.audience)
            when = f" on {format_date(card.value_date)}" if card.value_date else ""
            cards.append(
                f'<article class="present-tile tile-{card.status.value}">'
                f'<p>{badge(card.status, view.audience.metric_words, big=True)} <span class="present-reason">{esc(card.meaning)}</span></p>'
                f'<h2 class="present-title">{esc(card.title)}</h2>'
                f'<p class="present-value">{esc(card.value)}<span class="present-reason">{esc(when)}</span></p>'
                + (f'<p class="present-reason flag">{esc(provenance)}</p>' if (provenance := card_provenance(card)) else "")
                + f'<p class="present-reason">Target {esc(card.target)}</p>'
                + (f'<p class="present-reason">{esc(compared)}</p>' if (compared := comparison_line(comparison_for(view, s.metric.id), s.metric.unit)) else "")
                + "</article>"
            )
        if cards:
            st.html(f'<div class="present-grid">{"".join(cards)}</div>')
        st.html(f'<p class="present-reason"><strong>Actions.</strong> {esc(area.actions_sentence(view.audience))}</p>')

    slide()
    left, middle, right = st.columns([1, 1, 1])
    left.button("◀ Previous area", on_click=_go, args=(-1, len(areas)), use_container_width=True)
    middle.link_button("Leave projector mode", "?", use_container_width=True)
    right.button("Next area ▶", on_click=_go, args=(1, len(areas)), use_container_width=True, type="primary")
    components.html(_KEYS, height=0)
