"""python -m metrics check | status, end to end: through a real process and through cli.main."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest

from metrics import settings
from metrics.cli import main
from tests.helpers import BASE_YAML, ROOT, SMALL, edit, snapshot, write_plan

SMALL_ARGS = ["--targets", "tests/fixtures/small/targets.yaml", "--data", "tests/fixtures/small/data"]
SECRET_WORDS = ("Zanzibar", "Quixotic", "secret", "Internal:")
METRIC_KEYS = {"id", "type", "title", "area", "status", "reason", "latest_date", "latest_value", "planned", "gap", "tolerance", "target_value", "target_date", "projection", "data_overdue"}
ACTION_KEYS = {"id", "type", "title", "area", "status", "reason", "due", "overdue"}


DASHBOARD_VARIABLES = [option.env for option in settings.OPTIONS if option.env]


def start(*args: str, cwd=ROOT, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`python -m metrics ARGS` with no DASHBOARD_* variables from the shell, only those in `env`."""
    inherited = {k: v for k, v in os.environ.items() if k not in DASHBOARD_VARIABLES}
    env = {**inherited, **(env or {}), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "metrics", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


PROBLEM_PLAN = edit(
    edit(edit(BASE_YAML, "title: Test plan\n", "title: !!python/object/apply:os.system ['touch MARKER']\n"), "direction: decrease", "direction: down"),
    "due: 2024-06-30",
    "due: 2024-06-31",
)
PROBLEM_CSVS = {
    "b.csv": "metric_id,date,value\nwait,2024-03-01,x\nwait,2024-13-01,1\n",
    "a.csv": "action_id,date,status,narrative\nact-1,2024-03-01,purple,x\n",
    "c.csv": b"\xff\xfe\x00m\x00e",
    "d.csv": "metric_id,date,value\nwait,2024-03-01,45\nwait,2024-04-01,45,1,2\n",
}


@pytest.fixture(scope="module")
def processes(tmp_path_factory):
    """The real-process runs, started together (each pays ~1 s of imports) and awaited once."""
    bad = tmp_path_factory.mktemp("bad")
    write_plan(bad, PROBLEM_PLAN.replace("MARKER", str(bad / "ran")), PROBLEM_CSVS)
    started = {
        "check": start("check", *SMALL_ARGS),
        "problems": start("check", "--targets", "targets.yaml", "--data", "data", cwd=bad),
        "status": start("status", *SMALL_ARGS, "--as-of", "2025-08-01", "--public", "--format", "json"),
        "env": start("status", "--format", "json", env={"DASHBOARD_TARGETS": SMALL_ARGS[1], "DASHBOARD_DATA": SMALL_ARGS[3], "DASHBOARD_AS_OF": "2025-08-01", "DASHBOARD_PUBLIC": "1"}),
        "env missing": start("check", env={"DASHBOARD_TARGETS": str(bad / "missing.yaml"), "DASHBOARD_DATA": SMALL_ARGS[3]}),
    }
    return {name: finish(process) for name, process in started.items()}, bad


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True)
def no_dashboard_environment(monkeypatch):
    """cli.main reads DASHBOARD_* variables: each test sets the ones it wants."""
    for name in DASHBOARD_VARIABLES:
        monkeypatch.delenv(name, raising=False)


# -- through a real process ------------------------------------------------------------------


def test_check_clean_plan_prints_one_line_and_exits_0(processes):
    result = processes[0]["check"]
    assert result.returncode == 0
    assert result.stdout == (
        "OK: tests/fixtures/small/targets.yaml and tests/fixtures/small/data (2 CSV files): "
        "2 areas, 5 metrics, 3 actions, 7 observations, 4 action updates; no problems.\n"
    )
    # every file it read, before that line, on stderr (the summary stays the one line on stdout)
    assert result.stderr == "tests/fixtures/small/data/observations.csv: read, 7 observations\ntests/fixtures/small/data/updates.csv: read, 4 action updates\n"


