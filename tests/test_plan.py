"""targets.yaml: what a valid plan gives, and the exact message for every way it can be wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics.domain.plan import Defaults, Metric, SpcSettings, load_plan
from tests.helpers import (
    BASE_YAML,
    SMALL,
    edit,
    make_metric,
    problem_lines,
    snapshot,
    write_plan,
)


def plan_lines(tmp_path, text: str) -> list[str]:
    """Every problem in the plan alone, as `check` prints it (the data is tested in test_data.py)."""
    targets = tmp_path / "targets.yaml"
    targets.write_text(text, encoding="utf-8")
    return [str(p) for p in sorted(load_plan(targets, "targets.yaml")[1])]


# -- a valid plan ----------------------------------------------------------------------------


def test_valid_plan_is_read_with_every_value(tmp_path):
    targets, _ = write_plan(tmp_path)
    plan, problems = load_plan(targets, "targets.yaml")
    assert problems == []
    assert (plan.title, plan.organisation) == ("Test plan", "Test council")
    assert [a.id for a in plan.areas] == ["waits"]
    wait = plan.metric("wait")
    assert wait.direction == "decrease"
    assert (wait.baseline.date, wait.baseline.value) == (dt.date(2024, 1, 1), 50.0)
    assert [(p.date, p.value) for p in wait.milestones] == [(dt.date(2024, 7, 1), 30.0)]
    assert (wait.target.date, wait.target.value) == (dt.date(2025, 1, 1), 10.0)
    assert [p.value for p in wait.trajectory] == [50.0, 30.0, 10.0]
    assert wait.is_percent is False and plan.metric("confidence").is_percent is True
    assert (wait.tolerance, wait.suppress_small, wait.events, wait.spc, wait.description) == (None, False, (), None, None)
    assert plan.action("act-1").due == dt.date(2024, 6, 30)
    assert plan.metric("nope") is None and plan.action("nope") is None


def test_defaults_when_not_given(tmp_path):
    plan, _ = load_plan(write_plan(tmp_path)[0])
    assert plan.defaults == Defaults(amber_tolerance=0.1, suppress_below=5, min_public_n=10)


def test_defaults_given(tmp_path):
    text = edit(BASE_YAML, "areas:\n", "defaults:\n  amber_tolerance: 0.25\n  suppress_below: 10\n  min_public_n: 30\nareas:\n")
    plan, problems = load_plan(write_plan(tmp_path, text)[0])
    assert problems == []
    assert (plan.defaults.amber_tolerance, plan.defaults.suppress_below, plan.defaults.min_public_n) == (0.25, 10, 30)


def test_optional_fields_are_read(tmp_path):
    text = edit(
        BASE_YAML,
        "    public: true\n  - id: confidence",
        "    public: true\n"
        "    description: From referral to diagnosis\n"
        "    tolerance: 2.5\n"
        "    suppress_small: true\n"
        "    events:\n      - {date: 2024-05-01, label: New provider}\n"
        "    spc: {screen_outliers: false, rebase: [2024-04-01, 2024-09-01], baseline_points: 12, rules: mdc_excel}\n"
        "  - id: confidence",
    )
    text = edit(text, "    due: 2024-06-30\n", "    due: 2024-06-30\n    description: Write it up\n    source: WSoA\n")
    plan, problems = load_plan(write_plan(tmp_path, text)[0])
    assert problems == []
    wait = plan.metric("wait")
    assert (wait.description, wait.tolerance, wait.suppress_small) == ("From referral to diagnosis", 2.5, True)
    assert [(e.date, e.label) for e in wait.events] == [(dt.date(2024, 5, 1), "New provider")]
    assert wait.spc.screen_outliers is False
    assert wait.spc.rebase == (dt.date(2024, 4, 1), dt.date(2024, 9, 1))
    assert (wait.spc.baseline_points, wait.spc.rules) == (12, "mdc_excel")
    assert (plan.action("act-1").description, plan.action("act-1").source) == ("Write it up", "WSoA")


@pytest.mark.parametrize("unit", ["percent", "%", "percentage", "Percent"])
def test_percent_units(unit):
    assert make_metric(unit=unit).is_percent is True


def test_quoted_date_is_accepted(tmp_path):
    text = edit(BASE_YAML, "due: 2024-06-30", 'due: "2024-06-30"')
    plan, problems = load_plan(write_plan(tmp_path, text)[0])
    assert problems == [] and plan.action("act-1").due == dt.date(2024, 6, 30)


def test_target_equal_to_baseline_is_allowed(tmp_path):
    text = edit(BASE_YAML, "target: {date: 2026-01-01, value: 80}", "target: {date: 2026-01-01, value: 40}")
    assert plan_lines(tmp_path, text) == []


def test_the_small_fixture_is_valid():
    plan, problems = load_plan(SMALL / "targets.yaml")
    assert problems == []
    assert [m.id for m in plan.metrics] == ["longest_wait", "confidence", "tribunals", "secret_metric", "no_data_yet"]


# -- one message per way the plan can be wrong -----------------------------------------------

M = "targets.yaml:{line}: metric 'wait': "
C = "targets.yaml:{line}: metric 'confidence': "
A = "targets.yaml:{line}: action 'act-1': "

CASES = [
    # field values of the wrong kind
    ("bad date", "due: 2024-06-30", "due: 2024-13-01", [A.format(line=35) + "due: '2024-13-01' is not a real date (use YYYY-MM-DD)"]),
    ("impossible date", "due: 2024-06-30", "due: 2023-02-29", [A.format(line=35) + "due: '2023-02-29' is not a real date (use YYYY-MM-DD)"]),
    ("date not ISO", "due: 2024-06-30", "due: 30/06/2024", [A.format(line=35) + "due: '30/06/2024' is not a date (use YYYY-MM-DD)"]),
    ("date without zero padding", "due: 2024-06-30", "due: 2024-6-30", [A.format(line=35) + "due: '2024-6-30' is not a date (use YYYY-MM-DD)"]),
    ("date and time", "due: 2024-06-30", "due: 2024-06-30 10:00:00", [A.format(line=35) + "due: '2024-06-30 10:00:00' is not a date (use YYYY-MM-DD)"]),
    ("empty date", "due: 2024-06-30", "due:", [A.format(line=35) + "due: is empty (give a date, YYYY-MM-DD)"]),
    (
        "bad baseline date",
        "baseline: {date: 2024-01-01, value: 50}",
        "baseline: {date: 2024-02-30, value: 50}",
        [M.format(line=12) + "baseline.date: '2024-02-30' is not a real date (use YYYY-MM-DD)"],
    ),
    (
        "bad milestone date",
        "- {date: 2024-07-01, value: 30}",
        "- {date: 2024-13-01, value: 30}",
        [M.format(line=14) + "milestones[0].date: '2024-13-01' is not a real date (use YYYY-MM-DD)"],
    ),
    ("value not a number", "value: 30}", "value: thirty}", [M.format(line=14) + "milestones[0].value: 'thirty' is not a number"]),
    ("value quoted", "value: 30}", "value: '30'}", [M.format(line=14) + "milestones[0].value: '30' is not a number"]),
    ("value true", "value: 30}", "value: true}", [M.format(line=14) + "milestones[0].value: YAML reads this as true/false, not a number"]),
    ("title yes", "    title: Longest wait\n", "    title: Yes\n", [M.format(line=8) + "title: YAML reads this as true/false, not text (put it in quotes)"]),
    ("id on", "  - id: wait\n", "  - id: on\n", ["targets.yaml:7: metric 'True': id: YAML reads this as true/false, not an id (put it in quotes)"]),
    ("value empty", "value: 30}", "value: }", [M.format(line=14) + "milestones[0].value: is empty (give a number)"]),
    ("value not finite", "value: 30}", "value: .inf}", [M.format(line=14) + "milestones[0].value: 'inf' is not a finite number"]),
    ("title a list", "    title: Longest wait\n", "    title: [Longest, wait]\n", [M.format(line=8) + "title: '['Longest', 'wait']' is not text (put it in quotes)"]),
    ("title a number", "    title: Longest wait\n", "    title: 42\n", [M.format(line=8) + "title: '42' is not text (put it in quotes)"]),
    ("title empty", "    title: Longest wait\n", "    title:\n", [M.format(line=8) + "title: is empty"]),
    ("title blank", "    title: Longest wait\n", "    title: '  '\n", [M.format(line=8) + "title: is empty"]),
    ("public not a flag", "public: true\n  - id: confidence", "public: maybe\n  - id: confidence", [M.format(line=19) + "public: 'maybe' is not true or false"]),
    ("public quoted", "public: true\n  - id: confidence", "public: 'true'\n  - id: confidence", [M.format(line=19) + "public: 'true' is text in quotes; write true or false without quotes"]),
    ("public empty", "public: true\n  - id: confidence", "public:\n  - id: confidence", [M.format(line=19) + "public: is empty (give true or false)"]),
    ("direction", "direction: decrease", "direction: down", [M.format(line=11) + "direction: 'down' is not one of: increase or decrease"]),
    ("frequency", "frequency: monthly", "frequency: weekly", [M.format(line=16) + "frequency: 'weekly' is not one of: monthly, quarterly, termly or annual"]),
    ("baseline a number", "baseline: {date: 2024-01-01, value: 50}", "baseline: 50", [M.format(line=12) + "baseline: must be a mapping of fields (name: value)"]),
    ("milestones not a list", "    milestones:\n      - {date: 2024-07-01, value: 30}\n", "    milestones: {date: 2024-07-01, value: 30}\n", [M.format(line=13) + "milestones: must be a list (each item starting with '- ')"]),
    ("tolerance negative", "public: true\n  - id: confidence", "public: true\n    tolerance: -1\n  - id: confidence", [M.format(line=20) + "tolerance: '-1' is too small (must be at least 0)"]),
    ("tolerance text", "public: true\n  - id: confidence", "public: true\n    tolerance: lots\n  - id: confidence", [M.format(line=20) + "tolerance: 'lots' is not a number"]),
    ("event without label", "public: true\n  - id: confidence", "public: true\n    events: [{date: 2024-05-01}]\n  - id: confidence", [M.format(line=20) + "events[0].label: missing (required)"]),
    ("event bad date", "public: true\n  - id: confidence", "public: true\n    events: [{date: May 2024, label: x}]\n  - id: confidence", [M.format(line=20) + "events[0].date: 'May 2024' is not a date (use YYYY-MM-DD)"]),
    ("spc not a mapping", "public: true\n  - id: confidence", "public: true\n    spc: yes\n  - id: confidence", [M.format(line=20) + "spc: must be a mapping of fields (name: value)"]),
    (
        "spc fields",
        "public: true\n  - id: confidence",
        "public: true\n    spc: {baseline_points: 6, rules: western, screen_outliers: 1, colour: red}\n  - id: confidence",
        [
            M.format(line=20) + "spc.baseline_points: '6' is too small (must be at least 12)",
            M.format(line=20) + f"spc.colour: unknown field (allowed here: {', '.join(sorted(SpcSettings.model_fields))})",
            M.format(line=20) + "spc.rules: 'western' is not one of: nhsr or mdc_excel",
            M.format(line=20) + "spc.screen_outliers: '1' is not true or false",
        ],
    ),
    ("spc baseline_points not whole", "public: true\n  - id: confidence", "public: true\n    spc: {baseline_points: 12.5}\n  - id: confidence", [M.format(line=20) + "spc.baseline_points: '12.5' is not a whole number"]),
    (
        "spc rebase out of order",
        "public: true\n  - id: confidence",
        "public: true\n    spc:\n      rebase: [2024-09-01, 2024-04-01]\n  - id: confidence",
        [M.format(line=21) + "spc.rebase[1]: 2024-04-01 is not after the date before it; list rebase dates in order"],
    ),
    # ids
    ("id with a space", "  - id: wait\n", "  - id: long wait\n", ["targets.yaml:7: metric 'long wait': id: 'long wait' is not a valid id (use letters, digits, '_', '-' or '.', no spaces)"]),
    ("id a number", "  - id: wait\n", "  - id: 7\n", ["targets.yaml:7: metric '7': id: '7' is not an id (put it in quotes: letters, digits, '_', '-' or '.')"]),
    ("duplicate metric id", "  - id: confidence\n", "  - id: wait\n", ["targets.yaml:20: metric 'wait': id: duplicate id (first used on line 7)"]),
    ("duplicate area id", "    title: Waiting times\n", "    title: Waiting times\n  - id: waits\n    title: Again\n", ["targets.yaml:6: area 'waits': id: duplicate id (first used on line 4)"]),
    # fields missing or unknown
    ("missing field", "    unit: weeks\n", "", [M.format(line=7) + "unit: missing (required)"]),
    ("missing target", "    target: {date: 2025-01-01, value: 10}\n", "", [M.format(line=7) + "target: missing (required)"]),
    ("missing baseline value", "baseline: {date: 2024-01-01, value: 50}", "baseline: {date: 2024-01-01}", [M.format(line=12) + "baseline.value: missing (required)"]),
    ("missing action due", "    due: 2024-06-30\n", "", [A.format(line=32) + "due: missing (required)"]),
    (
        "unknown metric field",
        "    lead: Pathway lead\n    source: Health data",
        "    lead: Pathway lead\n    colour: red\n    source: Health data",
        [M.format(line=18) + f"colour: unknown field (allowed here: {', '.join(sorted(Metric.model_fields))})"],
    ),
    ("unknown point field", "value: 30}", "value: 30, source: x}", [M.format(line=14) + "milestones[0].source: unknown field (allowed here: assumed, date, note, value)"]),
    ("assumed without a note", "value: 30}", "value: 30, assumed: true}", [M.format(line=14) + "milestones[0].assumed: an assumed number needs a note saying why, and by whom, it was assumed"]),
    ("assumed baseline without a note", "value: 50}", "value: 50, assumed: true}", [M.format(line=12) + "baseline.assumed: an assumed number needs a note saying why, and by whom, it was assumed"]),
    ("assumed not a flag", "value: 30}", "value: 30, assumed: 'yes', note: x}", [M.format(line=14) + "milestones[0].assumed: 'yes' is text in quotes; write true or false without quotes"]),
    ("empty note", "value: 30}", "value: 30, note: ''}", [M.format(line=14) + "milestones[0].note: is empty"]),
    ("unknown action field", "    due: 2024-06-30\n", "    due: 2024-06-30\n    owner: Bob\n", [A.format(line=36) + "owner: unknown field (allowed here: area, description, due, id, lead, public, source, title)"]),
    ("unknown area field", "    title: Waiting times\n", "    title: Waiting times\n    colour: red\n", ["targets.yaml:6: area 'waits': colour: unknown field (allowed here: description, id, title)"]),
    ("unknown top-level field", "organisation: Test council\n", "organisation: Test council\nowner: Bob\n", ["targets.yaml:3: owner: unknown field (allowed: actions, areas, background, contact, defaults, documents, local_authority, metrics, organisation, statistics, title)"]),
    ("missing title", "title: Test plan\n", "", ["targets.yaml:1: title: missing (required)"]),
    ("missing organisation", "organisation: Test council\n", "", ["targets.yaml:1: organisation: missing (required)"]),
    ("organisation a number", "organisation: Test council\n", "organisation: 12\n", ["targets.yaml:2: organisation: '12' is not text (put it in quotes)"]),
    # defaults
    (
        "defaults wrong",
        "areas:\n",
        "defaults:\n  amber_tolerance: -0.1\n  suppress_below: 5.5\n  min_public_n: 0\n  round: 2\nareas:\n",
        [
            "targets.yaml:4: defaults.amber_tolerance: '-0.1' is too small (must be at least 0)",
            "targets.yaml:5: defaults.suppress_below: '5.5' is not a whole number",
            "targets.yaml:6: defaults.min_public_n: '0' is too small (must be at least 1)",
            "targets.yaml:7: defaults.round: unknown field (allowed here: amber_tolerance, min_public_n, suppress_below, update_every_days)",
        ],
    ),
    (
        "defaults not whole numbers",
        "areas:\n",
        "defaults:\n  suppress_below: '5'\n  min_public_n: yes\nareas:\n",
        [
            "targets.yaml:4: defaults.suppress_below: '5' is not a whole number",
            "targets.yaml:5: defaults.min_public_n: YAML reads this as true/false, not a whole number",
        ],
    ),
    ("defaults not a mapping", "areas:\n", "defaults: 0.1\nareas:\n", ["targets.yaml:3: defaults: must be a mapping of fields (name: value)"]),
    # cross-field rules
    ("unknown area", "    area: waits\n    unit: weeks", "    area: queues\n    unit: weeks", [M.format(line=9) + "area: unknown area 'queues' (known areas: waits)"]),
    ("unknown action area", "    area: waits\n    due:", "    area: queues\n    due:", [A.format(line=34) + "area: unknown area 'queues' (known areas: waits)"]),
    (
        "baseline after target",
        "baseline: {date: 2024-01-01, value: 40}",
        "baseline: {date: 2026-06-01, value: 40}",
        [C.format(line=25) + "baseline.date: 2026-06-01 is not before the target date 2026-01-01"],
    ),
    (
        "baseline on the target date",
        "baseline: {date: 2024-01-01, value: 40}",
        "baseline: {date: 2026-01-01, value: 40}",
        [C.format(line=25) + "baseline.date: 2026-01-01 is not before the target date 2026-01-01"],
    ),
    (
        "milestone before the baseline",
        "- {date: 2024-07-01, value: 30}",
        "- {date: 2023-07-01, value: 30}",
        [M.format(line=14) + "milestones[0].date: 2023-07-01 is outside the plan's window: it must fall after the baseline (2024-01-01) and before the target (2025-01-01)"],
    ),
    (
        "milestone on the target date",
        "- {date: 2024-07-01, value: 30}",
        "- {date: 2025-01-01, value: 30}",
        [M.format(line=14) + "milestones[0].date: 2025-01-01 is outside the plan's window: it must fall after the baseline (2024-01-01) and before the target (2025-01-01)"],
    ),
    (
        "milestones out of order",
        "      - {date: 2024-07-01, value: 30}\n",
        "      - {date: 2024-07-01, value: 30}\n      - {date: 2024-05-01, value: 35}\n",
        [M.format(line=15) + "milestones[1].date: 2024-05-01 is not after the milestone before it (2024-07-01); list milestones in date order"],
    ),
    (
        "target worse than baseline (decrease)",
        "target: {date: 2025-01-01, value: 10}",
        "target: {date: 2025-01-01, value: 60}",
        [M.format(line=15) + "target.value: 60 is above the baseline 50, but direction is 'decrease' (which way is better?)"],
    ),
    (
        "target worse than baseline (increase)",
        "target: {date: 2026-01-01, value: 80}",
        "target: {date: 2026-01-01, value: 30}",
        [C.format(line=26) + "target.value: 30 is below the baseline 40, but direction is 'increase' (which way is better?)"],
    ),
    ("percent above 100", "target: {date: 2026-01-01, value: 80}", "target: {date: 2026-01-01, value: 120}", [C.format(line=26) + "target.value: 120 is not a percentage (must lie between 0 and 100)"]),
    ("percent below 0", "baseline: {date: 2024-01-01, value: 40}", "baseline: {date: 2024-01-01, value: -0.5}", [C.format(line=25) + "baseline.value: -0.5 is not a percentage (must lie between 0 and 100)"]),
    (
        "percent milestone",
        "    target: {date: 2026-01-01, value: 80}\n",
        "    milestones: [{date: 2025-01-01, value: 100.5}]\n    target: {date: 2026-01-01, value: 80}\n",
        [C.format(line=26) + "milestones[0].value: 100.5 is not a percentage (must lie between 0 and 100)"],
    ),
    # YAML itself
    ("duplicate key", "    public: true\n  - id: confidence", "    public: true\n    public: false\n  - id: confidence", ["targets.yaml:20: metric 'wait': public: duplicate key 'public' (first given on line 19)"]),
    ("duplicate key in a milestone", "value: 30}", "value: 30, value: 31}", ["targets.yaml:14: metric 'wait': milestones[0].value: duplicate key 'value' (first given on line 14)"]),
    ("duplicate key in an area", "    title: Waiting times\n", "    title: Waiting times\n    title: Waits\n", ["targets.yaml:6: area 'waits': title: duplicate key 'title' (first given on line 5)"]),
    ("duplicate key in an action", "    lead: Pathway lead\n    public: true\n", "    lead: Pathway lead\n    lead: Someone\n    public: true\n", ["targets.yaml:37: action 'act-1': lead: duplicate key 'lead' (first given on line 36)"]),
    ("complex key", "    unit: weeks\n", "    ? [unit]\n    : weeks\n", ["targets.yaml:7: metric 'wait': unit: missing (required)", "targets.yaml:10: metric 'wait': a key must be a plain word, not a list or mapping"]),
    ("missing id", "  - id: wait\n    title: Longest wait\n", "  - title: Longest wait\n", ["targets.yaml:7: metrics[0]: id: missing (required)"]),
    ("duplicate top-level key", "organisation: Test council\n", "organisation: Test council\ntitle: Again\n", ["targets.yaml:3: title: duplicate key 'title' (first given on line 1)"]),
    ("merge key", "    title: Longest wait\n", "    title: Longest wait\n    <<: {lead: x}\n", ["targets.yaml:9: metric 'wait': YAML merge keys ('<<') are not supported; write the fields out"]),
    ("syntax error", "    title: Longest wait\n", "    title: [Longest wait\n", ["targets.yaml:9: YAML syntax error: expected ',' or ']', but got ':'"]),
    ("indented too little", "    unit: weeks\n", "   unit: weeks\n", ["targets.yaml:10: YAML syntax error: expected <block end>, but found '<block mapping start>' (check the indentation)"]),
    ("colon in a plain value", "    title: Longest wait\n", "    title: Wait: longest\n", ["targets.yaml:8: YAML syntax error: mapping values are not allowed here"]),
    ("tab", "    unit: weeks\n", "\tunit: weeks\n", ["targets.yaml:10: YAML syntax error: found character '\\t' that cannot start any token"]),
    ("two documents", "organisation: Test council\n", "organisation: Test council\n---\n", ["targets.yaml:3: YAML syntax error: expected a single document in the stream, but found another document"]),
    ("custom tag", "    unit: weeks\n", "    unit: !weeks weeks\n", ["targets.yaml:10: metric 'wait': unit: YAML tag '!weeks' is not allowed (plain values only)"]),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_gives_one_exact_message(tmp_path, old, new, expected):
    assert plan_lines(tmp_path, edit(BASE_YAML, old, new)) == expected


def test_duplicate_action_id(tmp_path):
    text = BASE_YAML + "  - id: act-1\n    title: Again\n    area: waits\n    due: 2024-06-30\n    lead: L\n    public: true\n"
    assert plan_lines(tmp_path, text) == ["targets.yaml:38: action 'act-1': id: duplicate id (first used on line 32)"]


def test_the_same_id_for_a_metric_and_an_action_is_allowed(tmp_path):
    # Metrics and actions are told apart by 'type' in every output, and by their own CSV column.
    csvs = {"updates.csv": "action_id,date,status,narrative\nwait,2024-03-01,green,ok\n"}
    assert problem_lines(tmp_path, edit(BASE_YAML, "  - id: act-1\n", "  - id: wait\n"), csvs) == []


def test_an_area_with_a_problem_is_still_known_to_its_metrics(tmp_path):
    # One problem, reported once: not also "unknown area 'waits'" on every metric and action.
    text = edit(BASE_YAML, "    title: Waiting times\n", "    title: [Waiting times]\n")
    assert plan_lines(tmp_path, text) == ["targets.yaml:5: area 'waits': title: '['Waiting times']' is not text (put it in quotes)"]


def test_no_areas(tmp_path):
    text = edit(BASE_YAML, "areas:\n  - id: waits\n    title: Waiting times\n", "areas: []\n")
    lines = plan_lines(tmp_path, text)
    assert lines[0] == "targets.yaml:3: areas: no areas: list at least one area (id and title)"
    # every metric and the action then point at an area that does not exist
    assert lines[1:] == [
        "targets.yaml:7: metric 'wait': area: unknown area 'waits' (known areas: none)",
        "targets.yaml:20: metric 'confidence': area: unknown area 'waits' (known areas: none)",
        "targets.yaml:32: action 'act-1': area: unknown area 'waits' (known areas: none)",
    ]


def test_areas_not_a_list(tmp_path):
    text = edit(BASE_YAML, "areas:\n  - id: waits\n    title: Waiting times\n", "areas: waits\n")
    assert plan_lines(tmp_path, text)[0] == "targets.yaml:3: areas: must be a list of areas (each starting with '- id: ...')"


def test_area_not_a_mapping(tmp_path):
    text = edit(BASE_YAML, "  - id: waits\n    title: Waiting times\n", "  - waits\n")
    assert plan_lines(tmp_path, text)[0] == "targets.yaml:4: areas[0]: must be a mapping of fields (name: value)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["targets.yaml:1: the plan is empty (expected title, organisation, areas, metrics and actions)"]),
        ("# only a comment\n", ["targets.yaml:1: the plan is empty (expected title, organisation, areas, metrics and actions)"]),
        ("- title: T\n", ["targets.yaml:1: the plan must be a mapping with title, organisation, areas, metrics and actions"]),
        ("just words\n", ["targets.yaml:1: the plan must be a mapping with title, organisation, areas, metrics and actions"]),
        (
            "title: T\norganisation: O\nareas:\n  - {id: a, title: A}\n",
            ["targets.yaml:1: the plan has no metrics and no actions: nothing to show"],
        ),
        (
            "title: T\n",
            [
                "targets.yaml:1: the plan has no metrics and no actions: nothing to show",
                "targets.yaml:1: areas: missing (required)",
                "targets.yaml:1: organisation: missing (required)",
            ],
        ),
    ],
    ids=["empty file", "only a comment", "a list", "a word", "no metrics or actions", "title only"],
)
def test_empty_or_shapeless_plan(tmp_path, text, expected):
    assert plan_lines(tmp_path, text) == expected


def test_every_problem_is_reported_at_once_in_line_order(tmp_path):
    text = edit(BASE_YAML, "direction: decrease", "direction: down")
    text = edit(text, "frequency: termly", "frequency: weekly")
    text = edit(text, "due: 2024-06-30", "due: 2024-06-31")
    text = edit(text, "organisation: Test council\n", "organisation: Test council\nowner: Bob\n")
    assert plan_lines(tmp_path, text) == [
        "targets.yaml:3: owner: unknown field (allowed: actions, areas, background, contact, defaults, documents, local_authority, metrics, organisation, statistics, title)",
        "targets.yaml:12: metric 'wait': direction: 'down' is not one of: increase or decrease",
        "targets.yaml:28: metric 'confidence': frequency: 'weekly' is not one of: monthly, quarterly, termly or annual",
        "targets.yaml:36: action 'act-1': due: '2024-06-31' is not a real date (use YYYY-MM-DD)",
    ]


@pytest.mark.parametrize(
    "tagged",
    [
        "title: !!python/object/apply:os.system ['touch {marker}']\n",
        "title: !!python/object/new:os.system ['touch {marker}']\n",
        "title: !!python/name:os.system\n",
    ],
    ids=["apply", "new", "name"],
)
def test_python_tags_are_refused_and_never_run(tmp_path, tagged):
    marker = tmp_path / "ran"
    text = edit(BASE_YAML, "title: Test plan\n", tagged.format(marker=marker))
    lines = plan_lines(tmp_path, text)
    assert not marker.exists()
    tag = tagged.split()[1].split("'")[0].replace("!!", "tag:yaml.org,2002:")
    assert f"targets.yaml:1: title: YAML tag '{tag}' is not allowed (plain values only)" in lines


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda p: None, "targets.yaml: file not found"),
        (lambda p: p.mkdir(), "targets.yaml: is a folder, not a YAML file"),
        (lambda p: p.write_bytes(b"title: caf\xe9\n"), "targets.yaml:1: is not UTF-8 text (invalid continuation byte at byte 10)"),
    ],
    ids=["missing", "folder", "not utf-8"],
)
def test_unreadable_plan_file(tmp_path, setup, expected):
    setup(tmp_path / "targets.yaml")
    _, problems = load_plan(tmp_path / "targets.yaml", "targets.yaml")
    assert [str(p) for p in problems] == [expected]


@pytest.mark.parametrize("text", [BASE_YAML, edit(BASE_YAML, "direction: decrease", "direction: down")], ids=["valid", "with a problem"])
def test_the_plan_file_is_never_changed(tmp_path, text):
    targets, _ = write_plan(tmp_path, text)
    before = snapshot(tmp_path)
    load_plan(targets)
    assert snapshot(tmp_path) == before


def test_yaml_anchors_and_aliases_are_plain_values(tmp_path):
    text = edit(BASE_YAML, "    lead: Pathway lead\n    source: Health data\n", "    lead: &lead Pathway lead\n    source: Health data\n")
    text = edit(text, "    due: 2024-06-30\n    lead: Pathway lead\n", "    due: 2024-06-30\n    lead: *lead\n")
    plan, problems = load_plan(write_plan(tmp_path, text)[0])
    assert problems == [] and plan.action("act-1").lead == "Pathway lead"


# -- hardening: bounded reading, numbers, dates, control characters ------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("value: 50}", "value: 2.0e+15}", ["targets.yaml:12: metric 'wait': baseline.value: 2.0e+15 is too large: a number must lie between -1e15 and 1e15 (put it in quotes if it is text)"]),
        ("value: 50}", "value: 1000000000000001}", ["targets.yaml:12: metric 'wait': baseline.value: 1000000000000001 is too large: a number must lie between -1e15 and 1e15 (put it in quotes if it is text)"]),
        ("value: 50}", "value: 1000000000000000}", []),
        ("date: 2024-01-01, value: 50}", "date: 1899-12-31, value: 50}", ["targets.yaml:12: metric 'wait': baseline.date: 1899-12-31 is out of range: dates must lie between 1900-01-01 and 2199-12-31"]),
        ("due: 2024-06-30", "due: 9999-12-31", ["targets.yaml:35: action 'act-1': due: 9999-12-31 is out of range: dates must lie between 1900-01-01 and 2199-12-31"]),
        ("title: Test plan", 'title: "Test\\x0cplan"', ["targets.yaml:1: title: contains a control character (U+000C, form feed) at character 5: delete it (it cannot be seen, and spreadsheets refuse it)"]),
        ("title: Test plan", "title: Test\x1bplan", ["targets.yaml:1: contains a control character (U+001B, escape) at column 12: delete it (it cannot be seen, and spreadsheets refuse it)"]),
        ("title: Test plan", 'title: "a\\ud800"', ["targets.yaml:1: YAML syntax error: found invalid Unicode character escape code"]),
        ("    lead: Pathway lead\n    public: true\n", '    lead: Pathway lead\n    public: true\n    "bad\\x00key": 1\n', ["targets.yaml:38: action 'act-1': a key contains a control character (U+0000, NUL) at character 4: delete it (it cannot be seen, and spreadsheets refuse it)"]),
    ],
    ids=["2e15", "16 digits", "1e15 itself is fine", "before 1900", "year 9999", "escaped form feed", "escape typed in", "lone surrogate", "a key"],
)
def test_out_of_range_and_invisible_values_are_refused_once(tmp_path, old, new, expected):
    assert plan_lines(tmp_path, edit(BASE_YAML, old, new)) == expected


def test_update_every_days_is_at_most_ten_years(tmp_path):
    text = edit(BASE_YAML, "organisation: Test council\n", "organisation: Test council\ndefaults: {update_every_days: 3651}\n")
    assert plan_lines(tmp_path, text) == ["targets.yaml:3: defaults.update_every_days: '3651' is too large (must be at most 3650)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &a [1, 2]\n" + "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 10)}]\n" for p, k in zip("abcd", "bcde")), "targets.yaml:5: aliases repeat more than 10,000 values (here '*d', 3,111 values): write the values out instead"),
        ("title: &t\n  - x\n  - *t\n", "targets.yaml:3: alias '*t' is inside the value it repeats (&t on line 1): it would repeat for ever"),
        ("title: " + "[" * 51 + "]" * 51 + "\n", "targets.yaml:1: values are nested more than 50 levels deep (a plan needs 6)"),
        ("title: *nothing\n", "targets.yaml:1: YAML syntax error: found undefined alias 'nothing'"),
    ],
    ids=["aliases of aliases", "an alias inside its anchor", "51 levels", "an alias with no anchor"],
)
def test_yaml_that_would_not_end_is_refused_at_its_line(tmp_path, text, expected):
    assert plan_lines(tmp_path, text) == [expected]


def test_fifty_levels_of_nesting_are_read(tmp_path):
    text = edit(BASE_YAML, "    title: Waiting times\n", "    title: Waiting times\n    description: " + "[" * 47 + "]" * 47 + "\n")  # 3 levels to the area, 47 more
    assert plan_lines(tmp_path, text) == ["targets.yaml:6: area 'waits': description: '" + "[" * 47 + "]" * 47 + "' is not text (put it in quotes)"]


def test_an_unreadable_plan_is_a_problem(tmp_path, monkeypatch):
    import pathlib

    targets, _ = write_plan(tmp_path)
    real = pathlib.Path.open
    monkeypatch.setattr(pathlib.Path, "open", lambda self, *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied")) if self.name == "targets.yaml" else real(self, *a, **k))
    assert [str(p) for p in load_plan(targets, "targets.yaml")[1]] == ["targets.yaml: cannot be read (permission denied)"]


def test_a_syntax_error_far_into_a_big_plan_is_reported_quickly(tmp_path):
    """Past 250,000 characters the message is libyaml's, not re-read by the slow pure-Python parser."""
    import time

    text = BASE_YAML + "".join(f"  - id: act-{i}\n    title: Action {i}\n    area: waits\n    due: 2024-06-30\n    lead: L\n    public: true\n" for i in range(2, 3_000)) + "  - id: [broken\n"
    started = time.perf_counter()
    lines = plan_lines(tmp_path, text)
    assert lines == [f"targets.yaml:{text.count(chr(10)) + 1}: YAML syntax error: did not find expected ',' or ']'"]
    assert time.perf_counter() - started < 5


