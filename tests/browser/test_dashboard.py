"""The internal dashboard in a real browser: every page draws, with no error and no axe violation."""

from __future__ import annotations

import pytest

from tests.browser.helpers import (
    REPO_ROOT,
    assert_no_exception,
    format_violations,
    open_app,
    page_text,
    run_axe,
    screenshot,
    wait_for_app,
)

SMALL = REPO_ROOT / "tests" / "fixtures" / "small"
SMALL_ARGS = ["--targets", str(SMALL / "targets.yaml"), "--data", str(SMALL / "data"), "--as-of", "2025-08-01"]

PAGES = [
    ("overview", "/", "Test partnership plan"),
    ("kpi", "/kpi?metric=longest_wait", "Longest wait for an autism assessment"),
    ("off-track", "/off-track", "Off track"),
    ("actions", "/actions", "Actions"),
    ("data", "/data", "Data & sources"),
    ("reports", "/reports", "Prepare report"),
    ("public-preview", "/public-preview", "Preview"),
]


@pytest.fixture(scope="module")
def small_server():
    from tests.browser.helpers import start_server

    with start_server(SMALL_ARGS) as srv:
        yield srv


def test_deep_link_into_a_fresh_server_runs_through_app_py(fresh_server, page):
    """A KPI link cited in a board paper, opened as the server's very first request."""
    srv = fresh_server(SMALL_ARGS)
    open_app(page, srv.url("kpi", metric="longest_wait"))
    assert_no_exception(page)
    text = page_text(page)
    assert "Longest wait for an autism assessment" in text
    assert "Page not found" not in text
    # the navigation app.py registers is there, so the page did not bypass the router
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert nav.count() == 1 and "Board overview" in nav.inner_text()


@pytest.mark.parametrize("name,path,expected", PAGES, ids=[p[0] for p in PAGES])
def test_internal_page_draws_without_errors_or_axe_violations(small_server, page, name, path, expected):
    open_app(page, small_server.base_url + path)
    assert_no_exception(page)
    assert expected in page_text(page)
    screenshot(page, f"internal-{name}")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


SMALLEST_TEXT = """() => {
    // the smallest font size of any visible text on the slide (charts' SVG text included)
    const sizes = [];
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    for (const el of main.querySelectorAll('p, li, td, th, h1, h2, h3, span, caption, text, button')) {
        const rect = el.getBoundingClientRect();
        if (!rect.width || !rect.height || !(el.textContent || '').trim()) continue;
        if (el.closest('iframe') || el.closest('[data-testid="stDateInput"]')) continue;
        sizes.push(parseFloat(getComputedStyle(el).fontSize));
    }
    return Math.min(...sizes);
}"""


CHART_IMAGES = """() => Array.from(document.querySelectorAll('img.present-chart')).map((img) => {
    // each slide chart is an SVG picture: drawn when the browser decoded it; its text size on the
    // screen is its font size in the picture's units times the picture's scale
    const svg = new DOMParser().parseFromString(atob(img.src.split(',')[1]), 'image/svg+xml').documentElement;
    const width = parseFloat(svg.getAttribute('viewBox').split(' ')[2]);
    const sizes = Array.from(svg.querySelectorAll('[font-size]')).map((el) => parseFloat(el.getAttribute('font-size')));
    return {
        drawn: img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().height > 100,
        lines: svg.querySelectorAll('path, polyline').length,
        smallest_text_px: Math.min(...sizes) * img.getBoundingClientRect().width / width,
        alt: img.alt,
    };
})"""


def _slide(page, server, number):
    open_app(page, server.url("/", present="1", slide=str(number)))
    assert_no_exception(page)
    return page_text(page)