def test_check_with_problems_lists_every_one_sorted_and_exits_2_without_a_traceback(processes):
    results, bad = processes
    result, marker = results["problems"], bad / "ran"
    assert (result.returncode, result.stdout) == (2, "")
    assert not marker.exists()
    assert result.stderr.splitlines() == [
        "data/a.csv:2: action 'act-1': status: 'purple' is not a BRAG status (use blue, green, amber, red or grey)",
        "data/b.csv:2: metric 'wait': value: 'x' is not a number",
        "data/b.csv:3: metric 'wait': date: '2024-13-01' is not a real date",
        "data/c.csv: is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; save it as CSV UTF-8",
        "data/d.csv:3: has 5 fields but the header has 3 (a stray comma? quote text that contains commas)",
        "targets.yaml:1: title: '['touch " + str(marker) + "']' is not text (put it in quotes)",
        "targets.yaml:1: title: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed (plain values only)",
        "targets.yaml:11: metric 'wait': direction: 'down' is not one of: increase or decrease",
        "targets.yaml:35: action 'act-1': due: '2024-06-31' is not a real date (use YYYY-MM-DD)",
        "9 problems found; nothing was changed.",
    ]


def test_status_json_through_a_process(processes):
    result = processes[0]["status"]
    assert (result.returncode, result.stderr) == (0, "")
    records = json.loads(result.stdout)
    assert [(r["type"], r["id"], r["status"]) for r in records] == [
        ("metric", "longest_wait", "red"),
        ("metric", "confidence", "red"),
        ("metric", "tribunals", "green"),
        ("metric", "no_data_yet", "grey"),
        ("action", "act-1", "blue"),
        ("action", "act-2", "red"),
    ]


def test_the_environment_variables_through_a_process(processes):
    results, bad = processes
    by_env, by_flags = results["env"], results["status"]
    assert (by_env.returncode, by_env.stderr) == (0, "")
    assert json.loads(by_env.stdout) == json.loads(by_flags.stdout)  # the same as --targets, --data, --as-of, --public
    missing = results["env missing"]
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr.splitlines() == [f"{bad}/missing.yaml: file not found", "1 problem found; nothing was changed."]


# -- through cli.main ------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["2025-02-30", "2025-13-01", "01/08/2025", "20250801", "2025-W31-5", "yesterday", "2025-08-01T10:00"])
def test_bad_as_of_is_a_clear_message_and_exit_2(capsys, at_root, as_of):
    assert cli(capsys, "status", *SMALL_ARGS, "--as-of", as_of) == (2, "", f"--as-of: as-of date '{as_of}' is not a date (use YYYY-MM-DD)\n")


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        ([], "python -m metrics: error: the following arguments are required: COMMAND"),
        (["show"], "python -m metrics: error: argument COMMAND: invalid choice: 'show' (choose from "),
        (["status", "--format", "xml"], "python -m metrics status: error: argument --format: invalid choice: 'xml' (choose from 'table', 'csv', 'json')"),
        (["check", "--as-of", "2025-01-01"], "python -m metrics: error: unrecognized arguments: --as-of 2025-01-01"),
    ],
    ids=["no command", "unknown command", "unknown format", "check has no as-of"],
)
def test_usage_errors_exit_2(capsys, args, last_line):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith(last_line)


