"""Actions: the action plan with each action's BRAG status, due date and latest update."""

import streamlit as st

from metrics.views.action_plan import (
    ACTION_HEADERS,
    OVERDUE_CHOICES,
    OVERDUE_LABELS,
    action_records,
    action_rows,
    action_status_by_id,
    area_choices,
    filter_actions,
    history_rows,
    status_choices,
    summary_sentence,
)
from metrics.views.formatting import format_date
from metrics.views.offtrack import reference_for
from metrics.views.wording import action_reason
from ui.components import as_of_banner, badge, esc, table
from ui.downloads import download_buttons
from ui.state import current_view

view = current_view()
st.title("Actions")
as_of_banner(view.as_of, view.audience)
words = view.audience.action_words
rows = action_rows(view.status, view.audience)
if not rows:
    st.info("The plan has no actions.")
    st.stop()

areas_offered = area_choices(view.status)
titles = dict(areas_offered)
left, middle, right = st.columns([2, 2, 1])
areas = left.multiselect("Area", list(titles), default=list(titles), format_func=titles.get, wrap=True)
statuses = middle.multiselect("Status", status_choices(), default=status_choices(), format_func=view.audience.action_label, wrap=True)
overdue = right.radio("Overdue", OVERDUE_CHOICES, format_func=OVERDUE_LABELS.get)
shown = filter_actions(rows, areas, statuses, overdue)
st.write(summary_sentence(shown, len(rows), view.audience))
if shown:
    table(
        ["Status", "Ref.", "Action", "Area", "Lead", "Due", "Overdue", "Latest update", "Latest narrative"],
        [
            (
                badge(r.status, words), reference_for(r.id), r.title, r.area_title, r.lead, format_date(r.due), "Yes" if r.overdue else "No",
                format_date(r.latest_date) + (" (update overdue)" if r.update_overdue else ""),
                ("Illustrative update: " if r.illustrative else "") + r.narrative,
            )
            for r in shown
        ],
        caption="The action plan",
        raw_columns=(0,),
    )

    download_buttons(action_records(view.status, view.audience, ids={r.id for r in shown}), ACTION_HEADERS, stem=f"actions-{view.as_of.isoformat()}", sheet="Actions")

    st.header("History of an action")
    names = {r.id: f"{r.title} ({r.id})" for r in shown}
    chosen = st.selectbox("Action", list(names), format_func=names.get)
    status = action_status_by_id(view.status, chosen)
    st.html(f'<p class="area-actions">{esc(action_reason(status, view.audience))} Due {esc(format_date(status.action.due))}; lead: {esc(status.action.lead)}.</p>')
    updates = history_rows(status)
    if updates:
        table(
            ["Date", "Status", "Narrative", "Public narrative", "Illustrative"],
            [(format_date(u.date), badge(u.status, words), u.narrative, u.public_narrative, "Yes: made up for the demonstration" if u.illustrative else "No") for u in updates],
            caption=f"Updates to {names[chosen]}, newest first",
            raw_columns=(1,),
        )
    else:
        st.info("No updates yet for this action.")
