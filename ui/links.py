"""Links between pages keep the chosen as-of date, so following a KPI from a board paper's view
of 31 Mar 2024 opens that KPI as it stood then, not today."""

from __future__ import annotations

import re
import urllib.parse

import streamlit as st


def chosen_as_of() -> str | None:
    """The as-of date in this page's link, when one was chosen (None: today)."""
    raw = st.query_params.get("as_of")
    if not isinstance(raw, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        return None  # only a date is carried on; anything else was refused by the picker already
    return raw.strip()


def page_href(path: str, **query: str) -> str:
    """'kpi?metric=wait&as_of=2024-03-31': the page, its query, and the chosen as-of date."""
    params = dict(query)
    as_of = chosen_as_of()
    if as_of and "as_of" not in params:
        params["as_of"] = as_of
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


def kpi_href(metric_id: str) -> str:
    return page_href("kpi", metric=metric_id)
