"""The data & sources page, through app.py, on the small fixture plan."""

from __future__ import annotations

from test_page_off_track import table_rows

from metrics.domain.plan import load_plan
from metrics.views.sources import GLOSSARY
from tests.conftest import SMALL, page_text
from tests.helpers import ROOT

PAGE = "app_pages/data_sources.py"


def open_page(make_app, *args):
    at = make_app("--as-of", "2025-08-01", *args).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_check_line_is_the_cli_line(make_app):
    at = open_page(make_app)
    assert at.title[0].value == "Data & sources"
    targets, data = SMALL / "targets.yaml", SMALL / "data"
    codes = [c.value for c in at.code]
    assert codes[0] == f"python -m metrics check --targets {targets} --data {data}"
    assert codes[1] == (
        f"OK: {targets} and {data} (2 CSV files): 2 areas, 5 metrics, 3 actions, 7 observations, 4 action updates; no problems."
    )
    assert f"Files read: {data}/observations.csv, {data}/updates.csv" in page_text(at)


def test_freshness_table(make_app):
    at = open_page(make_app)
    assert "Data is overdue for 3 of 5 KPIs." in page_text(at)
    assert table_rows(at, "Each KPI") == [
        ["Longest wait for an autism assessment", "30 Sep 2023", "14 Nov 2023", "Yes", "monthly", "test fixture"],
        ["Zanzibar internal caseload", "31 Jan 2024", "16 Mar 2024", "Yes", "monthly", "test fixture"],
        ["Metric without data", "–", "1 Jul 2025", "Yes", "annual", "test fixture"],
        ["Children placed out of area", "31 Mar 2025", "14 Aug 2025", "No", "quarterly", "test fixture"],
        ["Parent carers confident schools understand needs", "31 Jul 2025", "29 Jan 2026", "No", "termly", "test fixture"],
    ]


def test_freshness_follows_the_as_of_date(make_app):
    at = make_app("--as-of", "2024-01-01").run()
    at.switch_page(PAGE).run()
    rows = {r[0]: r for r in table_rows(at, "Each KPI")}
    assert rows["Parent carers confident schools understand needs"][1:4] == ["–", "2 Jul 2022", "Yes"]
    assert rows["Zanzibar internal caseload"][1:4] == ["–", "15 Feb 2022", "Yes"]


def test_source_documents_and_glossary(make_app):
    at = open_page(make_app)
    assert [h.value for h in at.header] == ["Check", "How fresh the data is", "Source documents", "Glossary"]
    assert "The plan lists no source documents" in page_text(at)  # the test plan names none: none shown, none invented
    sample = make_app("--as-of", "2025-08-01", targets=ROOT / "targets.yaml", data=ROOT / "sample_data").run()
    sample.switch_page(PAGE).run()
    assert not sample.exception
    documents = table_rows(sample, "The public documents")
    plan = load_plan(ROOT / "targets.yaml", "targets.yaml")[0]
    assert [r[0] for r in documents] == [d.file for d in plan.documents] and len(documents) == 5
    assert documents[1][1:3] == ["Written Statement of Action, January 2022", "Written Statement of Action (WSoA), January 2022 – June 2023"]
    glossary = {term: meaning for term, meaning in table_rows(at, "Abbreviations")}
    assert len(glossary) == len(GLOSSARY)
    assert glossary["SEND"] == "Special educational needs and disabilities"
    assert glossary["EHCP / EHC plan"].startswith("Education, Health and Care plan")
    for term in ("SRP", "WSoA", "BRAG", "KPI", "ICB", "SENCO", "CQC", "Ofsted", "DfE", "NHSE", "LA", "PCF", "SPC"):
        assert term in glossary, term
