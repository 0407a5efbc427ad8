"""Reports: the board's progress and exception reports, to download as HTML or PDF."""

import datetime as dt

import streamlit as st

from metrics.render.pdf import pdf_unavailable_reason
from metrics.render.report_html import render_html
from metrics.views.audience import internal_audience, public_audience
from metrics.views.report import build_report, default_since, file_name
from ui.components import as_of_banner, md
from ui.state import current_view, report_pdfs

KINDS = {"progress": "Progress report: the whole plan, area by area", "exception": "Exception report: only what needs the board's attention"}

view = current_view()
st.title("Reports")
as_of_banner(view.as_of, view.audience)
st.caption("One self-contained file to send to the board or print on A4. The report is of the plan at the date in the sidebar.")
kind = st.radio("Which report", list(KINDS), format_func=KINDS.get)
since = st.date_input("Compare with the plan as it stood on", value=default_since(view.as_of), max_value=view.as_of - dt.timedelta(days=1), format="YYYY-MM-DD", help="Each KPI's status then and now; the exception report lists every change since. Default: a quarter earlier.")
public = st.checkbox("Public version (only what families may see: public items, no small numbers)")
key = (kind, since, public, view.as_of)
if st.button("Prepare report", type="primary"):
    with st.spinner("Preparing the report…"):
        audience = public_audience(view.plan.defaults) if public else internal_audience(view.plan.defaults)
        report = build_report(view.plan, view.dataset, view.as_of, kind=kind, since=since, audience=audience, statistics=view.statistics)
        html = render_html(report)
        st.session_state["_reports_prepared"] = (key, report.title, html, file_name(report, "html"), file_name(report, "pdf"))
        if pdf_unavailable_reason() is None:
            report_pdfs.start(html)  # made while the reader reads "Ready"
prepared = st.session_state.get("_reports_prepared")
if prepared and prepared[0] == key:
    _, title, html, html_name, pdf_name = prepared
    st.success(md(f"Ready: {title}"))
    problem = pdf_unavailable_reason()
    left, right = st.columns(2)
    left.download_button("Download HTML", html, file_name=html_name, mime="text/html", on_click="ignore", icon=":material/download:")
    right.download_button("Download PDF", lambda: report_pdfs.pdf(html), file_name=pdf_name, mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:", disabled=bool(problem), help="A tagged PDF with page numbers. It is begun when the report is prepared and takes several seconds to make; the same report again is at once.")
    if problem:
        st.warning(md(f"The PDF cannot be made on this server. {problem}"))
else:
    st.info("Choose the report, then press **Prepare report**; the download buttons appear here.")