def test_status_table(capsys, at_root):
    code, out, err = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Test partnership plan: status as at 2025-08-01",
        "TYPE    ID             STATUS   LATEST          ASSUMED  REASON",
        "metric  longest_wait   ✖ Red    22 weeks                 Deadline passed: 22 weeks on 30 Sep 2023; the target was 13 weeks by 31 Mar 2024.",
        "metric  confidence     ✖ Red    58%                      58% on 31 Jul 2025; plan was 68.6%; 10.6 percentage points worse than planned (more than the tolerance of 4 percentage points).",
        # children and cases are whole things: 8.3 and 5.3 children read 8 and 5, 79.2 cases 79
        "metric  tribunals      ✔ Green  3 children               3 children on 31 Mar 2025; plan was 8 children; 5 children better than planned.",
        "metric  secret_metric  ✖ Red    90 cases                 90 cases on 31 Jan 2024; plan was 79 cases; 11 cases worse than planned (more than the tolerance of 5 cases).",
        "metric  no_data_yet    ○ Grey   No data yet              Not due yet; no figures so far.",
        "action  act-1          ★ Blue   due 2023-03-31           Completed and embedded (update of 28 Feb 2023).",
        # overdue: red, whatever the lead last reported; the last update is also over 42 days old
        "action  act-2          ✖ Red    due 2023-12-31           Overdue since 31 Dec 2023; last reported amber on 30 Jun 2023. Update overdue: the next was due by 11 Aug 2023.",
        "action  act-secret     ✖ Red    due 2023-12-31           Overdue since 31 Dec 2023; last reported red on 30 Jun 2023. Update overdue: the next was due by 11 Aug 2023.",
        "Totals: blue 1, green 1, amber 0, red 5, grey 1",
    ]


def test_status_public_table(capsys, at_root):
    code, out, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01", "--public")
    assert code == 0
    lines = out.splitlines()
    # the families' words ('Off track', 'Some concerns'), as on the public site
    assert lines[3] == "metric  confidence    ✖ Off track         withheld (fewer than 10 responses)           Withheld (fewer than 10 responses) on 31 Jul 2025; worse than planned."
    assert lines[4] == "metric  tribunals     ✔ On track          fewer than 5                                 Fewer than 5 on 31 Mar 2025; on plan or better."
    assert lines[7] == "action  act-2         ✖ Serious concerns  due 2023-12-31                               Overdue since 31 Dec 2023; last reported some concerns on 30 Jun 2023. Update overdue: the next was due by 11 Aug 2023."
    assert lines[-1] == "Totals: blue 1, green 1, amber 0, red 3, grey 1"


def test_status_json_has_the_keys_of_the_spec(capsys, at_root):
    code, out, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [r["type"] for r in records] == ["metric"] * 5 + ["action"] * 3
    for record in records:
        assert (METRIC_KEYS if record["type"] == "metric" else ACTION_KEYS) <= set(record), record["id"]
    tribunals = records[2]
    assert {k: tribunals[k] for k in METRIC_KEYS} == {
        "id": "tribunals",
        "type": "metric",
        "title": "Children placed out of area",
        "area": "waits",
        "status": "green",
        "reason": "3 children on 31 Mar 2025; plan was 8 children; 5 children better than planned.",  # whole children
        "latest_date": "2025-03-31",
        "latest_value": 3.0,
        "planned": 8.312329,  # 20 - 18 x 1185/1825 days
        "gap": 5.312329,
        "tolerance": 1.8,  # 0.1 x |2 - 20|
        "target_value": 2.0,
        "target_date": "2026-12-31",
        # 9 then 3 a year later: 6 fewer a year; 2 reached 426 days after 31 Mar 2024
        "projection": {"value_at_target_date": -7.520548, "target_reached_on": "2025-05-31", "points_used": 2},
        "data_overdue": False,
    }
    # provenance: the latest value is a real figure, and no plan number is assumed
    assert (tribunals["basis"], tribunals["illustrative"], tribunals["assumed"], tribunals["assumed_notes"]) == ("against plan", False, [], [])
    assert (records[0]["basis"], records[4]["basis"], records[4]["illustrative"]) == ("deadline missed", "no data", None)
    assert {k: records[6][k] for k in ACTION_KEYS} == {
        "id": "act-2",
        "type": "action",
        "title": "Train school staff",
        "area": "voice",
        "status": "red",
        "reason": "Overdue since 31 Dec 2023; last reported amber on 30 Jun 2023. Update overdue: the next was due by 11 Aug 2023.",
        "due": "2023-12-31",
        "overdue": True,
    }
    act2 = records[6]
    assert (act2["basis"], act2["reported"], act2["update_overdue"], act2["update_due_by"], act2["illustrative"]) == ("overdue", "amber", True, "2023-08-11", False)
    act1 = records[5]  # complete: no more updates are due
    assert (act1["basis"], act1["reported"], act1["update_overdue"], act1["update_due_by"]) == ("reported", "blue", False, None)
    grey = records[4]
    assert (grey["status"], grey["latest_date"], grey["latest_value"], grey["planned"], grey["gap"], grey["projection"], grey["data_overdue"]) == ("grey", None, None, None, None, None, True)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_public_output_has_no_secret_words_in_any_format(capsys, at_root, fmt):
    _, internal, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01", "--format", fmt)
    code, public, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01", "--format", fmt, "--public")
    assert code == 0
    assert "secret" in internal  # so the check below means something
    for word in SECRET_WORDS + ("Internal: done", "small survey"):
        assert word not in public, word


