"""KPI detail (internal) and measure details (public), through app.py, on the small fixture plan.

A deep link /kpi?metric=<id> is reproduced in AppTest by running app.py once with the query
parameter (the router registers the pages), then switching to the page file: AppTest keeps the
query parameters, so the page reads them as it would from the URL.
"""

from __future__ import annotations

import datetime as dt
import json

from metrics.views.style import CHART
from tests.conftest import headings, page_text

SUMMARY = (
    "Longest wait for an autism assessment fell from 242 weeks in Jan 2022 to 22 weeks in Sep 2023; "
    "the plan was 87.5 weeks at that date; status Red: deadline passed."
)


def open_page(make_app, metric: str | None, *args: str, page: str = "app_pages/kpi.py"):
    at = make_app(*args, query={"metric": metric} if metric is not None else {}).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def figure(at) -> tuple[dict, str]:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    proto = charts[0].proto
    return json.loads(proto.spec), proto.alt


def traces(spec: dict) -> dict[str, dict]:
    return {t["name"]: t for t in spec["data"] if t.get("name")}


def test_kpi_page_shows_status_chart_summary_table_and_definition(make_app):
    at = open_page(make_app, "longest_wait", "--as-of", "2025-08-01")
    assert at.query_params["metric"] == "longest_wait"
    text = page_text(at)
    assert headings(at, 1)[0] == "Longest wait for an autism assessment"
    assert "Data as at 1 Aug 2025" in text
    assert "✖ Red Deadline passed 22 weeks on 30 Sep 2023" in text
    assert "Deadline passed: 22 weeks on 30 Sep 2023; the target was 13 weeks by 31 Mar 2024." in text
    assert "Changed since the previous value (30 Jun 2022): ✔ Green → ✖ Red." in text
    assert SUMMARY in text
    # the data table, newest first, each value with its source
    assert (
        "Date Value Published or illustrative n Source Note "
        "30 Sep 2023 22 weeks Published figure news release "
        "30 Jun 2022 200 weeks Illustrative (not a published figure) test"
    ) in text
    # the definition
    for line in (
        "Lead Autism pathway lead",
        "Frequency Monthly",
        "Unit weeks",
        "Direction Lower is better (aim: decrease)",
        "Source test fixture",
        "Baseline 242 weeks on 1 Jan 2022",
        "Milestones 125 weeks by 30 Jun 2023",
        "Target 13 weeks by 31 Mar 2024",
        "Tolerance Up to 22.9 weeks worse than the plan counts as Amber; more is Red",
        "Last updated 30 Sep 2023",
        "Data overdue Yes: the next data was due by 14 Nov 2023",
    ):
        assert line in text
    assert at.download_button[0].label == "Download the series (CSV)"


def test_kpi_chart_has_every_layer_and_alt_text(make_app):
    at = open_page(make_app, "longest_wait", "--as-of", "2025-08-01")
    spec, alt = figure(at)
    assert alt.startswith("Chart of Longest wait for an autism assessment, in weeks")
    named = traces(spec)
    assert set(named) == {
        "Published figure",
        "Illustrative (not a published figure)",
        "Plan (baseline, milestones, target)",
        "Baseline",
        "Milestone",
        "Target",
        "Amber tolerance: up to 22.9 weeks worse than plan",
        "Projection (current trend)",
    }
    published, illustrative = named["Published figure"], named["Illustrative (not a published figure)"]
    assert published["y"] == [22.0] and published["marker"]["symbol"] == "circle"
    assert illustrative["y"] == [200.0] and illustrative["marker"]["symbol"] == "diamond-open"
    assert published["text"] == ["22 weeks on 30 Sep 2023<br>Published figure<br>Source: news release"]
    assert named["Amber tolerance: up to 22.9 weeks worse than plan"]["fill"] == "tonexty"
    assert named["Projection (current trend)"]["line"]["dash"] == CHART.projection.dash.plotly == "2px,3px"  # dotted, as in the reports' SVG
    # our template: dark text, white background, big enough type
    layout = spec["layout"]
    assert layout["template"]["layout"]["font"]["color"] == "#0b0c0c"
    assert layout["template"]["layout"]["font"]["size"] >= 14
    assert layout["template"]["layout"]["plot_bgcolor"] == "#ffffff"
    assert any(a["text"] == "As at 1 Aug 2025" for a in layout["annotations"])


def test_survey_chart_has_error_bars(make_app):
    at = open_page(make_app, "confidence", "--as-of", "2025-08-01")
    spec, _ = figure(at)
    published = traces(spec)["Published figure with 95% interval bars"]
    assert published["error_y"]["array"][0] > 0 and published["error_y"]["arrayminus"][0] > 0
    assert "120 responses; 95% interval 46.1% to 63.6%" in published["text"][0]


