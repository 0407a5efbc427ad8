"""Controls shared by the internal pages: the as-of date, and projector mode."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from metrics.domain.load import parse_as_of
from metrics.domain.window import Window, clamp
from ui.components import md
from ui.settings import Settings
from ui.state import today

# Only when the plan has no date at all (context measures without figures): the widget's range.
_NO_WINDOW = Window(dt.date(1900, 1, 1), dt.date(2199, 12, 31))


def presenting() -> bool:
    return st.query_params.get("present") == "1"


def starting_date(config: Settings, window: Window | None) -> tuple[dt.date, str | None]:
    """--as-of (or today) kept inside the plan's window, and what to say when it was moved."""
    if config.as_of is not None:
        start, moved = clamp(config.as_of, window)
        return start, f"Setting --as-of: {moved}" if moved else None
    start, moved = clamp(today(), window)
    return start, f"Today's date: {moved}" if moved else None


def as_of_picker(config: Settings, window: Window | None) -> dt.date:
    """"What did the board see last March?": every internal page can be judged at an earlier date.

    The date lives in the URL (?as_of=YYYY-MM-DD) so a board paper can cite the view it saw. Any
    date (the setting, the link, the picker) stays inside the plan's window (metrics.domain.window);
    a date outside it is replaced by the nearest date inside, and the page says so.
    """
    default, moved = starting_date(config, window)
    if moved:  # the server's setting: said on every page, every time
        st.warning(md(moved))
    if "as_of_input" not in st.session_state:
        st.session_state["as_of_input"] = default
        raw = st.query_params.get("as_of")
        if raw is not None:
            try:
                linked, outside = clamp(parse_as_of(raw), window)
            except ValueError as exc:
                st.session_state["as_of_warning"] = f"Link parameter as_of: {exc}. Showing {default.isoformat()} instead."
            else:
                st.session_state["as_of_input"] = linked
                if outside:
                    st.session_state["as_of_warning"] = f"Link parameter as_of: {outside}"
    else:  # the plan's window may have changed since the date was chosen
        kept = clamp(st.session_state["as_of_input"], window)[0]
        if kept != st.session_state["as_of_input"]:
            st.session_state["as_of_input"] = kept
    if st.session_state.get("as_of_warning"):  # a link's date: said once
        st.warning(md(st.session_state.pop("as_of_warning")))
    if presenting():
        return st.session_state["as_of_input"]
    bounds = window or _NO_WINDOW
    covers = f" This plan covers {window.first.isoformat()} to {window.last.isoformat()}." if window else ""
    chosen = st.sidebar.date_input(
        "Show the plan as it stood on",
        key="as_of_input",
        min_value=bounds.first,
        max_value=bounds.last,
        format="YYYY-MM-DD",
        help=md(f"Statuses are worked out from the data dated on or before this day.{covers}"),
    )
    if chosen != default:
        st.query_params["as_of"] = chosen.isoformat()
    elif "as_of" in st.query_params:
        del st.query_params["as_of"]
    return chosen