def test_public_json_uses_public_narratives(capsys, at_root):
    _, out, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01", "--format", "json", "--public")
    narratives = {r["id"]: r["narrative"] for r in json.loads(out) if r["type"] == "action"}
    assert narratives == {"act-1": "Published in February", "act-2": "Training has started"}


def test_as_of_changes_the_answer(capsys, at_root):
    _, out, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2023-10-01", "--format", "json")
    wait = json.loads(out)[0]
    assert (wait["status"], wait["reason"]) == ("green", "22 weeks on 30 Sep 2023; plan was 87.5 weeks; 65.5 weeks better than planned.")
    _, out, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2023-09-29", "--format", "json")
    wait = json.loads(out)[0]
    assert (wait["latest_date"], wait["latest_value"]) == ("2022-06-30", 200.0)


def test_as_of_outside_the_plans_window_is_moved_to_the_nearest_date_and_said(capsys, at_root):
    code, out, err = cli(capsys, "status", *SMALL_ARGS, "--as-of", "1999-06-30")
    first = out.splitlines()[0]
    assert code == 0 and first.startswith("Test partnership plan: status as at ") and "1999" not in first
    moved_to = first.rsplit(" ", 1)[1]
    assert err.strip() == f"--as-of: 1999-06-30 is before the dates this plan covers ({moved_to} to {err.split(' to ')[1].split(')')[0]}), so the dashboard shows {moved_to}, the nearest date it covers."
    code, out, err = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2101-01-01")
    assert "2101" not in out.splitlines()[0] and "2101-01-01 is after the dates this plan covers" in err


def test_as_of_defaults_to_today(capsys, at_root):
    before = dt.date.today().isoformat()
    _, out, _ = cli(capsys, "status", *SMALL_ARGS)
    after = dt.date.today().isoformat()
    assert out.splitlines()[0] in {f"Test partnership plan: status as at {d}" for d in (before, after)}


def test_csv_output(capsys, at_root):
    code, out, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["longest_wait", "confidence", "tribunals", "secret_metric", "no_data_yet", "act-1", "act-2", "act-secret"]
    assert (rows[2]["status"], rows[2]["latest_value"], rows[2]["target_date"]) == ("green", "3.0", "2026-12-31")
    assert json.loads(rows[2]["projection"]) == {"value_at_target_date": -7.520548, "target_reached_on": "2025-05-31", "points_used": 2}
    assert (rows[6]["due"], rows[6]["overdue"], rows[6]["latest_value"]) == ("2023-12-31", "True", "")


def test_csv_output_neutralises_formulas(capsys, tmp_path):
    text = edit(BASE_YAML, "    title: Longest wait\n", "    title: '=HYPERLINK(\"http://evil\",\"x\")'\n")
    text = edit(text, "    title: Parents confident\n", "    title: '+1+2'\n")
    text = edit(text, "    title: Publish pathway\n", "    title: '@SUM(A1)'\n")
    csvs = {"o.csv": "metric_id,date,value\nwait,2024-03-01,45\n", "u.csv": 'action_id,date,status,narrative\nact-1,2024-03-01,green,"-1+cmd|\' /C calc\'!A0"\n'}
    targets, data = write_plan(tmp_path, text, csvs)
    code, out, _ = cli(capsys, "status", "--targets", str(targets), "--data", str(data), "--as-of", "2024-04-01", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["title"] for r in rows] == ["'=HYPERLINK(\"http://evil\",\"x\")", "'+1+2", "'@SUM(A1)"]
    assert rows[2]["narrative"] == "'-1+cmd|' /C calc'!A0"
    _, out, _ = cli(capsys, "status", "--targets", str(targets), "--data", str(data), "--as-of", "2024-04-01", "--format", "json")
    assert json.loads(out)[0]["title"] == '=HYPERLINK("http://evil","x")'  # JSON is data, not a spreadsheet


