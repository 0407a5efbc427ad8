"""Public figures: only public items, no internal words, small numbers and small surveys withheld.

The small fixture plan has a secret metric and action whose words ('Zanzibar', 'Quixotic',
'Internal:') must never reach anything built for the public.
"""

from __future__ import annotations

import json

import pytest

from metrics.domain.data import load_data
from metrics.domain.plan import load_plan
from metrics.domain.public import public_plan, public_snapshot
from metrics.domain.rules import plan_status
from metrics.domain.withheld import withheld_for
from metrics.views.audience import public_audience, withheld_text
from metrics.views.records import status_records
from metrics.views.wording import latest_text, metric_reason, public_value_text
from tests.helpers import SMALL, day, edit, load_ok

SMALL_YAML = (SMALL / "targets.yaml").read_text(encoding="utf-8")
SECRET_WORDS = ("Zanzibar", "Quixotic", "secret", "Internal:", "small survey")
OBS = "metric_id,date,value,n,source,note,illustrative\n"
UPDATES = "action_id,date,status,narrative,public_narrative\n"


@pytest.fixture(scope="module")
def small():
    plan, _ = load_plan(SMALL / "targets.yaml")
    dataset, _ = load_data(SMALL / "data", plan)
    return plan, dataset


@pytest.fixture(scope="module")
def snap(small):
    return public_snapshot(*small, day("2025-08-01"))


def snapshot_of(tmp_path, observations: str, as_of: str, yaml_text: str = SMALL_YAML, updates: str = UPDATES):
    loaded = load_ok(tmp_path, yaml_text, {"obs.csv": OBS + observations, "updates.csv": updates})
    return public_snapshot(loaded.plan, loaded.dataset, day(as_of)), plan_status(loaded.plan, loaded.dataset, day(as_of))


# -- what is left out ------------------------------------------------------------------------


def test_only_public_metrics_and_actions(snap):
    assert [s.metric.id for s in snap.status.metrics] == ["longest_wait", "confidence", "tribunals", "no_data_yet"]
    assert [s.action.id for s in snap.status.actions] == ["act-1", "act-2"]
    assert [m.id for m in snap.plan.metrics] == ["longest_wait", "confidence", "tribunals", "no_data_yet"]
    assert [a.id for a in snap.plan.actions] == ["act-1", "act-2"]
    # act-2 is past its due date: red, whatever its lead last reported
    assert {k.value: n for k, n in snap.status.counts().items()} == {"blue": 1, "green": 1, "amber": 0, "red": 3, "grey": 1}


def test_an_area_with_nothing_public_is_left_out(tmp_path):
    text = edit(SMALL_YAML, "  - id: voice\n    title: Parent carer voice\n", "  - id: voice\n    title: Parent carer voice\n  - id: hidden\n    title: Hidden area\n")
    text = edit(text, "    title: Zanzibar restructure\n    area: waits\n", "    title: Zanzibar restructure\n    area: hidden\n")
    loaded = load_ok(tmp_path, text, {"u.csv": UPDATES})
    assert [a.id for a in public_plan(loaded.plan).areas] == ["waits", "voice"]
    assert [a.id for a in loaded.plan.areas] == ["waits", "voice", "hidden"]


def test_no_secret_word_in_anything_public(snap):
    text = json.dumps(status_records(snap.status, public_audience(snap.plan.defaults)), default=str)
    text += snap.dataset.observations.to_csv()
    text += json.dumps([u.__dict__ for u in snap.dataset.updates], default=str)
    text += json.dumps([[u.__dict__ for u in s.history] for s in snap.status.actions], default=str)
    text += snap.plan.model_dump_json()
    for word in SECRET_WORDS:
        assert word not in text, word


def test_the_internal_view_does_have_them(small):
    # So the test above could fail: the words are there to be left out.
    text = json.dumps(status_records(plan_status(*small, day("2025-08-01")), public_audience(small[0].defaults)), default=str)
    for word in ("Zanzibar", "Quixotic", "Internal:"):
        assert word in text


def test_internal_narratives_are_replaced_by_public_narratives(snap):
    act1, act2 = snap.status.actions
    assert (act1.latest.narrative, act2.latest.narrative) == ("Published in February", "Training has started")
    assert [u.narrative for u in act1.history] == ["On track", "Published in February"]
    assert [(u.action_id, u.narrative) for u in snap.dataset.updates] == [
        ("act-1", "On track"),
        ("act-1", "Published in February"),
        ("act-2", "Training has started"),
    ]


def test_no_public_narrative_means_no_narrative(tmp_path):
    snap, internal = snapshot_of(tmp_path, "", "2024-01-01", updates=UPDATES + "act-1,2023-01-01,green,Internal words,\n")
    assert snap.status.actions[0].latest.narrative == ""
    assert internal.actions[0].latest.narrative == "Internal words"


def test_notes_are_dropped_and_sources_kept(snap):
    rows = snap.dataset.series("confidence").rows()
    assert [r["note"] for r in rows] == ["", ""]
    assert [r["source"] for r in rows] == ["survey", "survey"]


