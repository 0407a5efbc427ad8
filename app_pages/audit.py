"""Audit trail (admins): every change to the figures and action updates, who made it, when (UTC)
and why, filtered and downloadable."""

import streamlit as st

from metrics.views.audit import (
    AUDIT_HEADERS,
    AUDIT_SHOWN,
    PEOPLE_FROM,
    audit_rows,
    date_range,
    shown_sentence,
)
from ui import editor
from ui.components import table
from ui.state import current_view

view = current_view()
store = editor.page_store(view)
st.title("Audit trail")
st.write("Every change ever written: figures and updates added, imported, corrected or retracted. Nothing is deleted; a correction is a new entry that supersedes the old one.")

left, middle, right = st.columns(3)
people = sorted({e.by for e in store.history(limit=PEOPLE_FROM, newest_first=True)})
by = left.selectbox("Who", people, index=None, placeholder="Anyone (or type an address)", accept_new_options=True)
subjects = {**{m.id: f"{m.id} — {m.title}" for m in view.plan.measures}, **{a.id: f"{a.id} — {a.title}" for a in view.plan.actions}}
subject = middle.selectbox("Metric or action", list(subjects), index=None, placeholder="Any", format_func=lambda s: subjects.get(s, s))
since, until = date_range(right.date_input("Recorded between (UTC)", value=(), format="YYYY-MM-DD"))
filters = {"by": by or None, "subject": subject, "since": since, "until": until}
newest = store.history(**filters, newest_first=True, limit=AUDIT_SHOWN + 1)
st.write(shown_sentence(min(len(newest), AUDIT_SHOWN), more=len(newest) > AUDIT_SHOWN, total=store.count(), filtered=any(filters.values())))
table(
    list(AUDIT_HEADERS.values()), [["" if row[k] is None else row[k] for k in AUDIT_HEADERS] for row in audit_rows(newest[:AUDIT_SHOWN])],
    caption="Changes, newest first: who, when (UTC), what and why",
)
editor.download_buttons_of(lambda: audit_rows(store.history(**filters, newest_first=True)), AUDIT_HEADERS, stem="audit-trail", sheet="Audit trail")