def test_status_with_problems_reports_them_and_exits_2(capsys, tmp_path):
    targets, data = write_plan(tmp_path, edit(BASE_YAML, "frequency: monthly", "frequency: daily"))
    code, out, err = cli(capsys, "status", "--targets", str(targets), "--data", str(data), "--as-of", "2024-04-01")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{targets}:16: metric 'wait': frequency: 'daily' is not one of: monthly, quarterly, termly or annual",
        "1 problem found; nothing was changed.",
    ]


@pytest.mark.parametrize("command", ["check", "status"])
def test_missing_plan_and_data_folder(capsys, tmp_path, command):
    code, out, err = cli(capsys, command, "--targets", str(tmp_path / "plan.yaml"), "--data", str(tmp_path / "nothing"))
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"{tmp_path}/nothing: data folder not found", f"{tmp_path}/plan.yaml: file not found", "2 problems found; nothing was changed."]


def test_default_paths_are_targets_yaml_and_sample_data(capsys, tmp_path, monkeypatch):
    write_plan(tmp_path)
    (tmp_path / "data").rename(tmp_path / "sample_data")
    (tmp_path / "sample_data" / "updates.csv").unlink()
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, "check")
    assert code == 0
    assert out == "OK: targets.yaml and sample_data (1 CSV file): 1 area, 2 metrics, 1 action, 2 observations, 0 action updates; no problems.\n"


def test_no_file_is_changed_by_any_command(capsys, at_root, tmp_path):
    before = snapshot(SMALL)
    targets, data = write_plan(tmp_path, edit(BASE_YAML, "direction: decrease", "direction: sideways"))
    bad_before = snapshot(tmp_path)
    cli(capsys, "check", *SMALL_ARGS)
    for fmt in ("table", "csv", "json"):
        cli(capsys, "status", *SMALL_ARGS, "--format", fmt, "--as-of", "2025-08-01")
        cli(capsys, "status", *SMALL_ARGS, "--format", fmt, "--public")
    cli(capsys, "check", "--targets", str(targets), "--data", str(data))
    assert snapshot(SMALL) == before
    assert snapshot(tmp_path) == bad_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "targets.yaml"]


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_status_with_no_observations_at_all(capsys, tmp_path, public):
    targets, data = write_plan(tmp_path, csvs={"updates.csv": "action_id,date,status,narrative\nact-1,2024-03-01,green,ok\n"})
    code, out, err = cli(capsys, "status", "--targets", str(targets), "--data", str(data), "--as-of", "2024-04-01", "--format", "json", *(["--public"] if public else []))
    assert (code, err) == (0, "")
    assert [(r["id"], r["status"], r["reason"]) for r in json.loads(out)] == [
        ("wait", "grey", "Not due yet; no figures so far."),
        ("confidence", "grey", "Not due yet; no figures so far."),
        ("act-1", "green", "On track (update of 1 Mar 2024)." if public else "On track, no concerns (update of 1 Mar 2024)."),
    ]


# -- options: command line, else environment variable, else default ------------------------


def test_dashboard_targets_is_the_plan_check_reads(capsys, monkeypatch, at_root, tmp_path):
    monkeypatch.setenv("DASHBOARD_TARGETS", str(tmp_path / "missing.yaml"))
    code, out, err = cli(capsys, "check", "--data", SMALL_ARGS[3])
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"{tmp_path}/missing.yaml: file not found", "1 problem found; nothing was changed."]


