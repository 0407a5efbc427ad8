"""Context measures: a `metrics` entry without a target has a trend, SPC, events and forecasts, but
never a BRAG status, and is never counted. Shown on the overview, the KPI page and the public site."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics.domain.context import context_reading
from metrics.domain.load import load
from metrics.domain.plan import Defaults
from metrics.domain.public import public_snapshot
from metrics.domain.rules import plan_status
from metrics.render.svgchart import chart_svg
from metrics.views.audience import internal_audience, public_audience
from metrics.views.chart import context_chart, context_definition_rows, series_rows
from tests.conftest import page_text
from tests.helpers import BASE_CSVS, BASE_YAML, day, edit, problem_lines, write_plan

CONTEXT = """\
  - id: plans_mainstream
    title: EHC plans in mainstream schools
    area: waits
    unit: plans
    frequency: annual
    lead: SEND data team
    source: SEND and Inclusion Strategy 2024-2029
    public: true
    events:
      - {date: 2022-09-01, label: New panel}
      - {date: 2030-01-01, label: A future event}
    forecasts:
      - {date: 2028-08-31, value: 7500, label: Strategy forecast, source: Strategy 2024-2029}
  - id: secret_context
    title: Zanzibar internal context
    area: waits
    unit: cases
    direction: decrease
    frequency: annual
    lead: Quixotic lead
    source: internal
    public: false