def test_projector_title_slide(small_server, page_large):
    page = page_large
    text = _slide(page, small_server, 1)
    assert "Test partnership plan" in text and "Data as at 1 Aug 2025" in text and "slide 1 of 6" in text
    assert "Since 1 May 2025:" in text  # what changed since the previous quarter
    assert page.locator('[data-testid="stSidebar"]').count() == 0 or not page.locator('[data-testid="stSidebar"]').is_visible()
    for chrome in ('[data-testid="stToolbar"]', '[data-testid="stMainMenu"]', '[data-testid="stStatusWidget"]', '[data-testid="stAppDeployButton"]'):
        assert not page.locator(chrome).is_visible() if page.locator(chrome).count() else True, chrome
    assert page.evaluate(SMALLEST_TEXT) >= 24
    screenshot(page, "projector-title")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_projector_kpi_slide_has_charts_reasons_and_big_type(small_server, page_large):
    page = page_large
    text = _slide(page, small_server, 2)
    assert "Waiting times (area 1 of 2, part 1 of 2)" in text
    assert "Deadline passed: 22 weeks on 30 Sep 2023; the target was 13 weeks by 31 Mar 2024." in text  # the reason
    assert "deadline passed" in text and "Target 13 weeks by 31 Mar 2024" in text  # the meaning and the target
    charts = page.evaluate(CHART_IMAGES)
    assert len(charts) == 2, charts  # each KPI's trajectory, drawn
    assert "Chart of Longest wait for an autism assessment" in charts[0]["alt"]
    for chart in charts:
        assert chart["drawn"] and chart["lines"] >= 2, chart  # the plan and the values at least
        assert chart["smallest_text_px"] >= 24, chart  # its axis labels read from the back of the room
        assert chart["alt"].startswith("Chart of ") and "the target of" in chart["alt"], chart  # its text alternative
    sizes = page.evaluate(
        """() => ({
            value: parseFloat(getComputedStyle(document.querySelector('.present-value')).fontSize),
            body: parseFloat(getComputedStyle(document.querySelector('.present-reason')).fontSize),
        })"""
    )
    assert sizes["body"] >= 24 and sizes["value"] >= 3 * sizes["body"], sizes
    assert page.evaluate(SMALLEST_TEXT) >= 24
    screenshot(page, "projector-area-1")
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    page.keyboard.press("PageDown")  # what a presentation clicker sends
    page.wait_for_timeout(300)
    wait_for_app(page)
    assert "Waiting times (area 1 of 2, part 2 of 2)" in page_text(page)
    page.keyboard.press("PageUp")
    page.wait_for_timeout(300)
    wait_for_app(page)
    assert "Waiting times (area 1 of 2, part 1 of 2)" in page_text(page)