def test_an_explicit_targets_beats_dashboard_targets(capsys, monkeypatch, at_root, tmp_path):
    monkeypatch.setenv("DASHBOARD_TARGETS", str(tmp_path / "missing.yaml"))
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path / "nothing"))
    code, out, err = cli(capsys, "check", *SMALL_ARGS)
    assert (code, err.splitlines()[0]) == (0, "tests/fixtures/small/data/observations.csv: read, 7 observations")
    assert out.startswith("OK: tests/fixtures/small/targets.yaml and tests/fixtures/small/data (2 CSV files)")


def test_dashboard_data_is_the_folder_check_reads(capsys, monkeypatch, at_root, tmp_path):
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path / "nothing"))
    code, _, err = cli(capsys, "check", "--targets", SMALL_ARGS[1])
    assert code == 2
    assert err.splitlines() == [f"{tmp_path}/nothing: data folder not found", "1 problem found; nothing was changed."]


def test_empty_variables_are_the_defaults(capsys, monkeypatch, tmp_path):
    write_plan(tmp_path)
    (tmp_path / "data").rename(tmp_path / "sample_data")
    monkeypatch.chdir(tmp_path)
    for name in DASHBOARD_VARIABLES:
        monkeypatch.setenv(name, "")
    code, out, _ = cli(capsys, "check")
    assert code == 0 and out.startswith("OK: targets.yaml and sample_data (2 CSV files)")


def test_dashboard_as_of_is_the_date_and_as_of_beats_it(capsys, monkeypatch, at_root):
    monkeypatch.setenv("DASHBOARD_AS_OF", "2025-08-01")
    _, out, _ = cli(capsys, "status", *SMALL_ARGS)
    assert out.splitlines()[0] == "Test partnership plan: status as at 2025-08-01"
    _, out, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2023-10-01")
    assert out.splitlines()[0] == "Test partnership plan: status as at 2023-10-01"


def test_a_bad_dashboard_as_of_is_the_same_message_as_a_bad_flag(capsys, monkeypatch, at_root):
    monkeypatch.setenv("DASHBOARD_AS_OF", "yesterday")
    assert cli(capsys, "status", *SMALL_ARGS) == (2, "", "--as-of: as-of date 'yesterday' is not a date (use YYYY-MM-DD)\n")
    assert cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01")[0] == 0  # the flag beats it
    assert cli(capsys, "check", *SMALL_ARGS)[0] == 0  # check takes no as-of date, so ignores it


@pytest.mark.parametrize(("value", "public"), [("1", True), ("yes", True), ("TRUE", True), ("on", True), ("0", False), ("no", False), ("", False)])
def test_dashboard_public_is_the_public_switch(capsys, monkeypatch, at_root, value, public):
    _, internal, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01", "--format", "json")
    _, flagged, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01", "--format", "json", "--public")
    monkeypatch.setenv("DASHBOARD_PUBLIC", value)
    code, out, _ = cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01", "--format", "json")
    assert code == 0
    assert out == (flagged if public else internal)
    assert cli(capsys, "status", *SMALL_ARGS, "--as-of", "2025-08-01", "--format", "json", "--public")[1] == flagged


@pytest.mark.parametrize("command", ["", *settings.COMMANDS])
def test_help_of_every_command_shows_the_declared_help(capsys, command):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"] if command else ["--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for option in settings.COMMANDS.get(command, ()):
        assert option.flag in text and " ".join(option.help.split()) in text, option.flag


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (["spc", "--metric", "x", "--format", "csv"], "python -m metrics spc: error: argument --format: invalid choice: 'csv' (choose from 'table', 'json')"),
        (["spc"], "python -m metrics spc: error: the following arguments are required: --metric"),
        (["report"], "python -m metrics report: error: the following arguments are required: --kind, --out"),
        (["report", "--kind", "weekly", "--out", "x.html"], "python -m metrics report: error: argument --kind: invalid choice: 'weekly' (choose from 'progress', 'exception')"),
    ],
    ids=["spc has no csv", "spc needs a metric", "report needs kind and out", "unknown kind"],
)
def test_usage_errors_of_spc_and_report(capsys, args, last_line):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == last_line


