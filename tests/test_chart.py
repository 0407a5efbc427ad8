"""metrics/views/chart.py: what the KPI detail chart plots and says, on the small fixture and hand-built metrics."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from metrics.domain.data import Series
from metrics.domain.load import load
from metrics.domain.plan import Defaults, Metric
from metrics.domain.public import public_snapshot
from metrics.domain.rules import metric_status, plan_status, wilson_interval
from metrics.render.tables import to_csv_bytes
from metrics.views.audience import (
    PUBLIC_SERIES_COLUMNS,
    internal_audience,
    public_audience,
)
from metrics.views.chart import (
    ILLUSTRATIVE_LABEL,
    PUBLISHED_LABEL,
    change_sentence,
    definition_rows,
    kpi_chart,
    series_rows,
    table_rows,
)
from tests.conftest import SMALL

D = dt.date
INTERNAL = internal_audience(Defaults())
PUBLIC = public_audience(Defaults())
AS_OF = D(2025, 8, 1)


@pytest.fixture(scope="module")
def small():
    loaded = load(SMALL / "targets.yaml", SMALL / "data")
    assert loaded.ok, loaded.problems
    return loaded


def chart_for(small, metric_id: str, as_of: dt.date = AS_OF):
    status = plan_status(small.plan, small.dataset, as_of).metric(metric_id)
    series = small.dataset.series(metric_id)
    return status, series, kpi_chart(status, series, INTERNAL)


def make_metric(**overrides) -> Metric:
    fields = dict(
        id="m", title="Families seen on time", area="a", unit="percent", direction="increase",
        baseline={"date": "2022-01-01", "value": 50}, target={"date": "2024-01-01", "value": 70},
        frequency="quarterly", lead="Lead", source="src", public=True,
    )
    fields.update(overrides)
    return Metric.model_validate(fields)


def make_series(rows: list[tuple[str, float, float | None, bool]], metric_id: str = "m") -> Series:
    return Series(
        metric_id,
        np.array([r[0] for r in rows], dtype="datetime64[D]"),
        np.array([r[1] for r in rows], dtype=float),
        np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=float),
        np.array([r[3] for r in rows], dtype=bool),
        tuple("survey" for _ in rows),
        tuple("" for _ in rows),
    )


# -- the plan: trajectory, markers, tolerance band ----------------------------------------------


def test_trajectory_runs_baseline_milestones_target_with_markers(small):
    _, _, chart = chart_for(small, "longest_wait")
    assert chart.trajectory == [(D(2022, 1, 1), 242.0), (D(2023, 6, 30), 125.0), (D(2024, 3, 31), 13.0)]
    assert [(m.kind, m.date, m.value) for m in chart.markers] == [
        ("baseline", D(2022, 1, 1), 242.0),
        ("milestone", D(2023, 6, 30), 125.0),
        ("target", D(2024, 3, 31), 13.0),
    ]
    assert [m.label for m in chart.markers][1:] == ["Milestone: 125 weeks by 30 Jun 2023", "Target: 13 weeks by 31 Mar 2024"]


def test_band_lies_above_the_plan_when_lower_is_better(small):
    status, _, chart = chart_for(small, "longest_wait")
    assert status.tolerance == pytest.approx(22.9)
    assert chart.band_side == "above"
    for (when, planned), (band_when, low, high) in zip(chart.trajectory, chart.band):
        assert band_when == when
        assert low == pytest.approx(planned)
        assert high == pytest.approx(planned + 22.9)
    assert chart.band_label == "Amber tolerance: up to 22.9 weeks worse than plan"


def test_band_lies_below_the_plan_when_higher_is_better(small):
    _, _, chart = chart_for(small, "confidence")
    assert chart.band_side == "below"
    assert chart.band == [(D(2022, 1, 1), pytest.approx(36.0), 40.0), (D(2026, 12, 31), pytest.approx(76.0), 80.0)]


def test_band_of_a_percentage_stays_within_0_to_100():
    metric = make_metric(direction="decrease", baseline={"date": "2022-01-01", "value": 98}, target={"date": "2024-01-01", "value": 10}, tolerance=5)
    status = metric_status(metric, make_series([]), D(2023, 1, 1), Defaults())
    chart = kpi_chart(status, make_series([]), INTERNAL)
    assert chart.band[0] == (D(2022, 1, 1), 98.0, 100.0)


# -- observations -------------------------------------------------------------------------------


def test_published_and_illustrative_values_are_split(small):
    _, _, chart = chart_for(small, "longest_wait")
    assert chart.published.dates == [D(2023, 9, 30)] and chart.published.values == [22.0]
    assert chart.illustrative.dates == [D(2022, 6, 30)] and chart.illustrative.values == [200.0]
    assert chart.published.hover == [["22 weeks on 30 Sep 2023", PUBLISHED_LABEL, "Source: news release"]]
    assert chart.illustrative.hover[0][1] == ILLUSTRATIVE_LABEL
    assert chart.line == [(D(2022, 6, 30), 200.0), (D(2023, 9, 30), 22.0)]


def test_survey_percentages_with_n_get_wilson_error_bars(small):
    _, _, chart = chart_for(small, "confidence")
    low, high = wilson_interval(0.55, 120)
    assert chart.published.values == [55.0, 58.0]
    assert chart.published.low[0] == pytest.approx(low * 100)
    assert chart.published.high[0] == pytest.approx(high * 100)
    assert chart.published.has_intervals
    assert chart.published.hover[0][2] == "120 responses; 95% interval 46.1% to 63.6%"
    _, _, waits = chart_for(small, "longest_wait")
    assert waits.published.low == [None] and not waits.published.has_intervals


def test_only_observations_up_to_the_as_of_date_are_plotted(small):
    _, _, chart = chart_for(small, "longest_wait", D(2023, 1, 1))
    assert chart.illustrative.dates == [D(2022, 6, 30)]
    assert chart.published.dates == []
    assert chart.as_of == D(2023, 1, 1)
    status, series, _ = chart_for(small, "longest_wait", D(2023, 1, 1))
    assert [r["date"] for r in series_rows(status, series)] == [D(2022, 6, 30)]


# -- projection ---------------------------------------------------------------------------------


def test_projection_runs_from_its_start_to_the_target_date(small):
    status, _, chart = chart_for(small, "confidence")
    p = status.projection
    assert chart.projection == [(D(2024, 7, 31), pytest.approx(55.0)), (D(2026, 12, 31), pytest.approx(p.value_on(D(2026, 12, 31))))]
    assert p.value_on(D(2025, 7, 31)) == pytest.approx(58.0)
    assert chart.projection_hover[-1] == "Projection (current trend): 62.3% on 31 Dec 2026"


def test_projection_stops_at_zero_for_a_quantity_that_cannot_be_negative(small):
    status, _, chart = chart_for(small, "longest_wait")
    (start, v0), (end, v1) = chart.projection
    assert (start, v0) == (D(2022, 6, 30), pytest.approx(200.0))
    # 200 -> 22 weeks over 457 days: zero is reached 200 / 178 * 457 days after the start
    assert v1 == 0.0
    assert end == D(2022, 6, 30) + dt.timedelta(days=math.floor(200 / 178 * 457))
    assert end < D(2024, 3, 31)


def test_no_projection_line_when_the_target_date_is_behind_the_data():
    metric = make_metric(unit="visits")
    series = make_series([("2024-03-01", 60, None, False), ("2024-06-01", 62, None, False)])
    status = metric_status(metric, series, D(2024, 7, 1), Defaults())
    assert status.projection is not None
    assert kpi_chart(status, series, INTERNAL).projection is None
    # also when the trend starts before the target date but the data has gone past it
    series = make_series([("2023-10-01", 60, None, False), ("2024-03-01", 62, None, False)])
    status = metric_status(metric, series, D(2024, 7, 1), Defaults())
    assert status.projection is not None and status.projection.start_date < metric.target.date
    assert kpi_chart(status, series, INTERNAL).projection is None


def test_no_projection_line_without_a_trend(small):
    status, series, chart = chart_for(small, "secret_metric")
    assert status.projection is None and chart.projection is None


# -- words --------------------------------------------------------------------------------------


def test_summary_sentence(small):
    assert chart_for(small, "longest_wait")[2].summary == (
        "Longest wait for an autism assessment fell from 242 weeks in Jan 2022 to 22 weeks in Sep 2023; "
        "the plan was 87.5 weeks at that date; status Red: deadline passed."
    )
    assert chart_for(small, "longest_wait", D(2023, 1, 1))[2].summary == (
        "Longest wait for an autism assessment fell from 242 weeks in Jan 2022 to 200 weeks (illustrative) in Jun 2022; "
        "the plan was 203.4 weeks at that date; status Green: on track."
    )
    assert chart_for(small, "confidence")[2].summary == (
        "Parent carers confident schools understand needs rose from 40% in Jan 2022 to 58% in Jul 2025; "
        "the plan was 68.6% at that date; status Red: off track."
    )
    assert chart_for(small, "no_data_yet")[2].summary == (
        "Metric without data: no values yet; the plan starts from 100 visits in Jan 2024 and aims for "
        "150 visits by Jan 2028; status Grey: not due yet."
    )


def test_summary_names_the_target_when_the_latest_value_is_after_the_deadline():
    metric = make_metric()
    series = make_series([("2024-06-30", 65, None, False)])
    status = metric_status(metric, series, D(2024, 7, 1), Defaults())
    assert kpi_chart(status, series, INTERNAL).summary == (
        "Families seen on time rose from 50% in Jan 2022 to 65% in Jun 2024; the target was 70% by Jan 2024; status Red: deadline passed."
    )


def test_alt_text_describes_values_plan_and_projection(small):
    alt = chart_for(small, "longest_wait")[2].alt_text
    assert alt.startswith("Chart of Longest wait for an autism assessment, in weeks, from Jan 2022 to Aug 2025.")
    assert "1 published figure and 1 illustrative value are plotted, from 22 weeks to 200 weeks" in alt
    assert "through a milestone of 125 weeks by 30 Jun 2023 to the target of 13 weeks by 31 Mar 2024; lower is better." in alt
    assert "An amber band above the plan line shows the tolerance of 22.9 weeks." in alt
    assert "projects the current trend to 0 weeks on 25 Nov 2023" in alt


def test_events_are_listed_and_named_in_the_alt_text():
    metric = make_metric(events=[{"date": "2023-03-01", "label": "New service opens"}])
    series = make_series([("2022-06-30", 52, 200, False), ("2023-06-30", 61, 180, False)])
    status = metric_status(metric, series, D(2023, 7, 1), Defaults())
    chart = kpi_chart(status, series, INTERNAL)
    assert chart.events == [(D(2023, 3, 1), "New service opens")]
    assert "Events marked: New service opens (1 Mar 2023)." in chart.alt_text


def test_change_since_the_previous_value(small):
    status = plan_status(small.plan, small.dataset, AS_OF).metric("longest_wait")
    assert change_sentence(status, INTERNAL) == "Changed since the previous value (30 Jun 2022): ✔ Green → ✖ Red."
    assert change_sentence(plan_status(small.plan, small.dataset, AS_OF).metric("secret_metric"), INTERNAL) is None


def test_definition_rows(small):
    status = plan_status(small.plan, small.dataset, AS_OF).metric("longest_wait")
    rows = dict(definition_rows(status, INTERNAL))
    assert rows["Direction"] == "Lower is better (aim: decrease)"
    assert rows["Milestones"] == "125 weeks by 30 Jun 2023"
    assert rows["Tolerance"] == "Up to 22.9 weeks worse than the plan counts as Amber; more is Red"
    assert rows["Data overdue"] == "Yes: the next data was due by 14 Nov 2023"
    public = dict(definition_rows(status, PUBLIC))
    assert public["Who leads this"] == "Autism pathway lead"
    assert public["How often it is measured"] == "Monthly"
    assert "Lead" not in public and "ID" not in public


def test_series_rows_and_table(small):
    status, series, _ = chart_for(small, "confidence")
    rows = series_rows(status, series)
    assert rows[1] == {
        "metric_id": "confidence", "date": D(2025, 7, 31), "value": 58.0, "value_text": "58%", "unit": "percent",
        "figure": PUBLISHED_LABEL, "n": 8, "source": "survey", "note": "small survey", "corrected": "",
    }
    columns, body = table_rows(rows, INTERNAL)
    assert columns == ["Date", "Value", "Published or illustrative", "n", "Source", "Note"]
    assert body[0] == ["31 Jul 2025", "58%", PUBLISHED_LABEL, "8", "survey", "small survey"]  # newest first


# -- public: withheld values --------------------------------------------------------------------


@pytest.fixture(scope="module")
def public(small):
    return public_snapshot(small.plan, small.dataset, AS_OF)


def test_withheld_small_counts_are_not_plotted_and_show_as_their_text(public):
    status = public.status.metric("tribunals")
    series = public.dataset.series("tribunals")
    chart = kpi_chart(status, series, INTERNAL)
    assert chart.published.dates == [D(2024, 3, 31)] and chart.published.values == [9.0]
    assert chart.line == [(D(2024, 3, 31), 9.0)]
    assert chart.projection is None
    assert chart.withheld_count == 1
    text = " ".join([chart.alt_text, chart.summary] + [" ".join(h) for h in chart.published.hover])
    assert "3 children" not in text.replace("8.3 children", "")  # 8.3 is the plan, not the value
    assert "1 value is withheld to protect privacy and not plotted." in chart.alt_text
    rows = series_rows(status, series)
    assert rows[1]["value"] == "fewer than 5" and rows[1]["value_text"] == "fewer than 5" and rows[1]["n"] is None
    csv = to_csv_bytes(rows, columns=PUBLIC_SERIES_COLUMNS).decode("utf-8-sig")
    assert csv.splitlines()[0] == ",".join(PUBLIC_SERIES_COLUMNS)
    assert "tribunals,2025-03-31,fewer than 5,children,Published figure,,test" in csv
    assert ",3," not in csv and ",3.0," not in csv


def test_withheld_small_surveys_are_not_plotted(public):
    status = public.status.metric("confidence")
    series = public.dataset.series("confidence")
    chart = kpi_chart(status, series, INTERNAL)
    assert chart.published.values == [55.0]
    text = " ".join([chart.alt_text] + [" ".join(h) for h in chart.published.hover])
    assert "58" not in text
    assert chart.summary == (
        "Parent carers confident schools understand needs started from 40% in Jan 2022; the latest value (Jul 2025) is "
        "withheld (fewer than 10 responses); the plan was 68.6% at that date; status Red: off track."
    )
    assert series_rows(status, series)[1]["value"] == "withheld (fewer than 10 responses)"


def test_public_plan_has_no_internal_metric(public):
    assert public.status.metric("secret_metric") is None
