"""The editor's forms: a figure, an action update, an upload of a CSV or Excel file, each written
through the store (metrics/store), which checks it by the same rules as `check` and keeps who,
when and why. A refused save writes nothing and shows each problem beside its field.

Who made a change is the signed-in email; without sign-in (this computer only) the editor types
their name or email once, and it is kept for the session.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from metrics.domain.access import Entry as GateEntry
from metrics.domain.access import Gate
from metrics.domain.status import Status
from metrics.render.downloads import csv_download, excel_download
from metrics.store import (
    ImportPreview,
    Store,
    StoreError,
    describe,
    read_upload,
)
from metrics.views.audit import problems_by_field
from ui.components import md
from ui.downloads import XLSX
from ui.state import View, store_for, today

WHO_KEY = "_editor_who"
# The fields each form shows a problem beside ("by": the name typed without sign-in); any other problem goes above.
OBSERVATION_FIELDS = ("metric_id", "date", "value", "n", "source", "note", "illustrative", "by")
UPDATE_FIELDS = ("action_id", "date", "status", "narrative", "public_narrative", "illustrative", "by")


def page_store(view: View) -> Store:
    """The database of this server, for a page; when it cannot be opened, the page says why and stops."""
    try:
        return store_for(str(view.settings.db))
    except StoreError as exc:
        st.error(md("The database cannot be opened, so nothing can be entered or listed: " + "; ".join(describe(p) for p in exc.problems)))
        st.stop()
        raise


def current_gate() -> Gate:
    gate = st.session_state.get("_gate")
    if gate is None:
        raise RuntimeError("pages run through app.py, which decides who may enter")
    return gate


def who(gate: Gate) -> Callable[[], str]:
    """Who is making changes: the signed-in email; without sign-in, the name typed here (kept for the
    session). Returned as a function, read when a save is clicked, so the name typed last counts."""
    if gate.entry is GateEntry.ENTER and gate.email:
        email = gate.email
        st.caption(md(f"Changes are recorded as made by {email}."))
        return lambda: email
    st.text_input(
        "Your name or email address", key=WHO_KEY,
        help="Sign-in is not set up on this computer, so say who you are: it is kept with every change you make.",
    )  # fmt: skip
    for key in ("_observation_outcome", "_update_outcome"):
        _beside(_outcome(key)[0], "by")
    return lambda: str(st.session_state.get(WHO_KEY, "")).strip()


def _beside(problems: Mapping[str, list[str]], field: str) -> None:
    for message in problems.get(field, ()):
        st.error(md(message), icon=":material/error:")


def _outcome(key: str) -> tuple[dict[str, list[str]], list[str], str | None]:
    return st.session_state.get(key, ({}, [], None))


def _save(key: str, fields: tuple[str, ...], write: Callable[[], Any], saved: Callable[[Any], str]) -> None:
    """Run ``write``; keep its problems (by field) or its success message for the run that follows."""
    try:
        result = write()
    except StoreError as exc:
        beside, rest = problems_by_field(exc.problems, fields)
        st.session_state[key] = (beside, rest, None)
        return
    st.session_state[key] = ({}, [], saved(result))


def _show_outcome(key: str) -> dict[str, list[str]]:
    beside, rest, done = _outcome(key)
    if done:
        st.success(md(done), icon=":material/check_circle:")
    if beside or rest:
        st.error("Nothing was saved. Put right what is marked below and save again.")
    for line in rest:
        st.error(md(line))
    return beside


def observation_form(view: View, store: Store, by: Callable[[], str]) -> None:
    """Add a figure: metric, date, value, n, source, note, illustrative."""
    key = "_observation_outcome"
    measures = [m for m in view.plan.measures if not m.observations_from]
    titles = {m.id: f"{m.id} — {m.title}" for m in measures}
    beside = _show_outcome(key)
    with st.form("observation", border=True):
        st.subheader("Add an observation")
        st.selectbox("Metric", list(titles), format_func=titles.__getitem__, key="obs_metric")
        _beside(beside, "metric_id")
        st.date_input("Date of the figure", value=today(), key="obs_date", format="YYYY-MM-DD")
        _beside(beside, "date")
        st.text_input("Value", key="obs_value", help="A number, as the source gives it (a percentage as 52.5, not 0.525).")
        _beside(beside, "value")
        st.text_input("n (optional)", key="obs_n", help="How many children or cases the figure is about, when the source says.")
        _beside(beside, "n")
        st.text_input("Source", key="obs_source", help="Where the figure comes from: the report, the system, the publication.")
        _beside(beside, "source")
        st.text_area("Note (optional)", key="obs_note", height=80)
        _beside(beside, "note")
        st.checkbox("Illustrative (not a published or verified figure)", key="obs_illustrative")
        _beside(beside, "illustrative")

        def write() -> Any:
            s = st.session_state
            return store.add_observation(
                s["obs_metric"], s["obs_date"], s["obs_value"], by=by(), n=s["obs_n"].strip() or None,
                source=s["obs_source"], note=s["obs_note"], illustrative=s["obs_illustrative"], plan=view.plan,
            )  # fmt: skip

        st.form_submit_button(
            "Save the observation", type="primary",
            on_click=_save, args=(key, OBSERVATION_FIELDS, write, lambda e: f"Saved: {e.subject} on {e.date.isoformat()} is {st.session_state['obs_value'].strip()} (entry {e.id}, by {e.recorded_by})."),
        )  # fmt: skip


def update_form(view: View, store: Store, by: Callable[[], str]) -> None:
    """Add an action update: action, date, status, narrative, public narrative, illustrative."""
    key = "_update_outcome"
    titles = {a.id: f"{a.id} — {a.title}" for a in view.plan.actions}
    beside = _show_outcome(key)
    with st.form("update", border=True):
        st.subheader("Add an action update")
        st.selectbox("Action", list(titles), format_func=titles.__getitem__, key="upd_action")
        _beside(beside, "action_id")
        st.date_input("Date of the update", value=today(), key="upd_date", format="YYYY-MM-DD")
        _beside(beside, "date")
        st.selectbox("Status", [s.value for s in Status], key="upd_status", format_func=lambda v: f"{v}: {view.audience.action_words[Status(v)].meaning}")
        _beside(beside, "status")
        st.text_area("Narrative (for the board)", key="upd_narrative", height=100)
        _beside(beside, "narrative")
        st.text_area("Public narrative (optional: shown on the public site, in plain words)", key="upd_public", height=80)
        _beside(beside, "public_narrative")
        st.checkbox("Illustrative (not a verified update)", key="upd_illustrative")
        _beside(beside, "illustrative")

        def write() -> Any:
            s = st.session_state
            return store.add_update(
                s["upd_action"], s["upd_date"], s["upd_status"], s["upd_narrative"], by=by(),
                public_narrative=s["upd_public"], illustrative=s["upd_illustrative"], plan=view.plan,
            )  # fmt: skip

        st.form_submit_button(
            "Save the update", type="primary",
            on_click=_save, args=(key, UPDATE_FIELDS, write, lambda e: f"Saved: {e.subject} on {e.date.isoformat()} is {e.status} (entry {e.id}, by {e.recorded_by})."),
        )  # fmt: skip


# -- upload ----------------------------------------------------------------------------------

_PREVIEW_COLUMNS = {
    "kind": "Kind", "subject": "Metric or action", "date": "Date", "value": "Value", "n": "n", "source": "Source",
    "status": "Status", "narrative": "Narrative", "illustrative": "Illustrative", "origin": "From",
}  # fmt: skip


def preview_table(frame: pd.DataFrame, *, changed: bool) -> pd.DataFrame:
    """The rows of a preview as a reader wants them: the columns that say something, old beside new."""
    columns = [c for c in _PREVIEW_COLUMNS if c in frame.columns and (c in ("kind", "subject", "date", "origin") or frame[c].notna().any() and (frame[c].astype(str) != "").any())]
    shown = frame[columns].rename(columns=_PREVIEW_COLUMNS)
    if changed:
        for name in ("value", "n", "status", "narrative", "source"):
            old = f"old_{name}"
            if name in columns and old in frame.columns:
                shown.insert(shown.columns.get_loc(_PREVIEW_COLUMNS[name]), f"{_PREVIEW_COLUMNS[name]} before", frame[old].values)
    return shown


def upload_section(view: View, store: Store, by: Callable[[], str]) -> None:
    """Upload a file, see what it would change and every problem, then confirm; nothing is written before."""
    st.subheader("Upload a CSV or Excel file")
    st.caption("The same columns as the data folder's files (docs/data-format.md); in Excel a date cell is a date, and 31/03/2025 is read as 31 March.")
    generation = st.session_state.setdefault("_upload_generation", 0)  # a new uploader, empty, after each import
    upload = st.file_uploader("Observations or action updates (.csv or .xlsx)", type=["csv", "xlsx"], key=f"upload_file_{generation}")
    done = st.session_state.pop("_upload_done", None)
    if done:
        st.success(md(done), icon=":material/check_circle:")
    if upload is None:
        return
    content = upload.getvalue()
    dataset, problems = read_upload(content, upload.name, view.plan)
    preview: ImportPreview | None = None
    if dataset is not None:
        preview = store.preview_import(dataset, plan=view.plan)
        problems = list(preview.problems)
    if problems:
        count = len(problems)
        st.error(md(f"{count} problem{'s' if count != 1 else ''} in {upload.name}: nothing has been written. Put {'them' if count != 1 else 'it'} right and upload the file again."))
        st.code("\n".join(describe(p) for p in problems), language=None, wrap_lines=True)
        return
    assert preview is not None
    st.info(md(preview.summary()))
    if not preview.added.empty:
        st.write("To add:")
        st.dataframe(preview_table(preview.added, changed=False), hide_index=True)
    if not preview.changed.empty:
        st.write("To change (the figure held now is kept in the history, and this one supersedes it):")
        st.dataframe(preview_table(preview.changed, changed=True), hide_index=True)
    if preview.added.empty and preview.changed.empty:
        return
    reason = st.text_input("Why (optional for new figures; kept with every change)", key="upload_reason")

    def confirm() -> None:
        try:
            result = store.import_dir(dataset, by=by(), reason=reason, plan=view.plan)
        except StoreError as exc:
            st.session_state["_upload_refused"] = [describe(p) for p in exc.problems]
            return
        st.session_state["_upload_done"] = result.summary()
        st.session_state["_upload_generation"] = generation + 1

    refused = st.session_state.pop("_upload_refused", None)
    if refused:
        st.error(md("Nothing was written: " + "; ".join(refused)))
    st.button("Write these changes", type="primary", on_click=confirm, key="upload_confirm")


def download_buttons_of(records: Callable[[], list[dict]], headers: Mapping[str, str], *, stem: str, sheet: str) -> None:
    """CSV and Excel downloads whose rows are read only when a button is clicked (a whole audit trail
    of 120,000 changes takes seconds to read: no one waits for it who does not download it)."""
    row = st.container(horizontal=True)
    row.download_button("Download CSV", lambda: csv_download(records(), headers), file_name=f"{stem}.csv", mime="text/csv", on_click="ignore")
    row.download_button("Download Excel", lambda: excel_download(records(), headers, sheet=sheet), file_name=f"{stem}.xlsx", mime=XLSX, on_click="ignore")
    st.caption("The downloads hold every change that matches the filters, one fact per column.")
