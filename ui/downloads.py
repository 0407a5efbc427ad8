"""The download buttons of a list page: the rows shown, as CSV and as a working Excel file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from metrics.render.downloads import csv_download, excel_download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_buttons(records: Sequence[Mapping[str, Any]], headers: Mapping[str, str], *, stem: str, sheet: str) -> None:
    """The files are made when a button is clicked, not on every run of the page: the Excel file
    alone took 0.3 s a run, paid by every reader whether they download or not."""
    row = st.container(horizontal=True)
    row.download_button("Download CSV", lambda: csv_download(records, headers), file_name=f"{stem}.csv", mime="text/csv", on_click="ignore")
    row.download_button("Download Excel", lambda: excel_download(records, headers, sheet=sheet), file_name=f"{stem}.xlsx", mime=XLSX, on_click="ignore")
    st.caption("The downloads hold the rows shown, with the filters applied: one fact per column.")
