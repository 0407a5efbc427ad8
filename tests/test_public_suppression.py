"""The plan's own numbers are figures too: a small baseline, milestone, target or planned value of
a small-number metric never reaches the public, in any sentence, chart, table or report.

The case from the hardening issue: a metric counting children (suppress_small) with a baseline of 3.
"""

from __future__ import annotations

import re

import pytest

from metrics.domain.load import load
from metrics.domain.public import public_snapshot
from metrics.domain.rules import plan_status
from metrics.render.report_html import render_html
from metrics.render.svgchart import chart_svg
from metrics.views.audience import internal_audience, public_audience
from metrics.views.chart import definition_rows, kpi_chart, summary_sentence
from metrics.views.plain_english import (
    promise_sentence,
    what_happens_next,
    where_it_stands,
)
from metrics.views.report import build_report
from metrics.views.wording import metric_reason
from tests.conftest import page_text
from tests.helpers import BASE_YAML, day, edit, write_plan

# 'wait' becomes a count of children: baseline 3 (small), a milestone of 8, a target of 2 (small)
YAML = edit(
    edit(
        edit(BASE_YAML, "    unit: weeks\n", "    unit: children\n    suppress_small: true\n"),
        "    baseline: {date: 2024-01-01, value: 50}\n    milestones:\n      - {date: 2024-07-01, value: 30}\n",
        "    baseline: {date: 2024-01-01, value: 3}\n    milestones:\n      - {date: 2024-07-01, value: 8}\n",
    ),
    "    target: {date: 2025-01-01, value: 10}\n",
    "    target: {date: 2025-01-01, value: 2}\n",
)
CSVS = {"observations.csv": "metric_id,date,value\nwait,2024-03-01,6\nwait,2024-05-01,7\n", "updates.csv": "action_id,date,status,narrative\n"}
AS_OF = day("2024-06-01")
SMALL = re.compile(r"(?<![\d.,])[1-4](\.\d+)? child(ren)?\b")  # '3 children', '2 children', '4.4 children'


@pytest.fixture
def plan(tmp_path):
    targets, data = write_plan(tmp_path, YAML, CSVS)
    loaded = load(targets, data)
    assert loaded.ok, loaded.problems
    return loaded, targets, data


def public_wait(loaded):
    snap = public_snapshot(loaded.plan, loaded.dataset, AS_OF)
    return snap, snap.status.metric("wait")


def test_the_board_sees_the_plan_numbers(plan):
    loaded, _, _ = plan
    s = plan_status(loaded.plan, loaded.dataset, AS_OF).metric("wait")
    assert "3 children" in " ".join(v for _, v in definition_rows(s, internal_audience(loaded.plan.defaults)))


def test_no_small_plan_number_in_any_public_sentence(plan):
    loaded, _, _ = plan
    snap, s = public_wait(loaded)
    audience = public_audience(loaded.plan.defaults)
    assert s.plan_withheld == frozenset({"baseline", "target"})  # the milestone of 8 is shown
    texts = [metric_reason(s), summary_sentence(s, audience), promise_sentence(s), where_it_stands(s), what_happens_next(s)]
    texts += [v for _, v in definition_rows(s, audience)]
    chart = kpi_chart(s, snap.dataset.series("wait"), audience)
    texts += [chart.alt_text, chart.summary] + [m.label for m in chart.markers]
    for text in texts:
        assert not SMALL.search(text), text
    assert promise_sentence(s) == "To bring this down to fewer than 5 by 1 Jan 2025."
    assert dict(definition_rows(s, audience))["Starting point"] == "fewer than 5 on 1 Jan 2024"


def test_the_public_chart_plots_no_small_plan_number(plan):
    loaded, _, _ = plan
    snap, s = public_wait(loaded)
    chart = kpi_chart(s, snap.dataset.series("wait"), public_audience(loaded.plan.defaults))
    assert chart.trajectory == [] and chart.band == []  # a line through 3 and 2 would give them away
    assert [(m.kind, m.value) for m in chart.markers] == [("milestone", 8)]
    svg = chart_svg(chart)
    assert not SMALL.search(svg)
    assert "Some of the plan's numbers are small, so the plan line is not drawn" in chart.alt_text


def test_the_public_report_and_pages_show_no_small_plan_number(plan, make_app):
    loaded, targets, data = plan
    snap, _ = public_wait(loaded)
    html = render_html(build_report(snap.plan, snap.dataset, AS_OF, audience=public_audience(loaded.plan.defaults), generated_on=AS_OF))
    assert not SMALL.search(re.sub(r"<[^>]+>", " ", html))
    for query in ({}, {"metric": "wait"}):
        at = make_app("--as-of", AS_OF.isoformat(), "--public", targets=targets, data=data, query=query).run()
        if query:
            at.switch_page("app_pages/public_kpi.py").run()
        assert not at.exception
        text = page_text(at)
        assert not SMALL.search(text), SMALL.search(text)
        assert "fewer than 5" in text.lower()
