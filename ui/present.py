"""Projector mode: a title slide, then each area's KPIs with their charts and its actions, in type
that reads from the back of a meeting room (24 px at the least at 1920x1080)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st
import streamlit.components.v1 as components

from metrics.domain.rules import PlanStatus, plan_status
from metrics.render.svgchart import PROJECTOR, chart_image
from metrics.views.card import card_provenance, kpi_card
from metrics.views.chart import kpi_chart
from metrics.views.formatting import format_date
from metrics.views.overview import AreaSummary, by_area
from metrics.views.plain_english import count_sentence
from metrics.views.report import default_since
from metrics.views.wording import action_reason
from ui.components import badge, esc, heading, status_counts
from ui.measures import comparison_for, comparison_line
from ui.state import View

KPIS_PER_SLIDE = 2  # two charts a slide: each large enough to read across a room

# Clickers send PageDown/PageUp; keyboards may use the arrow keys too.
_KEYS = """
<script>
const doc = window.parent.document;
if (!doc.__sendKeys) {
  doc.__sendKeys = true;
  doc.addEventListener('keydown', (event) => {
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(event.target.tagName)) return;
    const find = (label) => Array.from(doc.querySelectorAll('button')).find((b) => b.innerText.includes(label));
    if (['PageDown', 'ArrowRight', ' '].includes(event.key)) { const b = find('Next'); if (b) { event.preventDefault(); b.click(); } }
    if (['PageUp', 'ArrowLeft'].includes(event.key)) { const b = find('Previous'); if (b) { event.preventDefault(); b.click(); } }
  });
}
</script>
"""

# The projector hides everything that is not the plan: Streamlit's menu, toolbar, running man, deploy.
CHROME = (
    "<style>"
    '[data-testid="stToolbar"], [data-testid="stMainMenu"], #MainMenu, [data-testid="stStatusWidget"],'
    '[data-testid="stDecoration"], [data-testid="stAppDeployButton"], header[data-testid="stHeader"] { display: none !important; }'
    ".counts, .counts li, .counts .badge, .counts .count-n { font-size: 2rem; }"
    '[data-testid="stMain"] button, [data-testid="stMain"] button *, [data-testid="stMain"] a[data-testid^="stBaseLinkButton"] * { font-size: 1.5rem !important; }'
    "table.data.present-table, table.data.present-table th, table.data.present-table td, table.data.present-table .badge { font-size: 1.5rem; }"
    "</style>"
)


@dataclass(frozen=True)
class Slide:
    kind: str  # "title", "kpis" or "actions"
    area: AreaSummary | None
    area_number: int
    part: int  # 1-based part of the area's KPIs
    parts: int


def slides(status: PlanStatus) -> list[Slide]:
    """The title slide, then per area its KPIs (two a slide) and, when it has any, its actions."""
    areas = by_area(status)
    out = [Slide("title", None, 0, 1, 1)]
    for number, area in enumerate(areas, start=1):
        chunks = [area.metrics[i : i + KPIS_PER_SLIDE] for i in range(0, len(area.metrics), KPIS_PER_SLIDE)]
        for part, _ in enumerate(chunks, start=1):
            out.append(Slide("kpis", area, number, part, len(chunks)))
        if area.actions:
            out.append(Slide("actions", area, number, 1, 1))
    return out


def _index(count: int) -> int:
    try:
        return (int(st.query_params.get("slide", "1")) - 1) % count
    except ValueError:
        return 0


def _go(step: int, count: int) -> None:
    st.query_params["slide"] = str((_index(count) + step) % count + 1)


def presentation(view: View) -> None:
    st.html(CHROME)
    deck = slides(view.status)
    advance = st.query_params.get("advance")
    seconds = int(advance) if advance and advance.isdigit() and 5 <= int(advance) <= 3600 else None  # a browser timer overflows past that
    areas = max((s.area_number for s in deck), default=0)

    @st.fragment(run_every=seconds)
    def show() -> None:
        if seconds and st.session_state.get("_slide_seen"):
            _go(1, len(deck))
        st.session_state["_slide_seen"] = True
        index = _index(len(deck))
        slide = deck[index]
        st.html(
            f'<div class="present-banner"><p class="banner" role="status">Data as at <strong>{esc(format_date(view.as_of))}</strong>'
            f' <span class="present-count">slide {index + 1} of {len(deck)}</span></p></div>'
        )
        if slide.kind == "title":
            _title_slide(view)
        elif slide.kind == "kpis":
            _kpi_slide(view, slide, areas)
        else:
            _actions_slide(view, slide, areas)
        # Inside the fragment: a click (or the clicker's PageDown) runs only this part again, not the page.
        left, middle, right = st.columns([1, 1, 1])
        left.button("◀ Previous", on_click=_go, args=(-1, len(deck)), use_container_width=True)
        middle.link_button("Leave projector mode", "?" + (f"as_of={view.as_of.isoformat()}" if st.query_params.get("as_of") else ""), use_container_width=True)
        right.button("Next ▶", on_click=_go, args=(1, len(deck)), use_container_width=True, type="primary")

    show()
    components.html(_KEYS, height=0)


def _title_slide(view: View) -> None:
    heading(view.plan.title)
    st.html(f'<p class="present-reason">{esc(view.plan.organisation)}</p>')
    status_counts(view.status.counts(), view.audience.metric_words)
    words = view.audience.metric_words
    metric_counts = {k: 0 for k in words}
    for s in view.status.metrics:
        metric_counts[s.status] += 1
    since = default_since(view.as_of)
    before = {s.metric.id: s.status for s in plan_status(view.plan, view.dataset, since).metrics}
    changed = [(s, before[s.metric.id]) for s in view.status.metrics if before.get(s.metric.id) not in (None, s.status)]
    worse = [(s, then) for s, then in changed if s.status.rank < then.rank]
    better = [(s, then) for s, then in changed if s.status.rank > then.rank]
    lines = [f"<p class=\"present-reason\">{esc(count_sentence(metric_counts, words, 'KPI'))}</p>"]
    summary = f"Since {format_date(since)}: {len(better)} KPI{'s' if len(better) != 1 else ''} better, {len(worse)} worse, the rest unchanged."
    lines.append(f'<h2 class="present-title">{esc(summary)}</h2>')
    items = "".join(
        f"<li>{esc(s.metric.title)}: {esc(words[then].word)} → {esc(words[s.status].word)}</li>" for s, then in (worse + better)[:6]
    )
    if items:
        lines.append(f'<ul class="present-list">{items}</ul>')
    st.html("".join(lines))


def _kpi_slide(view: View, slide: Slide, areas: int) -> None:
    area = slide.area
    assert area is not None
    part = f", part {slide.part} of {slide.parts}" if slide.parts > 1 else ""
    st.html(f'<h1 class="present-area">{esc(area.area.title)} <span class="present-count">(area {slide.area_number} of {areas}{part})</span></h1>')
    chosen = area.metrics[(slide.part - 1) * KPIS_PER_SLIDE : slide.part * KPIS_PER_SLIDE]
    for s in chosen:
        card = kpi_card(s, view.audience)
        when = f" on {format_date(card.value_date)}" if card.value_date else ""
        compared = comparison_line(comparison_for(view, s.metric.id), s.metric.unit)
        provenance = card_provenance(card)
        left, right = st.columns([5, 6], vertical_alignment="center")
        left.html(
            f'<article class="present-tile tile-{card.status.value}">'
            f'<p class="present-reason">{badge(card.status, view.audience.metric_words, big=True)} <span class="present-meaning">{esc(card.meaning)}</span></p>'
            f'<h2 class="present-title">{esc(card.title)}</h2>'
            f'<p class="present-value">{esc(card.value)}<span class="present-reason">{esc(when)}</span></p>'
            + (f'<p class="present-reason present-flag">{esc(provenance)}</p>' if provenance else "")
            + f'<p class="present-reason">Target {esc(card.target)}</p>'
            + f'<p class="present-reason">{esc(card.reason)}</p>'
            + (f'<p class="present-reason">{esc(compared)}</p>' if compared else "")
            + "</article>"
        )
        series = view.dataset.series(s.metric.id).upto(view.as_of)
        chart = kpi_chart(s, series, view.audience, comparison_for(view, s.metric.id))
        # a picture the browser draws at once (no chart library to run: the next slide shows sooner);
        # without its events, whose labels would crowd the plot at this size
        right.html(chart_image(replace(chart, events=[]), frame=PROJECTOR, alt=chart.alt_text, css_class="present-chart"))
    st.html(
        '<p class="present-key">Key: ● published figure · ◆ illustrative value · blue line: the plan · ★ target · '
        "red dots: the current trend · dashed: England and similar areas</p>"
    )


def _actions_slide(view: View, slide: Slide, areas: int) -> None:
    area = slide.area
    assert area is not None
    st.html(f'<h1 class="present-area">{esc(area.area.title)}: actions <span class="present-count">(area {slide.area_number} of {areas})</span></h1>')
    words = view.audience.action_words
    rows = "".join(
        "<tr>"
        f"<td>{badge(s.status, words)}</td>"
        f"<td>{esc(s.action.title)}</td>"
        f"<td>{esc(format_date(s.action.due))}{' (overdue)' if s.overdue else ''}</td>"
        f"<td>{esc(action_reason(s, view.audience))}</td>"
        "</tr>"
        for s in area.actions
    )
    st.html(
        '<div class="table-wrap"><table class="data present-table"><caption>'
        f"{esc(area.actions_sentence(view.audience))}</caption>"
        "<thead><tr><th>Status</th><th>Action</th><th>Due</th><th>Latest update</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )
