"""The router: settings -> which pages this site has -> st.navigation -> run.

Internal site: board overview, KPI detail, off track, actions, data & sources, public preview.
Public site (--public): only the public pages are registered, so an internal URL is not found.
"""

import streamlit as st

from metrics.domain.window import as_of_window
from ui import auth, state
from ui.components import page_style, problem_list
from ui.pickers import as_of_picker, presenting

config = state.settings()
st.set_page_config(
    page_title="SEND partnership progress" if config.public else "SEND partnership dashboard",
    layout="wide",
    initial_sidebar_state="collapsed" if presenting() else "auto",
)
page_style()
gate = auth.require_entry(config)  # the internal site's door: nothing below runs for a visitor left outside
st.session_state["_gate"] = gate

if config.public:
    pages = [
        st.Page("app_pages/public_progress.py", title="Our progress", url_path="progress", default=True),
        st.Page("app_pages/public_kpi.py", title="Measure details", url_path="kpi", visibility="hidden"),
        st.Page("app_pages/public_actions.py", title="What we are doing", url_path="actions"),
        st.Page("app_pages/public_about.py", title="About this data", url_path="about"),
    ]
    view = state.public_view(config, config.as_of or state.today())
    if view is None:
        st.title("SEND partnership progress")
        st.warning("The figures are being updated. Please try again later.")
        st.stop()
else:
    pages = [
        st.Page("app_pages/overview.py", title="Board overview", url_path="overview", default=True),
        st.Page("app_pages/kpi.py", title="KPI detail", url_path="kpi"),
        st.Page("app_pages/off_track.py", title="Off track", url_path="off-track"),
        st.Page("app_pages/actions.py", title="Actions", url_path="actions"),
        st.Page("app_pages/data_sources.py", title="Data & sources", url_path="data"),
        st.Page("app_pages/reports.py", title="Reports", url_path="reports"),
        st.Page("app_pages/public_preview.py", title="Preview public view", url_path="public-preview"),
    ]
    if config.db and auth.may_edit(gate):  # editors and admins, when the figures are kept in a database
        pages.append(st.Page("app_pages/enter_figures.py", title="Enter figures", url_path="enter-figures"))
    if config.db and auth.may_audit(gate):
        pages.append(st.Page("app_pages/audit.py", title="Audit trail", url_path="audit"))
    loaded = state.load_internal(config)
    if not loaded.ok:
        st.title("SEND partnership dashboard")
        problem_list(loaded.problems)
        st.stop()
    view = state.internal_view(config, as_of_picker(config, as_of_window(loaded.plan, loaded.dataset)))

st.session_state["_view"] = view
navigation = st.navigation(pages, position="hidden" if presenting() or config.public else "sidebar")  # the public pages draw their own labelled menu
navigation.run()
