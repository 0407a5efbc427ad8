"""Internal site, "Preview public view": exactly what the public site would show at this as-of date.

The snapshot is built by metrics.domain.public.public_snapshot from the internal data, and the page is
drawn by the same ui.public functions as the public site, so what you see here is what families see.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from metrics.domain.data import Dataset
from metrics.domain.plan import Plan
from metrics.domain.public import PublicSnapshot, public_snapshot
from metrics.views.formatting import format_date
from ui.components import esc
from ui.public import about_page, actions_page, progress_page
from ui.state import Stamp, current_view, files_stamp

PAGES = {"Our progress": progress_page, "What we are doing": actions_page, "About this data": about_page}


@st.cache_resource(show_spinner=False, max_entries=8)
def _snapshot(targets: str, data: str, stamp: Stamp, as_of: dt.date, _plan: Plan, _dataset: Dataset) -> PublicSnapshot:
    """Keyed on the files' stamp and the date; the plan and data (unhashed) come from the same files."""
    return public_snapshot(_plan, _dataset, as_of)


view = current_view()
config = view.settings
snapshot = _snapshot(str(config.targets), str(config.data), files_stamp(config.targets, config.data), view.as_of, view.plan, view.dataset)

hidden_metrics = len(view.plan.metrics) - len(snapshot.plan.metrics)
hidden_actions = len(view.plan.actions) - len(snapshot.plan.actions)
st.html(
    '<div class="pub-preview-banner" role="note" aria-label="Preview">'
    "<p><strong>Preview: this is what the public site shows</strong></p>"
    f"<p>Figures as at {esc(format_date(view.as_of))}. Only public measures and actions appear "
    f"({hidden_metrics} measure{'s' if hidden_metrics != 1 else ''} and {hidden_actions} action{'s' if hidden_actions != 1 else ''} "
    "are internal and left out), actions show their public update only, and small numbers are hidden. "
    "Links below open the internal pages.</p></div>"
)
choice = st.radio("Public page to preview", list(PAGES), horizontal=True, key="public_preview_page")
st.divider()
PAGES[choice or "Our progress"](snapshot)
