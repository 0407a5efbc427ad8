"""Data & sources: the check result, how fresh each KPI's data is, the source documents, the glossary."""

import streamlit as st

from metrics.views.formatting import format_date
from metrics.views.sources import (
    GLOSSARY,
    check_command,
    check_line,
    freshness,
    overdue_sentence,
)
from ui.components import as_of_banner, esc, table
from ui.state import current_view

view = current_view()
targets, data = str(view.settings.targets), str(view.settings.data)
st.title("Data & sources")
as_of_banner(view.as_of, view.audience)

st.header("Check")
st.write("The plan and the data were read and checked, as this command does:")
st.code(check_command(targets, data), language=None, wrap_lines=True)
st.code(check_line(view.plan, view.dataset, targets, data), language=None, wrap_lines=True)
st.html(f'<p class="area-actions">Files read: {esc(", ".join(view.dataset.files))}</p>')

st.header("How fresh the data is")
rows = freshness(view.status)
st.write(overdue_sentence(rows))
table(
    ["Metric", "Latest observation", "Next data due by", "Overdue", "Frequency", "Source"],
    [(r.title, format_date(r.latest_date), format_date(r.due_by), "Yes" if r.overdue else "No", r.frequency, r.source) for r in rows],
    caption=f"Each KPI's latest observation on or before {format_date(view.as_of)}; data is overdue 1.5 reporting periods after the last observation",
)

st.header("Source documents")
if view.plan.documents:
    table(
        ["File", "Title", "What it is", "What it gives the dashboard"],
        [(d.file, d.title, d.what or "", d.gives or "") for d in view.plan.documents],
        caption="The public documents the plan and the figures come from (the plan's documents)",
    )
else:
    st.write("The plan lists no source documents: add them under `documents:` in the plan (see docs/targets.md, Document), so that sources show by title.")

st.header("Glossary")
table(["Term", "Meaning"], GLOSSARY, caption="Abbreviations used in the plan and the documents")