def test_as_of_changes_the_points_shown(make_app):
    at = open_page(make_app, "longest_wait", "--as-of", "2025-08-01")
    at.sidebar.date_input[0].set_value(dt.date(2023, 1, 1)).run()
    assert not at.exception
    text = page_text(at)
    assert headings(at, 1)[0] == "Longest wait for an autism assessment"
    assert "Data as at 1 Jan 2023" in text
    assert "30 Jun 2022 200 weeks Illustrative (not a published figure) test" in text
    assert "30 Sep 2023" not in text
    assert "status Green: on track." in text
    named = traces(figure(at)[0])
    assert "Published figure" not in named
    assert named["Illustrative (not a published figure)"]["y"] == [200.0]


def test_unknown_id_says_so_and_links_back(make_app):
    at = open_page(make_app, "xyz", "--as-of", "2025-08-01")
    assert "No KPI with the id 'xyz'." in at.error[0].value
    assert at.page_link[0].proto.label == "Back to the board overview"
    assert not at.get("plotly_chart")


def test_missing_id_offers_a_choice(make_app):
    at = open_page(make_app, None, "--as-of", "2025-08-01")
    assert "Choose a KPI" in at.info[0].value
    picker = at.selectbox[0]
    assert "longest_wait" in picker.options or "Longest wait for an autism assessment" in picker.options
    picker.select("confidence").run()
    assert at.query_params["metric"] == "confidence"
    assert headings(at, 1)[0] == "Parent carers confident schools understand needs"


def test_link_text_is_not_read_as_markdown(make_app):
    at = open_page(make_app, "[x](http://evil.example)", "--as-of", "2025-08-01")
    assert at.error[0].value.startswith("No KPI has the id given in the link.")
    assert "evil" not in at.error[0].value
    at = open_page(make_app, "www.evil.example", "--as-of", "2025-08-01")
    # escaped, and a word joiner (U+2060) after 'www': Streamlit would still make 'www.evil.example' a link
    assert "No KPI with the id 'www\u2060\\.evil\\.example'." in at.error[0].value


# -- public ---------------------------------------------------------------------------------------


def test_public_measure_page(make_app):
    at = open_page(make_app, "tribunals", "--public", "--as-of", "2025-08-01", page="app_pages/public_kpi.py")
    text = page_text(at)
    assert headings(at, 1)[0] == "Children placed out of area"
    assert "Figures as at 1 Aug 2025" in text
    assert "Who leads this Placements manager" in text
    assert "How often it is measured Quarterly" in text
    assert "Which way is better Lower is better" in text
    # the visible table of the chart's data: the small count shows only as its withheld text
    assert "Date Figure Type of figure Where it comes from" in text  # no responses column: not a survey (the static page's columns)
    assert "31 Mar 2025 fewer than 5 Published figure test" in text
    assert "3 children" not in text.replace("8.3 children", "")
    spec, alt = figure(at)
    named = traces(spec)
    assert named["Published figure"]["y"] == [9.0]
    assert "Projection (current trend)" not in named
    assert "withheld" in alt
    assert at.download_button[0].label == "Download these figures (CSV)"


def test_public_page_hides_internal_metrics(make_app):
    at = open_page(make_app, "secret_metric", "--public", "--as-of", "2025-08-01", page="app_pages/public_kpi.py")
    text = page_text(at)
    assert at.title[0].value == "Not found"
    assert "Zanzibar" not in text and "Quixotic" not in text
    assert at.page_link[0].proto.label == "Back to Our progress"
    assert not at.get("plotly_chart")


def test_public_page_without_an_id_offers_the_public_measures(make_app):
    at = open_page(make_app, None, "--public", "--as-of", "2025-08-01", page="app_pages/public_kpi.py")
    assert at.title[0].value == "Measure details"
    assert "secret_metric" not in at.selectbox[0].options and "Zanzibar internal caseload" not in at.selectbox[0].options
    at.selectbox[0].select("confidence").run()
    assert headings(at, 1)[0] == "Parent carers confident schools understand needs"
    assert "Date Figure Type of figure Responses Where it comes from" in page_text(at)


def test_public_measure_page_speaks_plain_english_not_brag(make_app):
    at = make_app("--public", "--as-of", "2025-08-01", query={"metric": "tribunals"}).run()
    at.switch_page("app_pages/public_kpi.py").run()
    assert not at.exception
    text = page_text(at)
    assert "✔ On track The latest figure is where the plan expected it to be by now, or better." in text
    assert "status: on track." in text
    assert "Green" not in text and "Amber" not in text
