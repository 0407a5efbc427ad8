"""Comparisons with England and similar areas, shown wherever a user looks: the KPI chart's labelled
lines, the overview tile, the projector, the public card in plain words, and the reports.

Runs on the bundled sample plan, whose EHC plan timeliness is the DfE's published series."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics.domain.load import load
from metrics.domain.rules import plan_status
from metrics.render.report_html import render_html
from metrics.views.audience import internal_audience, public_audience
from metrics.views.chart import kpi_chart
from metrics.views.ranking import comparison_rows, plain_comparison, ranked_chart
from metrics.views.report import build_report
from tests.conftest import page_text
from tests.helpers import ROOT

AS_OF = dt.date(2026, 11, 23)
METRIC = "ehc_plans_within_20_weeks"


@pytest.fixture(scope="module")
def sample():
    loaded = load(ROOT / "targets.yaml", ROOT / "sample_data")
    assert loaded.ok, loaded.problems
    return loaded


def test_the_chart_has_england_and_similar_areas_as_labelled_lines(sample):
    status = plan_status(sample.plan, sample.dataset, AS_OF).metric(METRIC)
    comparison = sample.statistics.comparison(METRIC)
    chart = kpi_chart(status, sample.dataset.series(METRIC), internal_audience(sample.plan.defaults), comparison)
    england, similar = chart.comparisons
    assert (england.kind, england.label, similar.label) == ("england", "England", "Similar areas (mean)")
    assert [v for _, v in england.points] == [60.4, 58.0, 59.9, 49.2, 50.3, 46.4]
    assert england.points[-1][0] == dt.date(2024, 12, 31)
    assert "A long-dashed line labelled England runs from 60.4% (2019) to 46.4% (2024)." in chart.alt_text
    earlier = kpi_chart(plan_status(sample.plan, sample.dataset, dt.date(2022, 6, 1)).metric(METRIC), sample.dataset.series(METRIC), internal_audience(sample.plan.defaults), comparison)
    assert [d.year for d, _ in earlier.comparisons[0].points] == [2019, 2020, 2021]  # nothing published after the as-of date


def test_the_table_ranked_chart_and_plain_words(sample):
    comparison = sample.statistics.comparison(METRIC)
    columns, rows = comparison_rows(comparison, "percent", internal_audience(sample.plan.defaults))
    assert columns[:3] == ["Period", "Warwickshire", "England"]
    assert rows[0][:3] == ["2024", "21.3%", "46.4%"] and rows[0][6] == "126th of 151"
    public_columns, public_rows = comparison_rows(comparison, "percent", public_audience(sample.plan.defaults))
    assert public_columns == ["Year", "Warwickshire", "England", "Areas like ours (average)"]
    assert public_rows[0] == ["2024", "21.3%", "46.4%", "33.5%"]
    ranked = ranked_chart(comparison, "percent", "New EHC plans issued within 20 weeks")
    assert len(ranked.bars) == 151 and ranked.ours.name == "Warwickshire" and ranked.ours.rank == 126
    assert sum(b.kind == "neighbour" for b in ranked.bars) == 10
    assert "Warwickshire (striped bar, labelled) is 21.3%, 126th of 151." in ranked.alt_text
    assert plain_comparison(comparison, "percent") == "In 2024, across England the figure was 46.4%; in areas like ours it was 33.5% on average. In Warwickshire it was 21.3%."


def test_the_report_says_how_each_compared_kpi_compares(sample):
    html = render_html(build_report(sample.plan, sample.dataset, AS_OF, audience=internal_audience(sample.plan.defaults), statistics=sample.statistics, generated_on=AS_OF))
    assert "Compared with England and similar areas</dt><dd>2024: England 46.4%, similar areas 33.5%; 126th of 151" in html
    assert "2024: England 3.2%, similar areas 3.2%; 99th of 153" in html  # the tribunal appeal rate, a context measure


def test_the_overview_tile_and_the_public_card(make_app):
    at = make_app("--as-of", AS_OF.isoformat(), targets=ROOT / "targets.yaml", data=ROOT / "sample_data").run()
    assert not at.exception
    assert "2024: England 46.4%, similar areas 33.5%; 126th of 151" in page_text(at)
    public = make_app("--as-of", AS_OF.isoformat(), "--public", targets=ROOT / "targets.yaml", data=ROOT / "sample_data").run()
    assert not public.exception
    assert "In 2024, across England the figure was 46.4%; in areas like ours it was 33.5% on average. In Warwickshire it was 21.3%." in page_text(public)
