"""Controls shared by the internal pages: the as-of date, and projector mode."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from metrics.domain.load import parse_as_of
from ui.settings import Settings
from ui.state import today


def presenting() -> bool:
    return st.query_params.get("present") == "1"


def as_of_picker(config: Settings) -> dt.date:
    """"What did the board see last March?": every internal page can be judged at an earlier date.

    The date lives in the URL (?as_of=YYYY-MM-DD) so a board paper can cite the view it saw.
    """
    default = config.as_of or today()
    if "as_of_input" not in st.session_state:
        st.session_state["as_of_input"] = default
        raw = st.query_params.get("as_of")
        if raw is not None:
            try:
                st.session_state["as_of_input"] = parse_as_of(raw)
            except ValueError as exc:
                st.session_state["as_of_warning"] = f"Link parameter as_of: {exc}. Showing {default.isoformat()} instead."
    if st.session_state.get("as_of_warning"):
        st.warning(st.session_state.pop("as_of_warning"))
    if presenting():
        return st.session_state["as_of_input"]
    chosen = st.sidebar.date_input(
        "Show the plan as it stood on",
        key="as_of_input",
        min_value=dt.date(2000, 1, 1),
        max_value=dt.date(2100, 12, 31),
        format="YYYY-MM-DD",
        help="Statuses are worked out from the data dated on or before this day.",
    )
    if chosen != default:
        st.query_params["as_of"] = chosen.isoformat()
    elif "as_of" in st.query_params:
        del st.query_params["as_of"]
    return chosen
