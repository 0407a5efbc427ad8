"""The off-track list (metrics/views/offtrack.py), the action plan view (metrics/views/action_plan.py) and
the data & sources page's content (metrics/views/sources.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from metrics import cli
from metrics.domain.load import load
from metrics.domain.plan import Defaults, load_plan
from metrics.domain.rules import plan_status
from metrics.domain.status import Status
from metrics.render.tables import to_csv_bytes
from metrics.views.action_plan import (
    action_rows,
    action_status_by_id,
    filter_actions,
    history_rows,
    summary_sentence,
)
from metrics.views.audience import internal_audience
from metrics.views.offtrack import (
    RECORD_COLUMNS,
    change_text,
    count_sentence,
    download_name,
    empty_sentence,
    filter_items,
    filter_options,
    off_track,
    records,
)
from metrics.views.sources import (
    GLOSSARY,
    check_command,
    check_line,
    freshness,
    overdue_sentence,
)

SMALL = Path(__file__).resolve().parent / "fixtures" / "small"
ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2025, 8, 1)

BOARD = internal_audience(Defaults())


def records_of(items):
    return records(items, BOARD)



def small_status(as_of: dt.date = AS_OF):
    loaded = load(SMALL / "targets.yaml", SMALL / "data")
    assert loaded.ok, loaded.problems
    return plan_status(loaded.plan, loaded.dataset, as_of)


# -- a hand-built plan: every ordering rule and tie ---------------------------------------------

# (id, area, observations as (date, value)); baseline 0 on 2024-01-01, target 100 on 2025-01-01,
# tolerance 10, monthly, so on 2024-01-01 the plan is 0 and the gap ratio is value / 10.
METRICS = [
    ("m_green", "a1", [("2024-01-01", 5)]),
    ("m_red_near", "a1", [("2024-01-01", -20)]),
    ("m_blue_stale", "a2", [("2023-06-01", 100)]),
    ("m_red_far", "a2", [("2024-01-01", -30)]),
    ("m_amber", "a2", [("2023-12-01", 0), ("2024-01-01", -5)]),
    ("m_red_tie", "a1", [("2023-12-01", -25), ("2024-01-01", -20)]),
    ("m_green_stale", "a1", [("2023-06-01", 5)]),
    ("m_blue", "a1", [("2024-01-01", 100)]),
    ("m_grey_fresh", "a2", []),
]
# (id, area, due, updates as (date, status))
ACTIONS = [
    ("a_red_later", "a1", "2023-12-31", [("2023-06-01", "red")]),
    ("a_red_late", "a2", "2023-06-30", [("2023-01-01", "green"), ("2023-05-01", "red")]),
    ("a_red_tie", "a1", "2023-06-30", [("2023-05-01", "red")]),
    ("a_amber", "a2", "2023-12-31", [("2023-03-01", "green"), ("2023-09-01", "amber")]),
    ("a_red_not_due", "a1", "2025-01-01", [("2023-09-01", "red")]),
    ("a_blue_past", "a1", "2023-01-01", [("2022-12-01", "blue")]),
    ("a_grey_past", "a2", "2023-01-01", []),
]
BUILT_AS_OF = dt.date(2024, 2, 1)
LEADS = {"a1": "Lead One", "a2": "Lead Two"}


def write_plan(folder: Path, metrics=METRICS, actions=ACTIONS) -> tuple[Path, Path]:
    lines = [
        "title: Built plan",
        "organisation: Test",
        "areas:",
        "  - {id: a1, title: Area one}",
        "  - {id: a2, title: Area two}",
        "metrics:" if metrics else "metrics: []",
    ]
    for ident, area, _ in metrics:
        lines += [
            f"  - id: {ident}",
            f"    title: Title {ident}",
            f"    area: {area}",
            "    unit: number",
            "    direction: increase",
            "    baseline: {date: 2024-01-01, value: 0}",
            "    target: {date: 2025-01-01, value: 100}",
            "    tolerance: 10",
            "    frequency: monthly",
            f"    lead: {LEADS[area]}",
            "    source: built",
            "    public: true",
        ]
    lines.append("actions:" if actions else "actions: []")
    for ident, area, due, _ in actions:
        lines += [
            f"  - id: {ident}",
            f"    title: Title {ident}",
            f"    area: {area}",
            f"    due: {due}",
            f"    lead: {LEADS[area]}",
            "    public: true",
        ]
    targets = folder / "targets.yaml"
    targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = folder / "data"
    data.mkdir()
    obs = ["metric_id,date,value"] + [f"{i},{d},{v}" for i, _, points in metrics for d, v in points]
    upd = ["action_id,date,status,narrative"] + [f"{i},{d},{s},note {i} {d}" for i, _, _, ups in actions for d, s in ups]
    (data / "observations.csv").write_text("\n".join(obs) + "\n", encoding="utf-8")
    (data / "updates.csv").write_text("\n".join(upd) + "\n", encoding="utf-8")
    return targets, data


@pytest.fixture
def built(tmp_path):
    targets, data = write_plan(tmp_path)
    loaded = load(targets, data)
    assert loaded.ok, loaded.problems
    return plan_status(loaded.plan, loaded.dataset, BUILT_AS_OF)


# -- which items, in which order ------------------------------------------------------------


def test_small_fixture_worst_first():
    items = off_track(small_status(), BOARD)
    # reds whose date has passed first (the missed wait, then the two overdue actions, equal due
    # dates in plan order), then the reds only behind their plan line, furthest behind first
    assert [i.id for i in items] == ["longest_wait", "act-2", "act-secret", "confidence", "secret_metric", "no_data_yet"]
    assert [i.status.value for i in items] == ["red", "red", "red", "red", "red", "grey"]
    # tribunals (green, data fresh) and act-1 (blue) need no attention
    assert "tribunals" not in {i.id for i in items} and "act-1" not in {i.id for i in items}


def test_built_plan_order_with_ties(built):
    ids = [i.id for i in off_track(built, BOARD)]
    assert ids == [
        # reds whose due date has passed: every overdue action is red (with no update, or whatever
        # it last reported), longest overdue first; equal due dates keep the plan's order
        "a_grey_past",
        "a_red_late",
        "a_red_tie",
        "a_red_later",
        "a_amber",
        # then the reds only behind their plan line, furthest behind (relative to the planned
        # change of 100) first; equal gaps keep the plan's order
        "m_red_far",
        "m_red_near",
        "m_red_tie",
        # then amber
        "m_amber",
        # then the rest: green and blue KPIs whose data is overdue
        "m_green_stale",
        "m_blue_stale",
    ]


def test_gap_ratio_and_days_overdue(built):
    items = {i.id: i for i in off_track(built, BOARD)}
    assert items["m_red_far"].relative_gap == pytest.approx(-0.3)
    assert items["m_red_near"].relative_gap == pytest.approx(-0.2)
    assert items["m_amber"].relative_gap == pytest.approx(-0.05)
    assert items["a_red_late"].relative_gap is None
    assert items["a_red_late"].days_overdue == (BUILT_AS_OF - dt.date(2023, 6, 30)).days
    assert items["a_red_later"].days_overdue == 32


def test_green_and_blue_only_when_their_data_is_overdue(built):
    items = {i.id: i for i in off_track(built, BOARD)}
    assert "m_green" not in items and "m_blue" not in items
    assert items["m_green_stale"].status.value == "green" and items["m_green_stale"].data_overdue
    assert items["m_blue_stale"].status.value == "blue" and items["m_blue_stale"].data_overdue
    # no data yet but not yet overdue; red but not yet due; blue and past its due date
    assert not {"m_grey_fresh", "a_red_not_due", "a_blue_past"} & set(items)


def test_data_overdue_only_kpi_in_small_fixture():
    item = next(i for i in off_track(small_status(), BOARD) if i.id == "no_data_yet")
    assert item.status.value == "grey"
    assert item.why == "Data overdue (due by 1 Jul 2025)"
    assert item.change == "no data yet"
    assert item.data_due_by == dt.date(2025, 7, 1)


def test_why_texts():
    items = {i.id: i for i in off_track(small_status(), BOARD)}
    assert items["confidence"].why == "Red"
    assert items["longest_wait"].why == "Red; deadline passed; data overdue (due by 14 Nov 2023)"
    assert items["act-2"].why == "Overdue action: due 31 Dec 2023; update overdue (due by 11 Aug 2023)"
    assert items["act-2"].reason == "Overdue since 31 Dec 2023; last reported amber on 30 Jun 2023. Update overdue: the next was due by 11 Aug 2023."
    assert items["longest_wait"].area_title == "Waiting times"
    assert items["longest_wait"].lead == "Autism pathway lead"


def test_change_texts(built):
    small = {i.id: i for i in off_track(small_status(), BOARD)}
    assert small["longest_wait"].change == "Green → Red"
    assert small["confidence"].change == "no change"
    assert small["secret_metric"].change == "new"
    assert small["act-2"].change == "new"
    items = {i.id: i for i in off_track(built, BOARD)}
    assert items["m_amber"].change == "Green → Amber"
    assert items["m_amber"].previous_date == dt.date(2023, 12, 1)
    assert items["m_red_tie"].change == "no change"
    assert items["a_red_late"].change == "Green → Red"
    assert items["a_amber"].change == "Green → Red"  # green when reported; red once overdue
    assert items["a_red_tie"].change == "new"
    assert items["a_grey_past"].change == "no update yet"
    assert change_text(BOARD.metric_words, Status.AMBER, Status.RED) == "Amber → Red"
    assert change_text(BOARD.metric_words, Status.RED, Status.RED) == "no change"
    assert change_text(BOARD.metric_words, None, Status.RED) == "new"


def test_change_is_judged_at_the_as_of_date():
    # before the second observation of 'confidence' existed there was nothing to compare with
    earlier = {i.id: i for i in off_track(small_status(dt.date(2024, 8, 1)), BOARD)}
    assert earlier["confidence"].change == "new"


# -- filters ---------------------------------------------------------------------------------


def test_filters(built):
    items = off_track(built, BOARD)
    assert filter_items(items) == items
    assert [i.id for i in filter_items(items, areas=["a1"])] == ["a_red_tie", "a_red_later", "m_red_near", "m_red_tie", "m_green_stale"]
    assert {i.lead for i in filter_items(items, leads=["Lead Two"])} == {"Lead Two"}
    assert [i.id for i in filter_items(items, statuses=[Status.AMBER, Status.BLUE])] == ["m_amber", "m_blue_stale"]
    assert [i.id for i in filter_items(items, areas=["a2"], statuses=[Status.RED])] == ["a_grey_past", "a_red_late", "a_amber", "m_red_far"]
    assert filter_items(items, areas=[]) == []


def test_filter_options(built):
    options = filter_options(off_track(built, BOARD), built.plan)
    assert options.areas == (("a1", "Area one"), ("a2", "Area two"))
    assert options.leads == ("Lead One", "Lead Two")
    assert [s.value for s in options.statuses] == ["red", "amber", "green", "blue"]
    small = filter_options(off_track(small_status(), BOARD), small_status().plan)
    assert small.statuses == (Status.RED, Status.GREY)


# -- sentences and downloads ---------------------------------------------------------------


def test_sentences(built):
    assert count_sentence(off_track(small_status(), BOARD)) == "4 KPIs and 2 actions need attention."
    items = off_track(built, BOARD)
    assert count_sentence(items) == "6 KPIs and 5 actions need attention."
    assert count_sentence([i for i in items if i.id == "m_amber"]) == "1 KPI needs attention."
    assert count_sentence([i for i in items if i.id in ("m_amber", "a_amber")]) == "1 KPI and 1 action need attention."
    assert count_sentence([i for i in items if i.kind == "action"]) == "5 actions need attention."
    assert empty_sentence(dt.date(2025, 3, 12)) == "Nothing is off track at 12 Mar 2025."
    assert download_name(AS_OF, "csv") == "off-track-2025-08-01.csv"


def test_nothing_off_track_before_anything_is_due(tmp_path):
    targets, data = write_plan(tmp_path, metrics=[("m_green", "a1", [("2024-01-01", 5)])], actions=[("a_ok", "a1", "2025-01-01", [("2024-01-15", "green")])])
    loaded = load(targets, data)
    assert off_track(plan_status(loaded.plan, loaded.dataset, BUILT_AS_OF), BOARD) == []


@pytest.mark.parametrize(("ident", "reference"), [("wsoa-1.1.1", "WSoA 1.1.1"), ("wsoa-1.2.1b", "WSoA 1.2.1b"), ("strategy-3.2", "Strategy 3.2"), ("A2.1", "A2.1")])
def test_the_plan_reference_board_papers_cite(ident, reference):
    from metrics.views.offtrack import reference_for

    assert reference_for(ident) == reference


def test_records_and_csv():
    rows = records_of(off_track(small_status(), BOARD))
    assert list(rows[0]) == list(RECORD_COLUMNS)
    assert rows[0]["title"] == "Longest wait for an autism assessment"
    assert rows[0]["status"] == "Red" and rows[0]["type"] == "KPI"
    # confidence: planned 40 + 40 x 1,307 / 1,825 = 68.65% on 31 Jul 2025; 58% is 10.65 points
    # behind, over the planned change of 40 points
    assert rows[3]["id"] == "confidence" and rows[3]["relative_gap"] == pytest.approx(-10.65 / 40, abs=0.001)
    assert rows[1]["type"] == "Action" and rows[1]["due"] == dt.date(2023, 12, 31) and rows[1]["days_overdue"] == 579
    # one fact per column: the KPI's numbers, the action's last report, and where they come from
    assert {k: rows[0][k] for k in ("latest_value", "unit", "planned", "target", "target_date", "gap", "tolerance", "basis", "illustrative", "assumed")} == {
        "latest_value": 22.0, "unit": "weeks", "planned": 87.531, "target": 13.0, "target_date": dt.date(2024, 3, 31),  # 125 - 112 x 92/275
        "gap": 65.531, "tolerance": 22.9, "basis": "deadline missed", "illustrative": "no", "assumed": "none",
    }
    assert {k: rows[1][k] for k in ("basis", "reported", "update_overdue", "illustrative", "reference")} == {
        "basis": "overdue", "reported": "Amber", "update_overdue": "yes", "illustrative": "no", "reference": "act-2",
    }
    assert rows[5]["relative_gap"] is None
    text = to_csv_bytes(rows, RECORD_COLUMNS).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in table] == ["longest_wait", "act-2", "act-secret", "confidence", "secret_metric", "no_data_yet"]
    assert table[0]["why"] == "Red; deadline passed; data overdue (due by 14 Nov 2023)"
    assert table[0]["change"] == "Green → Red"
    assert table[1]["due"] == "2023-12-31" and table[1]["as_of"] == "2025-08-01"


def test_download_neutralises_formulas(tmp_path):
    targets, data = write_plan(tmp_path, metrics=[("m_red_far", "a1", [("2024-01-01", -30)])], actions=[])
    targets.write_text(targets.read_text(encoding="utf-8").replace("title: Title m_red_far", "title: '=HYPERLINK(\"x\")'"), encoding="utf-8")
    loaded = load(targets, data)
    assert loaded.ok, loaded.problems
    rows = records_of(off_track(plan_status(loaded.plan, loaded.dataset, BUILT_AS_OF), BOARD))
    text = to_csv_bytes(rows, RECORD_COLUMNS).decode("utf-8-sig")
    assert next(csv.DictReader(io.StringIO(text)))["title"] == "'=HYPERLINK(\"x\")"


# -- the action plan -------------------------------------------------------------------------


def test_action_rows_and_filters():
    status = small_status()
    rows = action_rows(status, BOARD)
    # act-2 last reported amber, but it is overdue, so red
    assert [(r.id, r.status.value, r.overdue) for r in rows] == [("act-1", "blue", False), ("act-2", "red", True), ("act-secret", "red", True)]
    assert [r.update_overdue for r in rows] == [False, True, True]  # a completed action needs no more updates
    assert rows[1].narrative == "Internal: slow uptake" and rows[1].area_title == "Parent carer voice"
    assert [r.id for r in filter_actions(rows, overdue="overdue")] == ["act-2", "act-secret"]
    assert [r.id for r in filter_actions(rows, overdue="not overdue")] == ["act-1"]
    assert [r.id for r in filter_actions(rows, areas=["waits"])] == ["act-1", "act-secret"]
    assert [r.id for r in filter_actions(rows, statuses=[Status.RED, Status.BLUE])] == ["act-1", "act-2", "act-secret"]
    assert [r.id for r in filter_actions(rows, statuses=[Status.AMBER])] == []
    assert filter_actions(rows, statuses=[]) == []
    with pytest.raises(ValueError):
        filter_actions(rows, overdue="late")
    assert summary_sentence(rows, 3, BOARD) == "Showing 3 of 3 actions: 2 red, 1 blue; 2 overdue; 2 with updates overdue."
    assert summary_sentence(rows[:2], 3, BOARD) == "Showing 2 of 3 actions: 1 red, 1 blue; 1 overdue; 1 with its update overdue."
    assert summary_sentence([], 3, BOARD) == "No actions match the filters (out of 3)."


def test_action_history_newest_first_and_up_to_the_as_of_date():
    history = history_rows(action_status_by_id(small_status(), "act-1"))
    assert [(u.date, u.status.value, u.public_narrative) for u in history] == [
        (dt.date(2023, 2, 28), "blue", "Published in February"),
        (dt.date(2022, 6, 30), "green", "On track"),
    ]
    assert len(history_rows(action_status_by_id(small_status(dt.date(2022, 12, 31)), "act-1"))) == 1


# -- data & sources --------------------------------------------------------------------------


def test_check_line_is_what_the_cli_prints(capsys):
    targets, data = "tests/fixtures/small/targets.yaml", "tests/fixtures/small/data"
    loaded = load(SMALL / "targets.yaml", SMALL / "data")
    assert cli.main(["check", "--targets", str(SMALL / "targets.yaml"), "--data", str(SMALL / "data")]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == check_line(loaded.plan, loaded.dataset, str(SMALL / "targets.yaml"), str(SMALL / "data"))
    assert check_line(loaded.plan, loaded.dataset, targets, data) == (
        "OK: tests/fixtures/small/targets.yaml and tests/fixtures/small/data (2 CSV files): 2 areas, 5 metrics, "
        "3 actions, 7 observations, 4 action updates; no problems."
    )
    assert check_command(targets, data) == "python -m metrics check --targets tests/fixtures/small/targets.yaml --data tests/fixtures/small/data"
    assert check_command("my plan.yaml", "data") == "python -m metrics check --targets 'my plan.yaml' --data data"


def test_freshness_overdue_first():
    rows = freshness(small_status())
    assert [(r.metric_id, r.overdue) for r in rows] == [
        ("longest_wait", True),
        ("secret_metric", True),
        ("no_data_yet", True),
        ("tribunals", False),
        ("confidence", False),
    ]
    assert rows[0].latest_date == dt.date(2023, 9, 30) and rows[0].due_by == dt.date(2023, 11, 14)
    assert rows[2].latest_date is None and rows[0].frequency == "monthly" and rows[0].source == "test fixture"
    assert overdue_sentence(rows) == "Data is overdue for 3 of 5 KPIs."


def test_source_documents_and_glossary():
    documents = load_plan(ROOT / "targets.yaml", "targets.yaml")[0].documents  # the sample plan's
    assert len(documents) == 5
    assert len({d.file for d in documents}) == 5
    seeds = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "README.md"  # ../shared/seeds beside the repository
    assert seeds.is_file(), f"the source documents are missing: expected {seeds} (../shared/seeds relative to the repository root)"
    readme = seeds.read_text(encoding="utf-8")
    assert all(d.file in readme for d in documents)
    terms = {part for term, _ in GLOSSARY for part in term.split(" / ")}
    for abbreviation in ("SEND", "EHCP", "EHC plan", "SRP", "WSoA", "BRAG", "KPI", "ICB", "SENCO", "CQC", "Ofsted", "DfE", "NHSE", "LA", "PCF", "SPC"):
        assert abbreviation in terms, abbreviation
    assert [t for t, _ in GLOSSARY] == sorted((t for t, _ in GLOSSARY), key=str.casefold)
    assert all(meaning.strip() for _, meaning in GLOSSARY)

