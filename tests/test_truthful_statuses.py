"""Truthful statuses and provenance: properties of the rules, and every assumed or illustrative
number marked wherever a reader meets it (reasons, tiles, the KPI page, the public card, reports,
downloads and ``status`` output); whole things in whole numbers; no event from the future.

Hand-worked cases of each rule and boundary are in test_rules.py; here the rules are checked for
any data (hypothesis) and the marks are followed through every view.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.cli import main
from metrics.domain.data import ActionUpdate
from metrics.domain.load import load
from metrics.domain.plan import Action, Defaults
from metrics.domain.public import public_snapshot
from metrics.domain.rules import (
    action_status,
    metric_status,
    plan_status,
    planned_from_assumed,
)
from metrics.domain.status import Basis, Status
from metrics.render.report_html import render_html
from metrics.views.audience import internal_audience, public_audience
from metrics.views.card import card_provenance, kpi_card
from metrics.views.chart import definition_rows, kpi_chart, summary_sentence
from metrics.views.formatting import format_amount, format_value
from metrics.views.plain_english import action_update, promise_sentence
from metrics.views.report import build_report
from metrics.views.wording import action_reason, metric_reason
from tests.helpers import (
    BASE_YAML,
    DEFAULTS,
    day,
    edit,
    make_metric,
    make_series,
    write_plan,
)

BOARD = internal_audience(Defaults())
FAMILIES = public_audience(Defaults())

# -- the rules hold for any data ----------------------------------------------------------------

START, TARGET_DATE = dt.date(2024, 1, 1), dt.date(2024, 1, 21)  # make_metric(): 100 -> 20 weeks
days = st.integers(min_value=-30, max_value=60).map(lambda n: START + dt.timedelta(days=n))
values = st.floats(min_value=0, max_value=200, allow_nan=False)


@st.composite
def observed(draw):
    when = sorted(set(draw(st.lists(days, max_size=8))))
    return [(w, draw(values)) for w in when]


@settings(max_examples=300, deadline=None)
@given(points=observed(), as_of=days)
def test_what_each_status_can_mean(points, as_of):
    metric = make_metric()
    s = metric_status(metric, make_series("m", points), as_of, DEFAULTS)
    seen = [(w, v) for w, v in points if w <= as_of]
    if not seen:  # rule 1: grey until the target date, red after it
        assert (s.status, s.basis) == ((Status.RED, Basis.NO_DATA_DEADLINE_PASSED) if as_of > TARGET_DATE else (Status.GREY, Basis.NO_DATA))
        return
    latest_date, latest = seen[-1]
    assert s.status is not Status.GREY  # grey never means "figures, but late"
    if latest <= 20:  # rule 2
        assert s.status is Status.BLUE
    elif as_of > TARGET_DATE or latest_date >= TARGET_DATE:  # rule 3: a miss is a miss
        assert (s.status, s.basis) == (Status.RED, Basis.DEADLINE_MISSED)
    else:  # rules 4 and 5: the plan line decides, and the trend can only turn green to amber
        assert s.basis in (Basis.AGAINST_PLAN, Basis.TREND_MISSES)
        if s.basis is Basis.TREND_MISSES:
            assert s.status is Status.AMBER and s.gap >= -1e-9 and s.projection.points_used >= 3


@settings(max_examples=200, deadline=None)
@given(
    reported=st.lists(st.tuples(st.integers(0, 200), st.sampled_from(list(Status))), max_size=5, unique_by=lambda t: t[0]),
    as_of_day=st.integers(0, 250),
    every=st.integers(1, 90),
)
def test_what_an_action_status_can_mean(reported, as_of_day, every):
    action = Action.model_validate({"id": "a", "title": "A", "area": "x", "due": "2024-04-30", "lead": "L", "public": True})
    history = tuple(ActionUpdate("a", START + dt.timedelta(days=d), s, "n", "p") for d, s in sorted(reported))
    as_of = START + dt.timedelta(days=as_of_day)
    result = action_status(action, history, as_of, Defaults(update_every_days=every))
    seen = [u for u in history if u.date <= as_of]
    past_due = as_of > action.due
    if past_due and not (seen and seen[-1].status is Status.BLUE):
        assert result.status is Status.RED and result.overdue  # overdue is red, whatever was reported
    elif seen:
        assert result.status is seen[-1].status
    else:
        assert result.status is Status.GREY
    if seen and seen[-1].status is not Status.BLUE:
        assert result.update_overdue == ((as_of - seen[-1].date).days > every)
    else:
        assert not result.update_overdue


# -- which planned values are assumed -----------------------------------------------------------


def test_a_planned_value_is_assumed_when_its_line_starts_or_ends_at_an_assumed_number():
    metric = make_metric(
        baseline={"date": "2024-01-01", "value": 100, "assumed": True, "note": "Estimated by the forum"},
        milestones=[{"date": "2024-01-11", "value": 60}],
    )
    assert metric.assumed == ("baseline",)
    assert planned_from_assumed(metric, day("2023-12-01"))  # before the baseline: the baseline itself
    assert planned_from_assumed(metric, day("2024-01-05"))  # on the line from the assumed baseline
    assert not planned_from_assumed(metric, day("2024-01-11"))  # the sourced milestone itself
    assert not planned_from_assumed(metric, day("2024-01-15"))  # milestone -> sourced target
    assert not planned_from_assumed(metric, day("2024-03-01"))  # after the target: the target


# -- marks in the sentences -----------------------------------------------------------------------

ASSUMED_BASELINE = {"date": "2024-01-01", "value": 100, "assumed": True, "note": "No survey was published; estimated by the forum chair"}


def illustrative_series(points):
    series = make_series("m", points)
    return dataclasses.replace(series, illustrative=series.illustrative | True)


def test_the_reason_marks_an_illustrative_value_and_an_assumed_plan():
    metric = make_metric(baseline=ASSUMED_BASELINE)
    s = metric_status(metric, illustrative_series([("2024-01-06", 84)]), day("2024-01-10"), DEFAULTS)
    assert metric_reason(s) == "84 weeks (illustrative) on 6 Jan 2024; plan was 80 weeks (assumed); 4 weeks worse than planned (within the tolerance of 8 weeks)."


def test_an_assumed_target_is_marked_in_the_reason_card_and_promise():
    metric = make_metric(target={"date": "2024-01-21", "value": 20, "assumed": True, "note": "In no source document"})
    met = metric_status(metric, make_series("m", [("2024-01-06", 20)]), day("2024-01-10"), DEFAULTS)
    assert metric_reason(met) == "Target met: 20 weeks on 6 Jan 2024 (target 20 weeks by 21 Jan 2024, an assumed target)."
    missed = metric_status(metric, make_series("m", [("2024-01-06", 30)]), day("2024-02-10"), DEFAULTS)
    assert metric_reason(missed) == "Deadline passed: 30 weeks on 6 Jan 2024; the target was 20 weeks by 21 Jan 2024 (assumed)."
    card = kpi_card(missed, BOARD)
    assert (card.target, card.assumed) == ("20 weeks by 21 Jan 2024 (assumed)", "assumed target")
    assert promise_sentence(missed) == "To bring this down to 20 weeks by 21 Jan 2024. This target is not in a published plan: the partnership set it."


def test_the_card_chart_and_definition_name_each_assumed_number():
    metric = make_metric(baseline=ASSUMED_BASELINE, milestones=[{"date": "2024-01-11", "value": 60, "assumed": True, "note": "Halfway, assumed"}])
    s = metric_status(metric, illustrative_series([("2024-01-06", 80)]), day("2024-01-10"), DEFAULTS)
    card = kpi_card(s, BOARD)
    assert card.assumed == "assumed baseline and milestone"
    assert card_provenance(card) == "Illustrative value; Assumed baseline and milestone"
    chart = kpi_chart(s, make_series("m", [("2024-01-06", 80)]), BOARD)
    labels = [m.label for m in chart.markers]
    assert labels[0] == "Baseline: 100 weeks on 1 Jan 2024 (assumed: No survey was published; estimated by the forum chair)"
    assert labels[1] == "Milestone: 60 weeks by 11 Jan 2024 (assumed: Halfway, assumed)"
    assert labels[2] == "Target: 20 weeks by 21 Jan 2024"
    assert "from 100 weeks on 1 Jan 2024 (assumed) through a milestone of 60 weeks by 11 Jan 2024 (assumed)" in chart.alt_text
    assert "fell from 100 weeks (assumed) in Jan 2024 to 80 weeks (illustrative)" in summary_sentence(s, BOARD)
    rows = dict(definition_rows(s, BOARD))
    assert rows["Baseline"] == "100 weeks on 1 Jan 2024 (assumed)"
    assert rows["Assumed plan numbers"] == (
        "Baseline 100 weeks on 1 Jan 2024 is assumed: No survey was published; estimated by the forum chair. "
        "Milestone 60 weeks on 11 Jan 2024 is assumed: Halfway, assumed."
    )
    public_rows = dict(definition_rows(s, FAMILIES))
    assert public_rows["Starting point"] == "100 weeks on 1 Jan 2024 (an estimate)"  # the families' word
    assert public_rows["Estimated numbers"] == "The partnership set these, as no published figure exists: the starting point of 100 weeks; a step along the way of 60 weeks."


def test_a_sourced_plan_has_no_marks():
    s = metric_status(make_metric(), make_series("m", [("2024-01-06", 84)]), day("2024-01-10"), DEFAULTS)
    assert "assumed" not in metric_reason(s) and "illustrative" not in metric_reason(s)
    assert (kpi_card(s, BOARD).assumed, card_provenance(kpi_card(s, BOARD))) == ("", "")
    assert dict(definition_rows(s, BOARD))["Assumed plan numbers"] == "None: every plan number is from its source"


def test_an_illustrative_update_is_marked_in_the_reason_and_on_the_public_site():
    action = Action.model_validate({"id": "a", "title": "A", "area": "x", "due": "2024-04-30", "lead": "L", "public": True})
    update = ActionUpdate("a", day("2024-03-01"), Status.AMBER, "Invented", "Made-up words", illustrative=True)
    now = action_status(action, (update,), day("2024-03-10"))
    assert action_reason(now, BOARD) == "On track, some concerns (illustrative update of 1 Mar 2024)."
    late = action_status(action, (update,), day("2024-05-01"))
    assert action_reason(late, BOARD) == "Overdue since 30 Apr 2024; last reported amber on 1 Mar 2024 (illustrative). Update overdue: the next was due by 12 Apr 2024."
    public = dataclasses.replace(now, latest=ActionUpdate("a", update.date, update.status, "Made-up words", "Made-up words", True))
    assert action_update(public) == "Example update, not a real report: Made-up words"


# -- marks in the outputs: status (table, JSON, CSV), report, tiles -------------------------------

PROVENANCE_YAML = edit(
    edit(BASE_YAML, "    baseline: {date: 2024-01-01, value: 40}\n", "    baseline: {date: 2024-01-01, value: 40, assumed: true, note: Estimated by the forum}\n"),
    "    target: {date: 2025-01-01, value: 10}\n",
    "    target: {date: 2025-01-01, value: 10, assumed: true, note: In no source document}\n",
)
PROVENANCE_CSVS = {
    "observations.csv": "metric_id,date,value,illustrative\nwait,2024-03-01,45,true\nconfidence,2024-03-01,50,false\n",
    "updates.csv": "action_id,date,status,narrative,illustrative\nact-1,2024-03-01,green,Going well,true\n",
}


@pytest.fixture
def provenance_plan(tmp_path):
    return write_plan(tmp_path, PROVENANCE_YAML, PROVENANCE_CSVS)


def run_status(capsys, targets, data, *extra):
    assert main(["status", "--targets", str(targets), "--data", str(data), "--as-of", "2024-03-10", *extra]) == 0
    return capsys.readouterr().out


def test_status_table_has_the_assumed_column_and_marks_illustrative_values(capsys, provenance_plan):
    lines = run_status(capsys, *provenance_plan).splitlines()
    assert lines[1].split() == ["TYPE", "ID", "STATUS", "LATEST", "ASSUMED", "REASON"]
    wait = next(line for line in lines if line.startswith("metric  wait"))
    assert "45 weeks (illustrative)" in wait and "target  " in wait
    # 50 - 20 x 60/182 on the line from the sourced baseline to the sourced milestone: no mark
    assert "plan was 43.4 weeks;" in wait
    confidence = next(line for line in lines if line.startswith("metric  confidence"))
    # 40 + 40 x 60/731 on the line from the assumed baseline: marked
    assert " baseline " in confidence and "plan was 43.3% (assumed)" in confidence
    action = next(line for line in lines if line.startswith("action  act-1"))
    assert "(illustrative update of 1 Mar 2024)" in action


def test_status_json_and_csv_carry_the_provenance(capsys, provenance_plan):
    records = {r["id"]: r for r in json.loads(run_status(capsys, *provenance_plan, "--format", "json"))}
    assert (records["wait"]["illustrative"], records["wait"]["assumed"], records["wait"]["assumed_notes"]) == (True, ["target"], ["Target 10 weeks on 1 Jan 2025 is assumed: In no source document"])
    assert (records["confidence"]["illustrative"], records["confidence"]["assumed"]) == (False, ["baseline"])
    assert (records["act-1"]["illustrative"], records["act-1"]["reported"], records["act-1"]["update_overdue"]) == (True, "green", False)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run_status(capsys, *provenance_plan, "--format", "csv")))}
    assert (rows["wait"]["illustrative"], rows["wait"]["assumed"], rows["confidence"]["assumed"]) == ("True", "target", "baseline")


def test_the_report_lists_the_assumed_numbers_for_the_board_and_says_estimate_to_families(provenance_plan):
    loaded = load(*provenance_plan)
    board = render_html(build_report(loaded.plan, loaded.dataset, day("2024-03-10"), audience=BOARD, generated_on=day("2024-03-11")))
    assert "Target 10 weeks on 1 Jan 2025 is assumed: In no source document." in board
    assert "45 weeks on 1 Mar 2024 (illustrative value, not a published figure)" in board
    assert "Illustrative update: Going well" in board
    snap = public_snapshot(loaded.plan, loaded.dataset, day("2024-03-10"))
    public = render_html(build_report(snap.plan, snap.dataset, day("2024-03-10"), audience=FAMILIES, generated_on=day("2024-03-11")))
    assert "Not from a published source: assumed target, set by the partnership." in public
    assert "In no source document" not in public  # the board's note stays internal


# -- whole things, and nothing from the future ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(345.2, "places", "345 places"), (345.5, "places", "346 places"), (2.5, "children", "3 children"), (1.4, "children", "1 child"),
     (0.4, "plans", "0 plans"), (29999.6, "visits", "30,000 visits"), (8.3, "count", "8"), (22.9, "weeks", "22.9 weeks"), (57.2, "percent", "57.2%")],
)
def test_whole_things_are_whole_numbers(value, unit, text):
    assert format_value(value, unit) == text


@pytest.mark.parametrize(("gap", "unit", "text"), [(-13.6, "cases", "14 cases"), (0.3, "places", "less than 1 place"), (-0.5, "children", "1 child"), (1.25, "weeks", "1.2 weeks")])
def test_whole_gaps(gap, unit, text):
    assert format_amount(gap, unit) == text


def test_events_after_the_as_of_date_are_not_drawn():
    metric = make_metric(events=[{"date": "2024-01-05", "label": "Pathway opened"}, {"date": "2024-01-15", "label": "Future launch"}])
    s = metric_status(metric, make_series("m", [("2024-01-06", 80)]), day("2024-01-10"), DEFAULTS)
    chart = kpi_chart(s, make_series("m", [("2024-01-06", 80)]), BOARD)
    assert chart.events == [(day("2024-01-05"), "Pathway opened")]
    assert "Future launch" not in chart.alt_text
    later = kpi_chart(dataclasses.replace(s, as_of=day("2024-01-15")), make_series("m", [("2024-01-06", 80)]), BOARD)
    assert [label for _, label in later.events] == ["Pathway opened", "Future launch"]  # on its own day it is drawn


def test_the_public_view_of_a_trend_miss_gives_no_number_for_small_counts(tmp_path):
    # 4, 4, 4 children against a plan from 10 to 0 in 2024: better than planned, but the flat trend
    # ends at 4 on the target date, worse than 0 by more than the tolerance of 1: amber
    text = edit(BASE_YAML, "    unit: weeks\n", "    unit: children\n    suppress_small: true\n")
    text = edit(text, "    baseline: {date: 2024-01-01, value: 50}\n    milestones:\n      - {date: 2024-07-01, value: 30}\n", "    baseline: {date: 2024-01-01, value: 10}\n")
    text = edit(text, "    target: {date: 2025-01-01, value: 10}\n", "    target: {date: 2025-01-01, value: 0}\n")
    csvs = {"observations.csv": "metric_id,date,value\nwait,2024-01-15,4\nwait,2024-02-01,4\nwait,2024-03-01,4\n"}
    targets, data = write_plan(tmp_path, text, csvs)
    loaded = load(targets, data)
    assert loaded.ok, loaded.problems
    board = plan_status(loaded.plan, loaded.dataset, day("2024-03-10")).metrics[0]
    assert (board.status, board.basis) == (Status.AMBER, Basis.TREND_MISSES)
    assert metric_reason(board) == (
        "4 children on 1 Mar 2024; plan was 8 children; on plan now, but the trend of the latest 3 figures "
        "reaches 4 children by 1 Jan 2025 (target 0 children)."
    )
    s = public_snapshot(loaded.plan, loaded.dataset, day("2024-03-10")).status.metrics[0]
    assert (s.status, s.projection) == (Status.AMBER, None)
    assert metric_reason(s) == "Fewer than 5 on 1 Mar 2024; on plan now, but the recent trend does not reach the target of 0 children by 1 Jan 2025."