def test_public_data_stops_at_the_as_of_date(small):
    snap = public_snapshot(*small, day("2024-12-31"))
    assert [r["date"].isoformat() for r in snap.dataset.series("confidence").rows()] == ["2024-07-31"]
    assert [u.date.isoformat() for u in snap.dataset.updates] == ["2022-06-30", "2023-02-28", "2023-06-30"]
    assert len(snap.dataset.series("secret_metric")) == 0


def test_statuses_are_decided_on_the_full_data(small, snap):
    internal = plan_status(*small, day("2025-08-01"))
    assert [(s.metric.id, s.status, s.planned) for s in snap.status.metrics] == [
        (s.metric.id, s.status, s.planned) for s in internal.metrics if s.metric.public
    ]


# -- small numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0 children"), (1, "fewer than 5"), (2, "fewer than 5"), (4, "fewer than 5"), (4.5, "fewer than 5"), (5, "5 children"), (6, "6 children")],
)
def test_suppress_small_hides_1_to_4(tmp_path, value, shown):
    snap, internal = snapshot_of(tmp_path, f"tribunals,2024-03-31,9,,,,\ntribunals,2025-03-31,{value},,,,\n", "2025-08-01")
    status = snap.status.metric("tribunals")
    hidden = shown == "fewer than 5"
    assert latest_text(status) == shown
    assert (status.latest_value, shown_withheld(status.withheld)) == ((None, "fewer than 5") if hidden else (value, ""))
    assert status.status == internal.metric("tribunals").status
    rows = snap.dataset.series("tribunals").rows()
    assert [(r["value"], shown_withheld(r["withheld"])) for r in rows] == [(9.0, ""), (None, "fewer than 5") if hidden else (value, "")]
    assert status.projection is None  # never a trend through small counts
    assert internal.metric("tribunals").projection is not None
    record = status_records(snap.status, public_audience(snap.plan.defaults))[2]
    assert (record["id"], record["latest_value"], record["latest_text"]) == ("tribunals", None if hidden else value, shown)


@pytest.mark.parametrize(
    ("observations", "as_of", "status", "reason"),
    [
        ("tribunals,2025-03-31,3,,,,\n", "2025-08-01", "green", "Fewer than 5 on 31 Mar 2025; on plan or better."),
        ("tribunals,2025-03-31,1,,,,\n", "2025-08-01", "blue", "Target met: fewer than 5 on 31 Mar 2025."),
        ("tribunals,2026-12-01,3,,,,\n", "2027-01-01", "red", "Deadline passed: fewer than 5 on 1 Dec 2026; the target was fewer than 5 by 31 Dec 2026."),
        ("tribunals,2022-01-01,4,,,,\n", "2022-02-01", "green", "Fewer than 5 on 1 Jan 2022; on plan or better."),
    ],
    ids=["green", "blue", "deadline", "on the baseline date"],
)
def test_suppressed_reason_never_gives_the_number(tmp_path, observations, as_of, status, reason):
    snap, internal = snapshot_of(tmp_path, observations, as_of)
    result = snap.status.metric("tribunals")
    assert (result.status.value, metric_reason(result)) == (status, reason)
    assert (result.gap, result.certainty, result.projection) == (None, None, None)
    assert metric_reason(internal.metric("tribunals")) != reason  # the internal reason gives the number


def test_suppressed_value_worse_than_planned(tmp_path):
    # a plan from 3 down to 0: on 31 Dec 2025 the plan is 0.6, so 4 is 3.4 worse (tolerance 0.3)
    text = edit(SMALL_YAML, "    baseline: {date: 2022-01-01, value: 20}\n    target: {date: 2026-12-31, value: 2}", "    baseline: {date: 2022-01-01, value: 3}\n    target: {date: 2026-12-31, value: 0}")
    snap, internal = snapshot_of(tmp_path, "tribunals,2025-12-31,4,,,,\n", "2026-01-01", text)
    result = snap.status.metric("tribunals")
    assert (result.status, metric_reason(result)) == (internal.metric("tribunals").status, "Fewer than 5 on 31 Dec 2025; worse than planned.")
    assert result.status.value == "red"


def test_suppress_below_comes_from_the_plan(tmp_path):
    text = edit(SMALL_YAML, "  suppress_below: 5\n", "  suppress_below: 10\n")
    snap, _ = snapshot_of(tmp_path, "tribunals,2024-03-31,9,,,,\ntribunals,2025-03-31,10,,,,\n", "2025-08-01", text)
    assert [shown_withheld(r["withheld"]) for r in snap.dataset.series("tribunals").rows()] == ["fewer than 10", ""]
    assert latest_text(snap.status.metric("tribunals")) == "10 children"


def test_small_values_of_a_metric_without_suppress_small_are_shown(tmp_path):
    snap, _ = snapshot_of(tmp_path, "longest_wait,2023-01-31,3,,,,\n", "2023-02-01")
    assert latest_text(snap.status.metric("longest_wait")) == "3 weeks"


# -- small surveys ---------------------------------------------------------------------------