def test_benchmark_through_a_process():
    fixture = ["--targets", "tests/fixtures/statistics/targets.yaml", "--data", "tests/fixtures/statistics/data"]
    done = finish(start("benchmark", *fixture, "--metric", "plans_20_weeks", "--format", "json"))
    assert (done.returncode, done.stderr) == (0, "")
    record = json.loads(done.stdout)
    assert (record["metric"], record["statistic"]) == ("plans_20_weeks", "timeliness")
    assert [(p["period"], p["value"], p["england"], p["rank"], p["of"]) for p in record["periods"]] == [
        ("2022", 60.0, 50.0, 3, 7), ("2023", None, 52.5, None, 5), ("2024", 45.5, 48.4, 4, 8),
    ]  # fmt: skip
    unknown = finish(start("benchmark", *fixture, "--metric", "nope"))
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr == "--metric: no metric 'nope' in the plan (known: plans_20_weeks, plans_20_weeks_published)\n"


# -- hardening: what check lists, and writing the report ---------------------------------------


def test_check_lists_skipped_files_before_the_count_of_problems(capsys, tmp_path):
    targets, data = write_plan(tmp_path, csvs={"o.CSV": "metric_id,date,value\nwait,2024-03-01,x\n", "notes.txt": "hello\n", "plan.xlsx": b"PK\x03\x04"})
    code, out, err = cli(capsys, "check", "--targets", str(targets), "--data", str(data))
    assert (code, out) == (2, "")
    assert err.replace(f"{tmp_path}/", "").splitlines() == [
        "data/o.CSV:2: metric 'wait': value: 'x' is not a number",
        "data/notes.txt: not a .csv file, skipped",
        "data/plan.xlsx: a spreadsheet, not CSV: to use it, save it as CSV UTF-8 (comma delimited), skipped",
        "1 problem found; nothing was changed.",
    ]


REPORT = ["report", "--kind", "progress", "--as-of", "2025-08-01", *SMALL_ARGS]


def test_a_full_disk_leaves_the_previous_report_as_it_was(capsys, at_root, tmp_path, monkeypatch):
    import errno

    out = tmp_path / "report.html"
    out.write_text("last month's report", encoding="utf-8")

    class Full:
        def __init__(self, fd, *args, **kwargs):
            os.close(fd)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", Full)
    assert cli(capsys, *REPORT, "--out", str(out)) == (2, "", f"--out: cannot write '{out}' (the disk is full)\n")
    assert out.read_text(encoding="utf-8") == "last month's report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no half-written file beside it


def test_the_report_replaces_an_older_one_and_keeps_its_permissions(capsys, at_root, tmp_path):
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    code, stdout, _ = cli(capsys, *REPORT, "--out", str(out))
    assert code == 0 and stdout.startswith(f"Wrote {out}")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and (out.stat().st_mode & 0o777) == 0o640


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("{tmp}", "--out: '{tmp}' is a folder: give a file name, e.g. {tmp}/report.html"),
        ("tests/fixtures/small/targets.yaml", "--out: 'tests/fixtures/small/targets.yaml' is an input file: choose another name (input files are never changed)"),
        ("tests/fixtures/small/data/report.html", "--out: 'tests/fixtures/small/data/report.html' is in the data folder (tests/fixtures/small/data): write the report somewhere else (the data folder is only ever read)"),
    ],
    ids=["a folder", "the plan", "in the data folder"],
)
def test_the_report_is_never_written_over_a_folder_or_an_input(capsys, at_root, tmp_path, out, message):
    before = snapshot(SMALL)
    assert cli(capsys, *REPORT, "--out", out.format(tmp=tmp_path)) == (2, "", message.format(tmp=tmp_path) + "\n")
    assert snapshot(SMALL) == before


def test_since_out_of_range(capsys, at_root, tmp_path):
    code, _, err = cli(capsys, *REPORT, "--since", "0001-01-01", "--out", str(tmp_path / "r.html"))
    assert (code, err) == (2, "--since: '0001-01-01' is out of range: dates must lie between 1900-01-01 and 2199-12-31\n")