def test_projector_actions_slide(small_server, page_large):
    page = page_large
    text = _slide(page, small_server, 6)
    assert "Parent carer voice: actions (area 2 of 2)" in text
    assert "Train school staff" in text and "31 Dec 2023 (overdue)" in text
    assert "Overdue since 31 Dec 2023; last reported amber on 30 Jun 2023." in text
    assert page.evaluate(SMALLEST_TEXT) >= 24
    screenshot(page, "projector-actions")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_kpi_page_on_the_sample_data_with_its_spc_view(server, page):
    open_app(page, server.url("kpi", metric="autism_longest_wait"))
    assert_no_exception(page)
    screenshot(page, "sample-kpi-trajectory")
    page.get_by_text("SPC", exact=True).click()
    page.wait_for_timeout(300)
    wait_for_app(page)
    assert_no_exception(page)
    text = page_text(page)
    assert "Variation: Special cause improvement (low)" in text
    assert "Limits recalculated" in text
    screenshot(page, "sample-kpi-spc")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_overview_on_the_sample_data(server, page):
    open_app(page, server.url("/"))
    assert_no_exception(page)
    assert "Data as at" in page_text(page)
    screenshot(page, "sample-overview")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_kpi_page_draws_the_official_series_beside_england_and_similar_areas(server, page):
    """The real DfE timeliness series (2019-2024) on the KPI page: table, labelled lines, ranked chart."""
    open_app(page, server.url("kpi", metric="ehc_plans_within_20_weeks", as_of="2026-11-23"))
    assert_no_exception(page)
    text = page_text(page)
    # Warwickshire and England as published (DfE, EHC plans 2025 release, excluding exceptions)
    for period, ours, england in (("2019", "88.5%", "60.4%"), ("2020", "90%", "58%"), ("2021", "74.9%", "59.9%"), ("2022", "56.2%", "49.2%"), ("2023", "42.9%", "50.3%"), ("2024", "21.3%", "46.4%")):
        assert f"{period}\t{ours}\t{england}" in text or f"{period} {ours} {england}" in " ".join(text.split()), period
    assert "126th of 151" in text
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == 2  # the trajectory with its comparison lines, and the ranked chart
    trajectory = charts.nth(0)
    legend = trajectory.locator(".legendtext").all_text_contents()
    assert "England" in legend and "Similar areas (mean)" in legend
    assert {"England", "Similar areas (mean)"} <= set(trajectory.locator(".annotation-text").all_text_contents())
    ranked = charts.nth(1)
    assert ranked.locator(".point").count() >= 150  # a bar for every local authority with a figure
    assert "Warwickshire" in ranked.locator(".annotation-text").all_text_contents()
    screenshot(page, "sample-kpi-comparison")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_a_context_measure_page_draws_its_trend_without_a_status(server, page):
    open_app(page, server.url("kpi", metric="send_tribunal_appeal_rate", as_of="2026-11-23"))
    assert_no_exception(page)
    text = page_text(page)
    assert "Context measure: no target, so no BRAG status; never counted." in text
    assert not page.locator(".kpi-status .badge").count()  # no BRAG badge
    assert page.locator(".js-plotly-plot").count() == 2
    screenshot(page, "sample-context-measure")
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_overview_tiles_draw_their_trend_charts(server, page):
    """The trend on each tile is drawn by the browser (an inline <svg> would be removed by st.html)."""
    open_app(page, server.url("/", as_of="2026-11-23"))
    assert_no_exception(page)
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('article.tile img.spark'))
                  .filter((img) => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 100).length"""
    )
    kpi_tiles = page.locator("article.tile:not(.tile-context)").count()
    assert kpi_tiles >= 27 and drawn >= kpi_tiles  # every KPI tile has its plan line at least; context tiles with values too
    alt = page.locator("article.tile img.spark").first.get_attribute("alt")
    assert "Dashed blue line: the plan" in alt


def test_reports_prepare_then_download_the_pdf(small_server, new_page):
    """"Download PDF" hands over the tagged PDF of the report prepared (begun in the background
    when the report was prepared), and the HTML beside it."""
    import re
    import zlib
    from pathlib import Path

    def _inflated(stream: bytes) -> bytes:
        try:
            return zlib.decompress(stream)
        except zlib.error:
            return b""

    page = new_page(accept_downloads=True)
    open_app(page, small_server.url("reports"))
    page.get_by_role("button", name="Prepare report").click()
    page.get_by_text("Ready: Progress report").wait_for(timeout=60_000)
    wait_for_app(page)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Download PDF").click()
    download = info.value
    assert download.suggested_filename == "progress-report-2025-08-01.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    objects = pdf + b"".join(_inflated(stream) for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S))
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects  # tagged
    assert len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", objects)) >= 3
    with page.expect_download() as info:
        page.get_by_role("button", name="Download HTML").click()
    assert "<title>Progress report: Test partnership plan</title>" in Path(info.value.path()).read_text(encoding="utf-8")


def test_off_track_excel_download_is_made_on_click_and_opens(small_server, new_page):
    """The files are made when the button is clicked (not on every page run): the browser still
    gets a working workbook with real dates and a filter."""
    import csv
    import datetime as dt
    import io
    from pathlib import Path

    from openpyxl import load_workbook

    page = new_page(accept_downloads=True)
    open_app(page, small_server.url("off-track"))
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Excel").click()
    download = info.value
    assert download.suggested_filename == "off-track-2025-08-01.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    header = [c.value for c in sheet[1]]
    assert "Title" in header and "Target date" in header
    assert isinstance(sheet.cell(2, header.index("Target date") + 1).value, dt.datetime)
    assert sheet.auto_filter.ref and sheet.freeze_panes == "A2"
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows and rows[0]["Title"] and "Target date" in rows[0]