def test_a_small_survey_is_withheld_everywhere(snap, small):
    status = snap.status.metric("confidence")
    assert status.status.value == "red"  # decided on the full data
    assert metric_reason(status) == "Withheld (fewer than 10 responses) on 31 Jul 2025; worse than planned."
    assert latest_text(status) == "withheld (fewer than 10 responses)"
    assert (status.latest_value, status.latest_n, status.gap, status.certainty, status.projection) == (None,) * 5
    rows = snap.dataset.series("confidence").rows()
    assert [(r["value"], r["n"], shown_withheld(r["withheld"])) for r in rows] == [(55.0, 120, ""), (None, None, "withheld (fewer than 10 responses)")]
    record = next(r for r in status_records(snap.status, public_audience(snap.plan.defaults)) if r["id"] == "confidence")
    assert (record["latest_value"], record["gap"], record["projection"]) == (None, None, None)
    assert "58" not in record["reason"] + record["latest_text"]
    assert plan_status(*small, day("2025-08-01")).metric("confidence").latest_value == 58


@pytest.mark.parametrize(("n", "withheld"), [("1", True), ("9", True), ("10", False), ("500", False), ("", False)])
def test_survey_withheld_below_min_public_n(tmp_path, n, withheld):
    snap, _ = snapshot_of(tmp_path, f"confidence,2025-07-31,58,{n},,,\n", "2025-08-01")
    status = snap.status.metric("confidence")
    assert latest_text(status) == ("withheld (fewer than 10 responses)" if withheld else "58%")
    assert (status.certainty is None) == (withheld or n == "")


def test_min_public_n_comes_from_the_plan(tmp_path):
    text = edit(SMALL_YAML, "  min_public_n: 10\n", "  min_public_n: 50\n")
    snap, _ = snapshot_of(tmp_path, "confidence,2025-07-31,58,49,,,\n", "2025-08-01", text)
    assert latest_text(snap.status.metric("confidence")) == "withheld (fewer than 50 responses)"


def test_a_withheld_survey_result_does_not_leak_through_the_projection(tmp_path):
    # 55 (n=120), 58 (n=8, withheld), 60 (n=200): from the line through all three and the two shown
    # values, anyone could work out the withheld one. So no projection while it is among the points.
    observations = "confidence,2024-07-31,55,120,,,\nconfidence,2025-07-31,58,8,,,\nconfidence,2026-01-31,60,200,,,\n"
    snap, internal = snapshot_of(tmp_path, observations, "2026-02-01")
    assert internal.metric("confidence").projection.points_used == 3
    assert latest_text(snap.status.metric("confidence")) == "60%"
    assert snap.status.metric("confidence").projection is None


def test_a_withheld_survey_result_older_than_the_projection_points_does_not_stop_it(tmp_path):
    observations = "confidence,2023-01-31,50,8,,,\n" + "".join(f"confidence,{year}-07-31,{value},100,,,\n" for year, value in zip(range(2023, 2029), (52, 54, 56, 58, 60, 62)))
    text = edit(SMALL_YAML, "target: {date: 2026-12-31, value: 80}", "target: {date: 2030-12-31, value: 80}")
    snap, _ = snapshot_of(tmp_path, observations, "2028-08-01", text)
    assert snap.status.metric("confidence").projection.points_used == 6


def test_a_non_percent_metric_with_a_small_n_is_shown(tmp_path):
    snap, _ = snapshot_of(tmp_path, "longest_wait,2023-01-31,30,3,,,\n", "2023-02-01")
    assert latest_text(snap.status.metric("longest_wait")) == "30 weeks"


# -- the helpers -----------------------------------------------------------------------------


def test_public_value_text(small):
    plan = small[0]
    assert public_value_text(plan.metric("tribunals"), None, None, plan.defaults) == "–"
    assert public_value_text(plan.metric("tribunals"), 3, None, plan.defaults) == "fewer than 5"
    assert public_value_text(plan.metric("confidence"), 58, 8, plan.defaults) == "withheld (fewer than 10 responses)"
    assert public_value_text(plan.metric("confidence"), 58, 10, plan.defaults) == "58%"
    assert withheld_for(plan.metric("confidence"), 58, float("nan"), plan.defaults) is None


def test_a_data_folder_with_no_observations_at_all(tmp_path):
    loaded = load_ok(tmp_path, SMALL_YAML, {"updates.csv": UPDATES + "act-1,2023-01-01,green,Internal words,Public words\n"})
    snap = public_snapshot(loaded.plan, loaded.dataset, day("2025-08-01"))
    assert [(s.metric.id, s.status.value, metric_reason(s)) for s in snap.status.metrics][:2] == [
        ("longest_wait", "red", "No figures, and the target date 31 Mar 2024 has passed."),  # still nothing after its date
        ("confidence", "grey", "Not due yet; no figures so far."),
    ]
    assert len(snap.dataset.observations) == 0
    assert snap.status.actions[0].latest.narrative == "Public words"


def shown_withheld(withheld) -> str:
    """A withheld value as its words ('fewer than 5'), '' when the value is shown."""
    return withheld_text(withheld) if withheld else ""
