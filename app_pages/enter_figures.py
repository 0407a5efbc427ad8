"""Enter figures (editors): a figure, an action update, or a CSV/Excel file of them, written to the
database with who, when and why; nothing is written when a rule is broken."""

import streamlit as st

from ui import editor
from ui.state import current_view

view = current_view()
store = editor.page_store(view)
st.title("Enter figures")
st.write("Each change is checked by the same rules as `python -m metrics check` and kept with who made it and when; nothing is overwritten (a correction supersedes the figure it corrects, which stays in the history).")
by = editor.who(editor.current_gate())
figure, update, upload = st.tabs(["Observation", "Action update", "Upload a file"])
with figure:
    editor.observation_form(view, store, by)
with update:
    editor.update_form(view, store, by)
with upload:
    editor.upload_section(view, store, by)