# -- "I statements" and the background (the public site's about page) ------------------------

BACKGROUND = """\
background:
  inspection:
    by: Ofsted and the Care Quality Commission
    start: 2021-07-12
    end: 2021-07-16
    reported: 2021-09-14
    weaknesses:
      - {text: the waiting times, area: waits}
  plan:
    - {text: The plan ran for two years., source: Plan document}
"""


def test_an_i_statement_and_a_background_are_read(tmp_path):
    text = edit(BASE_YAML, "    source: Health data\n", "    source: Health data\n    i_statement: {text: I do not wait long, who: children and young people, source: Plan 1.1}\n")
    plan, problems = load_plan(write_plan(tmp_path, text + BACKGROUND)[0])
    assert problems == []
    statement = plan.metric("wait").i_statement
    assert (statement.text, statement.who, statement.source) == ("I do not wait long", "children and young people", "Plan 1.1")
    assert plan.metric("confidence").i_statement is None
    inspection = plan.background.inspection
    assert (inspection.by, inspection.start, inspection.end, inspection.reported) == ("Ofsted and the Care Quality Commission", dt.date(2021, 7, 12), dt.date(2021, 7, 16), dt.date(2021, 9, 14))
    assert [(w.text, w.area) for w in inspection.weaknesses] == [("the waiting times", "waits")]
    assert [(p.text, p.source) for p in plan.background.plan] == [("The plan ran for two years.", "Plan document")]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    source: Health data\n", "    source: Health data\n    i_statement: {who: parent carers}\n",
         "targets.yaml:19: metric 'wait': i_statement.text: missing (required)"),
        ("    source: Health data\n", "    source: Health data\n    i_statement: {text: I can, by: parent carers}\n",
         "targets.yaml:19: metric 'wait': i_statement.by: unknown field (allowed here: source, text, who)"),
        ("    source: Health data\n", "    source: Health data\n    i_statement: I can find what I need\n",
         "targets.yaml:19: metric 'wait': i_statement: must be a mapping of fields (name: value)"),
        ("    start: 2021-07-12\n", "    start: 2021-07-20\n",
         "targets.yaml:41: background.inspection.start: 2021-07-20 is after the end of the inspection (2021-07-16)"),
        ("    reported: 2021-09-14\n", "    reported: 2021-07-01\n",
         "targets.yaml:43: background.inspection.reported: 2021-07-01 is before the end of the inspection (2021-07-16): findings are published after it"),
        ("area: waits}", "area: wiats}",
         "targets.yaml:45: background.inspection.weaknesses[0].area: unknown area 'wiats' (known areas: waits)"),
        ("    by: Ofsted and the Care Quality Commission\n", "",
         "targets.yaml:39: background.inspection.by: missing (required)"),
        ("    end: 2021-07-16\n", "    end: 16 July 2021\n",
         "targets.yaml:42: background.inspection.end: '16 July 2021' is not a date (use YYYY-MM-DD)"),
        ("  plan:\n", "  story:\n",
         "targets.yaml:46: background.story: unknown field (allowed here: inspection, plan)"),
    ],
)
def test_a_wrong_i_statement_or_background_is_refused_with_its_line(tmp_path, old, new, expected):
    assert plan_lines(tmp_path, edit(BASE_YAML + BACKGROUND, old, new)) == [expected]