"""
YAML = edit(BASE_YAML, "actions:\n", CONTEXT + "actions:\n")
CSVS = {
    "observations.csv": BASE_CSVS["observations.csv"] + "plans_mainstream,2021-01-31,1430\nplans_mainstream,2024-01-31,2132\nsecret_context,2024-01-31,12\n",
    "updates.csv": BASE_CSVS["updates.csv"],
}
AS_OF = day("2024-06-01")
BOARD = internal_audience(Defaults())
FAMILIES = public_audience(Defaults())


@pytest.fixture
def loaded(tmp_path):
    result = load(*write_plan(tmp_path, YAML, CSVS))
    assert result.ok, result.problems
    return result


def test_an_entry_without_a_target_is_a_context_measure_and_never_counted(loaded):
    plan = loaded.plan
    assert [m.id for m in plan.metrics] == ["wait", "confidence"]
    assert [m.id for m in plan.context] == ["plans_mainstream", "secret_context"]
    status = plan_status(plan, loaded.dataset, AS_OF)
    assert [s.metric.id for s in status.metrics] == ["wait", "confidence"]  # no status for a context measure
    assert sum(status.counts().values()) == 3  # 2 KPIs and 1 action


def test_the_reading_chart_and_definition_of_a_context_measure(loaded):
    measure = loaded.plan.context_measure("plans_mainstream")
    series = loaded.dataset.series(measure.id)
    reading = context_reading(measure, series, AS_OF)
    assert (reading.latest_date, reading.latest_value, reading.previous_value) == (dt.date(2024, 1, 31), 2132, 1430)
    assert (reading.data_overdue, reading.data_due_by) == (False, dt.date(2025, 7, 31))  # 1.5 years of 365.25 days
    chart = context_chart(reading, series, BOARD)
    assert (chart.trajectory, chart.band, chart.markers, chart.projection) == ([], [], [], None)
    assert [(f.date, f.value, f.start) for f in chart.forecasts] == [(dt.date(2028, 8, 31), 7500, (dt.date(2024, 1, 31), 2132))]
    assert (chart.forecasts[0].label, chart.forecasts[0].source) == ("Forecast: 7,500 plans by 31 Aug 2028", "Strategy 2024-2029")
    assert [label for _, label in chart.events] == ["New panel"]  # the future event is not drawn
    assert "It is a context measure: there is no plan line or target." in chart.alt_text
    assert "A hollow square joined by a dashed line shows a published forecast, not data: Forecast: 7,500 plans by 31 Aug 2028 (Strategy 2024-2029)." in chart.alt_text
    assert chart.summary == "EHC plans in mainstream schools: 2,132 plans in Jan 2024; a context measure, with no target or status."
    svg = chart_svg(chart)
    assert "Published forecast (not data)" in svg and "Plan (baseline" not in svg
    rows = dict(context_definition_rows(reading, BOARD))
    assert rows["Kind"] == "Context measure: no target, so no BRAG status, never counted"
    assert rows["Direction"] == "Neither: shown for context"
    assert [r["value"] for r in series_rows(reading, series)] == [1430, 2132]


def test_a_context_measure_with_no_figures_yet_still_draws(loaded):
    measure = loaded.plan.context_measure("plans_mainstream")
    series = loaded.dataset.series(measure.id)
    reading = context_reading(measure, series, day("2020-01-01"))
    assert (reading.latest_date, reading.latest_value, reading.data_overdue) == (None, None, False)
    chart = context_chart(reading, series, BOARD)
    assert "no figures yet" in chart.summary
    assert "<svg" in chart_svg(chart)


def test_the_public_sees_only_public_context_measures(loaded):
    snap = public_snapshot(loaded.plan, loaded.dataset, AS_OF)
    assert [m.id for m in snap.plan.context] == ["plans_mainstream"]
    assert "secret_context" not in set(snap.dataset.observations["metric_id"])


def test_problems_in_context_measures_and_statistics_references(tmp_path):
    text = edit(YAML, "    unit: plans\n", "    unit: plans\n    compare: nope\n")
    assert problem_lines(tmp_path, text, CSVS) == [
        "targets.yaml:35: context measure 'plans_mainstream': compare: unknown statistic 'nope' (known statistics: none)",
    ]


def test_the_kpi_page_of_a_context_measure(make_app, tmp_path):
    targets, data = write_plan(tmp_path, YAML, CSVS)
    at = make_app("--as-of", "2024-06-01", targets=targets, data=data, query={"metric": "plans_mainstream"}).run()
    at.switch_page("app_pages/kpi.py").run()
    assert not at.exception
    text = page_text(at)
    assert at.title[0].value == "EHC plans in mainstream schools" if at.title else "EHC plans in mainstream schools" in text
    assert "Context measure: no target, so no BRAG status; never counted." in text
    assert "2,132 plans" in text
    assert "Forecast" not in "".join(e.value for e in at.get("error"))


def test_the_overview_shows_context_tiles_without_a_badge(make_app, tmp_path):
    targets, data = write_plan(tmp_path, YAML, CSVS)
    at = make_app("--as-of", "2024-06-01", targets=targets, data=data).run()
    assert not at.exception
    body = "".join(e.proto.body for e in at.get("html"))
    assert 'aria-label="EHC plans in mainstream schools: context measure"' in body
    assert "context: no target" in body and "Forecast 7,500 plans by 31 Aug 2028 (not data)" in body
    text = page_text(at)
    assert "★ Blue 0 ✔ Green" in text  # the counts hold the 2 KPIs and the action only


def test_the_public_progress_page_shows_public_context_measures_in_plain_words(make_app, tmp_path):
    targets, data = write_plan(tmp_path, YAML, CSVS)
    at = make_app("--as-of", "2024-06-01", "--public", targets=targets, data=data).run()
    assert not at.exception
    text = page_text(at)
    assert "Other figures we watch" in text
    assert "Shown for context: there is no target for this, so it is not marked on track or off track." in text
    assert "2,132 plans (latest figure, 31 Jan 2024)" in text
    assert "A forecast of 7,500 plans by 31 Aug 2028 has been published (Strategy 2024-2029); it is a forecast, not a figure." in text
    assert "Zanzibar" not in text and "secret_context" not in text
    assert "2 measures:" in text  # the context measure is not counted among the measures with a status


def test_the_progress_report_lists_context_measures_with_their_charts(loaded):
    from metrics.render.report_html import render_html
    from metrics.views.report import build_report

    html = render_html(build_report(loaded.plan, loaded.dataset, AS_OF, audience=BOARD, generated_on=AS_OF))
    assert "Context measures (no target, no status)" in html
    assert 'id="context-plans_mainstream"' in html and "2,132 plans on 31 Jan 2024" in html
    assert "7,500 plans by 31 Aug 2028: a forecast, not data" in html
    public = public_snapshot(loaded.plan, loaded.dataset, AS_OF)
    public_html = render_html(build_report(public.plan, public.dataset, AS_OF, audience=FAMILIES, generated_on=AS_OF))
    assert "EHC plans in mainstream schools" in public_html and "Zanzibar" not in public_html
