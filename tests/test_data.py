"""The data folder: observations and action updates, and the exact message for every bad row."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from metrics.domain.data import load_data
from metrics.domain.load import load
from metrics.domain.plan import load_plan
from tests.helpers import (
    BASE_YAML,
    OBS_HEADER,
    SMALL,
    UPDATE_HEADER,
    edit,
    load_ok,
    problem_lines,
    snapshot,
    write_plan,
)

# -- reading good data -----------------------------------------------------------------------


def test_rows_in_any_order_across_several_files_come_out_in_date_order(tmp_path):
    csvs = {
        "b.csv": OBS_HEADER + "wait,2024-05-01,41\nconfidence,2024-02-01,45\nwait,2024-02-01,48\n",
        "a.csv": OBS_HEADER + "wait,2024-04-01,44\nwait,2024-01-15,49\n",
        "u2.csv": UPDATE_HEADER + "act-1,2024-05-01,amber,Slower\n",
        "u1.csv": UPDATE_HEADER + "act-1,2024-06-01,blue,Done\nact-1,2024-02-01,green,Started\n",
    }
    loaded = load_ok(tmp_path, csvs=csvs)
    wait = loaded.dataset.series("wait")
    assert [wait.date(i) for i in range(len(wait))] == [dt.date(2024, 1, 15), dt.date(2024, 2, 1), dt.date(2024, 4, 1), dt.date(2024, 5, 1)]
    assert wait.values.tolist() == [49.0, 48.0, 44.0, 41.0]
    assert loaded.dataset.series("confidence").values.tolist() == [45.0]
    assert [(u.date, u.status.value, u.narrative) for u in loaded.dataset.history("act-1")] == [
        (dt.date(2024, 2, 1), "green", "Started"),
        (dt.date(2024, 5, 1), "amber", "Slower"),
        (dt.date(2024, 6, 1), "blue", "Done"),
    ]
    assert loaded.dataset.files == tuple(f"{tmp_path}/data/{n}" for n in ("a.csv", "b.csv", "u1.csv", "u2.csv"))


def test_optional_observation_columns(tmp_path):
    csvs = {
        "obs.csv": "metric_id,date,value,n,source,note,illustrative\n"
        'confidence,2024-03-01,52.5,120,"Survey, spring",Low response in one school,true\n'
        "wait,2024-03-01,45,,,,\n"
    }
    loaded = load_ok(tmp_path, csvs=csvs)
    [row] = loaded.dataset.series("confidence").rows()
    assert row == {
        "date": dt.date(2024, 3, 1),
        "value": 52.5,
        "withheld": None,
        "n": 120,
        "illustrative": True,
        "source": "Survey, spring",
        "note": "Low response in one school",
    }
    [row] = loaded.dataset.series("wait").rows()
    assert (row["n"], row["illustrative"], row["source"], row["note"]) == (None, False, "", "")


def test_public_narrative_column(tmp_path):
    csvs = {"u.csv": "action_id,date,status,narrative,public_narrative\nact-1,2024-03-01,Green,Internal words,Public words\n"}
    [update] = load_ok(tmp_path, csvs=csvs).dataset.history("act-1")
    assert (update.status.value, update.narrative, update.public_narrative) == ("green", "Internal words", "Public words")


@pytest.mark.parametrize(("text", "expected"), [(t, True) for t in ("true", "TRUE", "yes", "y", "1")] + [(t, False) for t in ("false", "No", "n", "0", "")])
def test_illustrative_flag_words(tmp_path, text, expected):
    csvs = {"o.csv": f"metric_id,date,value,illustrative\nwait,2024-03-01,45,{text}\n"}
    assert bool(load_ok(tmp_path, csvs=csvs).dataset.series("wait").illustrative[0]) is expected


@pytest.mark.parametrize(("text", "expected"), [("true", True), ("Yes", True), ("false", False), ("", False)])
def test_an_action_update_can_be_marked_illustrative(tmp_path, text, expected):
    csvs = {"u.csv": f"action_id,date,status,narrative,illustrative\nact-1,2024-03-01,green,Invented,{text}\n"}
    [update] = load_ok(tmp_path, csvs=csvs).dataset.history("act-1")
    assert update.illustrative is expected


def test_spreadsheet_quirks_are_accepted(tmp_path):
    # byte-order mark, Windows line ends, spaces around names and values, blank lines, quoted line break
    csvs = {
        "o.csv": "\ufeff metric_id , date ,value\r\n wait , 2024-03-01 , 45 \r\n\r\nwait,2024-04-01,44\r\n".encode("utf-8"),
        "u.csv": 'action_id,date,status,narrative\nact-1,2024-03-01,green,"Two\nlines"\n',
    }
    loaded = load_ok(tmp_path, csvs=csvs)
    assert loaded.dataset.series("wait").values.tolist() == [45.0, 44.0]
    assert loaded.dataset.history("act-1")[0].narrative == "Two\nlines"


def test_header_only_files_and_other_files_are_fine(tmp_path):
    csvs = {"o.csv": OBS_HEADER, "u.csv": UPDATE_HEADER, "README.md": "not data", "notes.txt": "x,y\n"}
    loaded = load_ok(tmp_path, csvs=csvs)
    assert len(loaded.dataset.observations) == 0 and loaded.dataset.updates == ()
    assert len(loaded.dataset.files) == 2
    assert len(loaded.dataset.series("wait")) == 0


def test_values_are_not_checked_against_a_range_unless_percent(tmp_path):
    csvs = {"o.csv": OBS_HEADER + "wait,2024-03-01,150\nwait,2024-04-01,-3\nconfidence,2024-03-01,0\nconfidence,2024-04-01,100\n"}
    assert problem_lines(tmp_path, csvs=csvs) == []


def test_small_fixture_data():
    plan, _ = load_plan(SMALL / "targets.yaml")
    dataset, problems = load_data(SMALL / "data", plan)
    assert problems == []
    assert len(dataset.observations) == 7 and len(dataset.updates) == 4
    assert dataset.series("longest_wait").values.tolist() == [200.0, 22.0]  # the file lists them newest first


# -- one message per way a row can be wrong --------------------------------------------------

OBS = "data/o.csv"
CSV_CASES = [
    ("unknown metric", OBS_HEADER + "waiting,2024-03-01,45\n", ["data/o.csv:2: metric 'waiting': metric_id: unknown metric 'waiting' (not in the plan)"]),
    ("action id as metric", OBS_HEADER + "act-1,2024-03-01,45\n", ["data/o.csv:2: metric 'act-1': metric_id: unknown metric 'act-1' (not in the plan)"]),
    ("missing metric id", OBS_HEADER + ",2024-03-01,45\n", ["data/o.csv:2: metric_id: missing"]),
    ("missing date", OBS_HEADER + "wait,,45\n", ["data/o.csv:2: metric 'wait': date: missing (use YYYY-MM-DD)"]),
    ("date not ISO", OBS_HEADER + "wait,01/03/2024,45\n", ["data/o.csv:2: metric 'wait': date: '01/03/2024' is not a date (use YYYY-MM-DD)"]),
    ("date not padded", OBS_HEADER + "wait,2024-3-1,45\n", ["data/o.csv:2: metric 'wait': date: '2024-3-1' is not a date (use YYYY-MM-DD)"]),
    ("date and time", OBS_HEADER + "wait,2024-03-01T09:00,45\n", ["data/o.csv:2: metric 'wait': date: '2024-03-01T09:00' is not a date (use YYYY-MM-DD)"]),
    ("impossible date", OBS_HEADER + "wait,2023-02-29,45\n", ["data/o.csv:2: metric 'wait': date: '2023-02-29' is not a real date"]),
    ("month 13", OBS_HEADER + "wait,2024-13-01,45\n", ["data/o.csv:2: metric 'wait': date: '2024-13-01' is not a real date"]),
    ("missing value", OBS_HEADER + "wait,2024-03-01,\n", ["data/o.csv:2: metric 'wait': value: missing (a number is needed)"]),
    ("value not a number", OBS_HEADER + "wait,2024-03-01,about 45\n", ["data/o.csv:2: metric 'wait': value: 'about 45' is not a number"]),
    ("value with thousands comma", OBS_HEADER + 'wait,2024-03-01,"1,430"\n', ["data/o.csv:2: metric 'wait': value: '1,430' is not a number"]),
    ("value infinite", OBS_HEADER + "wait,2024-03-01,inf\n", ["data/o.csv:2: metric 'wait': value: 'inf' is not a number"]),
    ("value nan", OBS_HEADER + "wait,2024-03-01,NaN\n", ["data/o.csv:2: metric 'wait': value: 'NaN' is not a number"]),
    ("percent above 100", OBS_HEADER + "confidence,2024-03-01,100.5\n", ["data/o.csv:2: metric 'confidence': value: 100.5 is not a percentage (must lie between 0 and 100)"]),
    ("percent below 0", OBS_HEADER + "confidence,2024-03-01,-1\n", ["data/o.csv:2: metric 'confidence': value: -1 is not a percentage (must lie between 0 and 100)"]),
    ("n zero", "metric_id,date,value,n\nconfidence,2024-03-01,50,0\n", ["data/o.csv:2: metric 'confidence': n: '0' is not a number of respondents (a whole number, 1 or more)"]),
    ("n fraction", "metric_id,date,value,n\nconfidence,2024-03-01,50,12.5\n", ["data/o.csv:2: metric 'confidence': n: '12.5' is not a number of respondents (a whole number, 1 or more)"]),
    ("n text", "metric_id,date,value,n\nconfidence,2024-03-01,50,many\n", ["data/o.csv:2: metric 'confidence': n: 'many' is not a number of respondents (a whole number, 1 or more)"]),
    ("illustrative word", "metric_id,date,value,illustrative\nwait,2024-03-01,45,perhaps\n", ["data/o.csv:2: metric 'wait': illustrative: 'perhaps' is not true or false"]),
    # the header
    ("missing column", "metric_id,value\nwait,45\n", ["data/o.csv:1: header: missing column 'date' (needed for observations: metric_id,date,value)"]),
    ("unknown column", "metric_id,date,value,colour\nwait,2024-03-01,45,red\n", ["data/o.csv:1: header: unknown column 'colour' (allowed for observations: metric_id, date, value, n, source, note, illustrative)"]),
    ("column twice", "metric_id,date,value,date\nwait,2024-03-01,45,2024-03-02\n", ["data/o.csv:1: header: column 'date' appears more than once"]),
    ("column with no name", "metric_id,date,value,\nwait,2024-03-01,45,\n", ["data/o.csv:1: header: a column has no name (a stray comma in the header?)"]),
    ("neither kind", "id,when,amount\nwait,2024-03-01,45\n", ["data/o.csv:1: header: is neither observations (metric_id,date,value) nor action updates (action_id,date,status,narrative)"]),
    ("blank first line", "\n" + OBS_HEADER + "wait,2024-03-01,45\n", ["data/o.csv:1: header: is blank: the first line must name the columns (e.g. metric_id,date,value)"]),
    ("empty file", "", ["data/o.csv:1: the file is empty (expected a header line)"]),
    ("only blank lines", "\n\n  \n", ["data/o.csv:1: the file is empty (expected a header line)"]),
    ("not UTF-8", b"metric_id,date,value,note\nwait,2024-03-01,45,caf\xe9\n", ["data/o.csv:2: is not UTF-8 text (invalid continuation byte at byte 48); save it as CSV UTF-8"]),
    # ragged rows
    ("row with a field too many", OBS_HEADER + "wait,2024-03-01,45\nwait,2024-04-01,44,x\n", ["data/o.csv:3: has 4 fields but the header has 3 (a stray comma? quote text that contains commas)"]),
    ("every row with a field too many", OBS_HEADER + "wait,2024-03-01,45,x\nwait,2024-04-01,44,x\n", [
        "data/o.csv:2: has 4 fields but the header has 3 (a stray comma? quote text that contains commas)",
        "data/o.csv:3: has 4 fields but the header has 3 (a stray comma? quote text that contains commas)",
    ]),
    ("the only row with a field too many", OBS_HEADER + "wait,2024-03-01,45,x\n", ["data/o.csv:2: has 4 fields but the header has 3 (a stray comma? quote text that contains commas)"]),
    ("row with a field too few", OBS_HEADER + "wait,2024-03-01\n", ["data/o.csv:2: metric 'wait': value: missing (a number is needed)"]),
    # action updates
    ("unknown action", UPDATE_HEADER + "act-9,2024-03-01,green,x\n", ["data/o.csv:2: action 'act-9': action_id: unknown action 'act-9' (not in the plan)"]),
    ("missing action id", UPDATE_HEADER + ",2024-03-01,green,x\n", ["data/o.csv:2: action_id: missing"]),
    ("unknown status", UPDATE_HEADER + "act-1,2024-03-01,purple,x\n", ["data/o.csv:2: action 'act-1': status: 'purple' is not a BRAG status (use blue, green, amber, red or grey)"]),
    ("status RAG letter", UPDATE_HEADER + "act-1,2024-03-01,G,x\n", ["data/o.csv:2: action 'act-1': status: 'G' is not a BRAG status (use blue, green, amber, red or grey)"]),
    ("missing status", UPDATE_HEADER + "act-1,2024-03-01,,x\n", ["data/o.csv:2: action 'act-1': status: missing (use blue, green, amber, red or grey)"]),
    ("update bad date", UPDATE_HEADER + "act-1,2024-02-30,green,x\n", ["data/o.csv:2: action 'act-1': date: '2024-02-30' is not a real date"]),
    ("update missing column", "action_id,date,status\nact-1,2024-03-01,green\n", ["data/o.csv:1: header: missing column 'narrative' (needed for updates: action_id,date,status,narrative)"]),
    ("update unknown column", UPDATE_HEADER.strip() + ",owner\nact-1,2024-03-01,green,x,Bob\n", ["data/o.csv:1: header: unknown column 'owner' (allowed for updates: action_id, date, status, narrative, public_narrative, illustrative)"]),
    ("update illustrative not a flag", UPDATE_HEADER.strip() + ",illustrative\nact-1,2024-03-01,green,x,maybe\n", ["data/o.csv:2: action 'act-1': illustrative: 'maybe' is not true or false"]),
    ("both id columns", "metric_id,action_id,date,value\nwait,act-1,2024-03-01,45\n", ["data/o.csv:1: header: unknown column 'action_id' (allowed for observations: metric_id, date, value, n, source, note, illustrative)"]),
]


@pytest.mark.parametrize(("content", "expected"), [c[1:] for c in CSV_CASES], ids=[c[0] for c in CSV_CASES])
def test_each_bad_csv_gives_one_exact_message(tmp_path, content, expected):
    assert problem_lines(tmp_path, csvs={"o.csv": content}) == expected


def test_line_numbers_count_the_header_blank_lines_and_quoted_line_breaks(tmp_path):
    csvs = {
        "o.csv": OBS_HEADER + "wait,2024-03-01,45\n\nwait,2024-04-01,x\n",
        "q.csv": "metric_id,date,value,note\nwait,2024-05-01,44,\"a, b\"\n\nwait,2024-06-01,y,\n",
        "u.csv": UPDATE_HEADER + 'act-1,2024-03-01,green,"one\ntwo\nthree"\nact-1,2024-04-01,pink,x\n',
        "v.csv": UPDATE_HEADER + 'act-1,2024-05-01,green,"one\n\ntwo"\n\n\nact-1,2024-06-01,mauve,x\n\n',
    }
    assert problem_lines(tmp_path, csvs=csvs) == [
        "data/o.csv:4: metric 'wait': value: 'x' is not a number",
        "data/q.csv:4: metric 'wait': value: 'y' is not a number",
        "data/u.csv:5: action 'act-1': status: 'pink' is not a BRAG status (use blue, green, amber, red or grey)",
        "data/v.csv:7: action 'act-1': status: 'mauve' is not a BRAG status (use blue, green, amber, red or grey)",
    ]


def test_every_problem_in_a_row_is_reported(tmp_path):
    csvs = {"o.csv": "metric_id,date,value,n\nconfidence,2024-02-30,x,0\n"}
    assert problem_lines(tmp_path, csvs=csvs) == [
        "data/o.csv:2: metric 'confidence': date: '2024-02-30' is not a real date",
        "data/o.csv:2: metric 'confidence': n: '0' is not a number of respondents (a whole number, 1 or more)",
        "data/o.csv:2: metric 'confidence': value: 'x' is not a number",
    ]


def test_duplicate_rows_within_and_across_files(tmp_path):
    csvs = {
        "a.csv": OBS_HEADER + "wait,2024-03-01,45\nwait,2024-03-01,46\nconfidence,2024-03-01,50\n",
        "b.csv": OBS_HEADER + "wait,2024-03-01,47\nconfidence,2024-04-01,50\n",
        "c.csv": OBS_HEADER + "confidence,2024-03-01,51\n",
        "u.csv": UPDATE_HEADER + "act-1,2024-03-01,green,x\nact-1,2024-03-01,amber,y\n",
    }
    assert problem_lines(tmp_path, csvs=csvs) == [
        "data/a.csv:3: metric 'wait': date: a second row for 2024-03-01 (the first is at data/a.csv:2); keep one",
        "data/b.csv:2: metric 'wait': date: a second row for 2024-03-01 (the first is at data/a.csv:2); keep one",
        "data/c.csv:2: metric 'confidence': date: a second row for 2024-03-01 (the first is at data/a.csv:4); keep one",
        "data/u.csv:3: action 'act-1': date: a second row for 2024-03-01 (the first is at data/u.csv:2); keep one",
    ]


def test_the_same_date_for_two_metrics_is_not_a_duplicate(tmp_path):
    csvs = {"o.csv": OBS_HEADER + "wait,2024-03-01,45\nconfidence,2024-03-01,50\n"}
    assert problem_lines(tmp_path, csvs=csvs) == []


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda d: None, "{d}: data folder not found"),
        (lambda d: d.write_text("x"), "{d}: is a file, not a data folder of CSV files"),
        (lambda d: d.mkdir(), "{d}: no CSV files in the data folder (expected observations and action updates)"),
        (lambda d: (d.mkdir(), (d / "obs.txt").write_text(OBS_HEADER)), "{d}: no CSV files in the data folder (expected observations and action updates); skipped: obs.txt (not a .csv file)"),
        (lambda d: (d.mkdir(), (d / "old.csv").mkdir()), "{d}: no CSV files in the data folder (expected observations and action updates); skipped: old.csv (a folder)"),
    ],
    ids=["missing", "a file", "empty", "no .csv", "a folder named .csv"],
)
def test_unusable_data_folder(tmp_path, setup, expected):
    folder = tmp_path / "data"
    setup(folder)
    dataset, problems = load_data(folder, None, "data")
    assert dataset is None
    assert [str(p) for p in problems] == [expected.format(d="data")]


def test_problems_in_plan_and_data_come_together_sorted_by_file_then_line(tmp_path):
    yaml_text = edit(BASE_YAML, "direction: decrease", "direction: down")
    csvs = {
        "b.csv": OBS_HEADER + "wait,2024-03-01,45\nwait,2024-13-01,44\n",
        "a.csv": UPDATE_HEADER + "act-1,2024-03-01,purple,x\n",
    }
    assert problem_lines(tmp_path, yaml_text, csvs) == [
        "data/a.csv:2: action 'act-1': status: 'purple' is not a BRAG status (use blue, green, amber, red or grey)",
        "data/b.csv:3: metric 'wait': date: '2024-13-01' is not a real date",
        "targets.yaml:11: metric 'wait': direction: 'down' is not one of: increase or decrease",
    ]


def test_ids_are_not_checked_when_the_plan_cannot_be_read(tmp_path):
    # With no plan there is nothing to check ids against; the plan's own problem is reported.
    csvs = {"o.csv": OBS_HEADER + "nobody,2024-03-01,45\n"}
    assert problem_lines(tmp_path, "title: [\n", csvs) == ["targets.yaml:2: YAML syntax error: expected the node content, but found '<stream end>'"]


def test_data_files_are_never_changed(tmp_path):
    csvs = {
        "o.csv": "\ufeffmetric_id,date,value\r\nwait,2024-03-01,45\r\nwait,2024-02-01,46\r\n",
        "bad.csv": OBS_HEADER + "wait,2024-13-01,45\n",
        "u.csv": UPDATE_HEADER + "act-1,2024-03-01,green,x\n",
    }
    targets, data = write_plan(tmp_path, csvs=csvs)
    before = snapshot(tmp_path)
    assert not load(targets, data).ok
    assert snapshot(tmp_path) == before


def test_a_value_is_read_exactly(tmp_path):
    csvs = {"o.csv": OBS_HEADER + "wait,2024-03-01,45.125\nwait,2024-04-01,1e1\n"}
    values = load_ok(tmp_path, csvs=csvs).dataset.series("wait").values.tolist()
    assert values == [45.125, 10.0] and not any(math.isnan(v) for v in values)


# -- hardening: file names, line ends, control characters, separators, limits ----------------


def test_csv_files_are_found_whatever_the_case_of_their_name(tmp_path):
    csvs = {"o.CSV": OBS_HEADER + "wait,2024-03-01,45\n", "u.Csv": UPDATE_HEADER + "act-1,2024-03-01,green,x\n", "notes.txt": "x\n"}
    loaded = load_ok(tmp_path, csvs=csvs)
    assert loaded.dataset.files == (f"{tmp_path}/data/o.CSV", f"{tmp_path}/data/u.Csv")
    assert [str(f).replace(f"{tmp_path}/", "") for f in loaded.files] == [
        "data/notes.txt: not a .csv file, skipped",
        "data/o.CSV: read, 1 observation",
        "data/u.Csv: read, 1 action update",
    ]


def test_old_mac_line_ends_are_line_ends(tmp_path):
    csvs = {"o.csv": (OBS_HEADER + "wait,2024-03-01,45\nwait,2024-04-01,x\n").replace("\n", "\r")}
    assert problem_lines(tmp_path, csvs=csvs) == ["data/o.csv:3: metric 'wait': value: 'x' is not a number"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (OBS_HEADER + "wait,2024-03-01,45\nwait,2024-04-01,4\x0b4\n", "data/o.csv:3: contains a control character (U+000B, vertical tab) at column 18: delete it (it cannot be seen, and spreadsheets refuse it)"),
        (UPDATE_HEADER + "act-1,2024-03-01,green,a\x00b\n", "data/o.csv:2: contains a control character (U+0000, NUL) at column 25: delete it (it cannot be seen, and spreadsheets refuse it)"),
        (UPDATE_HEADER + "act-1,2024-03-01,green,a\x7fb\n", "data/o.csv:2: contains a control character (U+007F, delete) at column 25: delete it (it cannot be seen, and spreadsheets refuse it)"),
        (UPDATE_HEADER + "act-1,2024-03-01,green,a\u0085b\n", "data/o.csv:2: contains a control character (U+0085, next line) at column 25: delete it (it cannot be seen, and spreadsheets refuse it)"),
        ("metric_id;date;value\nwait;2024-03-01;45\n", "data/o.csv:1: header: this file uses semicolons, not commas, between its columns: save it as CSV UTF-8 (comma delimited)"),
        ("sep=,\n" + OBS_HEADER, "data/o.csv:1: header: line 1 is 'sep=,', the line Excel writes to say which separator follows, not the column names: delete that line"),
        (OBS_HEADER + "wait,1899-12-31,45\n", "data/o.csv:2: metric 'wait': date: 1899-12-31 is out of range: dates must lie between 1900-01-01 and 2199-12-31"),
        (OBS_HEADER + "wait,2024-03-01,-2e15\n", "data/o.csv:2: metric 'wait': value: '-2e15' is too large: a number must lie between -1e15 and 1e15"),
        ("metric_id,date,value,n\nconfidence,2024-03-01,50,1e16\n", "data/o.csv:2: metric 'confidence': n: '1e16' is not a number of respondents (a whole number, 1 or more)"),
    ],
    ids=["vertical tab", "NUL", "delete", "next line", "semicolons", "sep line", "before 1900", "too large", "n too large"],
)
def test_what_a_spreadsheet_or_a_paste_leaves_behind(tmp_path, content, expected):
    assert problem_lines(tmp_path, csvs={"o.csv": content}) == [expected]


def test_tabs_and_line_breaks_in_text_are_fine(tmp_path):
    csvs = {"u.csv": UPDATE_HEADER + 'act-1,2024-03-01,green,"Tab\there\r\nand a line break"\n'}
    [update] = load_ok(tmp_path, csvs=csvs).dataset.history("act-1")
    assert update.narrative == "Tab\there\r\nand a line break"


def test_an_unreadable_data_file_is_a_problem(tmp_path, monkeypatch):
    import pathlib

    targets, data = write_plan(tmp_path)
    real = pathlib.Path.open

    def refuse(self, *args, **kwargs):
        if self.name == "updates.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    assert [str(p) for p in load(targets, data).problems] == [f"{data}/updates.csv: cannot be read (permission denied)"]
