"""The database from the command line: import, export, add-observation, add-update, history, and
check | status | report reading from --db; many writers at once; a bad value refused."""

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
from metrics.store import open_store
from metrics.store import store as store_module
from tests.helpers import ROOT, SMALL

TARGETS = str(SMALL / "targets.yaml")
DATA = str(SMALL / "data")


@pytest.fixture(autouse=True)
def no_dashboard_environment(monkeypatch):
    for option in settings.OPTIONS:
        if option.env:
            monkeypatch.delenv(option.env, raising=False)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'dashboard.db'}"


def test_import_twice_adds_nothing_and_export_is_re_importable(capsys, db, tmp_path):
    assert cli(capsys, "import", "--targets", TARGETS, "--data", DATA, "--db", db, "--by", "ann@council.example") == (0, f"Imported {DATA}: 11 added, 0 changed, 0 unchanged.\n", "")
    assert cli(capsys, "import", "--targets", TARGETS, "--data", DATA, "--db", db) == (0, f"Imported {DATA}: nothing new (11 unchanged).\n", "")
    out = tmp_path / "out"
    assert cli(capsys, "export", "--db", db, "--out", str(out)) == (0, f"Wrote {out / 'observations.csv'} (7 observations) and {out / 'action_updates.csv'} (4 action updates)\n", "")
    assert cli(capsys, "check", "--targets", TARGETS, "--data", str(out))[0] == 0
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    assert cli(capsys, "import", "--targets", TARGETS, "--data", str(out), "--db", copy, "--by", "bob@council.example")[1] == f"Imported {out}: 11 added, 0 changed, 0 unchanged.\n"
    from_folder = cli(capsys, "status", "--targets", TARGETS, "--data", DATA, "--format", "json")
    assert cli(capsys, "status", "--targets", TARGETS, "--db", copy, "--format", "json") == from_folder
    assert cli(capsys, "status", "--targets", TARGETS, "--db", db, "--format", "json") == from_folder


def test_a_bad_value_is_one_line_exit_2_and_nothing_written(capsys, db):
    args = ["add-observation", "--targets", TARGETS, "--db", db, "--metric", "longest_wait", "--date", "2025-01-31", "--by", "ann@council.example"]
    assert cli(capsys, *args, "--value", "about 12") == (2, "", "--value: 'about 12' is not a number\n")
    assert cli(capsys, *args[:-2], "--value", "12") == (2, "", "--by: missing: say who is making this change (their email address)\n")
    assert cli(capsys, *args, "--value", "12", "--n", "-3") == (2, "", "--n: '-3' is not a number of respondents (a whole number, 1 or more)\n")
    with open_store(db) as store:
        assert store.count() == 0
    code, out, err = cli(capsys, *args, "--value", "12", "--source", "Monthly return")
    assert (code, err) == (0, "")
    assert out.startswith("Added entry 1: metric 'longest_wait' on 2025-01-31: 12 (by ann@council.example)")
    code, _, err = cli(capsys, *args, "--value", "13")
    assert code == 2 and err.startswith("--date: there is already a figure for 2025-01-31 (12, entry 1, recorded ")
    assert err.endswith(" by ann@council.example): correct that one instead\n")


def test_an_action_update_from_the_command_line(capsys, db):
    args = ["add-update", "--targets", TARGETS, "--db", db, "--action", "act-1", "--date", "2025-01-31", "--by", "ann@council.example"]
    assert cli(capsys, *args, "--status", "purple") == (2, "", "--status: 'purple' is not a BRAG status (use blue, green, amber, red or grey)\n")
    code, out, _ = cli(capsys, *args, "--status", "Amber", "--narrative", "Slipping", "--public-narrative", "Delayed", "--illustrative")
    assert (code, out) == (0, "Added entry 1: action 'act-1' on 2025-01-31: amber (by ann@council.example)\n")
    [record] = json.loads(cli(capsys, "history", "--db", db, "--format", "json")[1])
    assert record["new"] == {"date": "2025-01-31", "status": "amber", "narrative": "Slipping", "public_narrative": "Delayed", "illustrative": True}
    assert (record["what"], record["entity"], record["by"], record["origin"]) == ("added", "action update", "ann@council.example", "command line")


def test_the_database_commands_need_a_database(capsys):
    for command in ("import", "export --out x", "history"):
        code, out, err = cli(capsys, *command.split())
        assert (code, out) == (2, "")
        assert err == "--db: no database given: --db URL (sqlite:///FILE.db, postgresql://USER@HOST/NAME, or a file name) or DASHBOARD_DB\n"


def test_dashboard_db_names_the_database(capsys, db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", db)
    assert cli(capsys, "import", "--targets", TARGETS, "--data", DATA)[0] == 0
    code, out, _ = cli(capsys, "check", "--targets", TARGETS)
    assert (code, out) == (0, f"OK: {TARGETS} and the database {db}: 2 areas, 5 metrics, 3 actions, 7 observations, 4 action updates; no problems.\n")


def test_history_as_csv_and_json(capsys, db):
    cli(capsys, "import", "--targets", TARGETS, "--data", DATA, "--db", db, "--by", "ann@council.example")
    with open_store(db) as store:
        first = store.current_entry("observation", "tribunals", dt.date(2025, 3, 31))
        store.correct(first.id, by="bob@council.example", reason="revised return", value=4)
    code, out, _ = cli(capsys, "history", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 12
    assert list(rows[0]) == ["id", "at", "by", "what", "why", "entity", "subject", "date", "old", "new", "origin", "supersedes"]
    last = rows[-1]
    assert (last["what"], last["by"], last["why"], last["subject"], last["supersedes"]) == ("corrected", "bob@council.example", "revised return", "tribunals", str(first.id))
    assert (json.loads(last["old"])["value"], json.loads(last["new"])["value"]) == (3, 4)
    assert last["at"].endswith("Z")
    records = json.loads(cli(capsys, "history", "--db", db, "--format", "json")[1])
    assert [r["what"] for r in records] == ["imported"] * 11 + ["corrected"]
    table = cli(capsys, "history", "--db", db)[1].splitlines()
    assert table[-2].endswith("bob@council.example  corrected observation 12 (tribunals, 2025-03-31): value 3 -> 4 because revised return")
    assert table[-1] == "12 changes"


def test_status_with_as_of_shows_the_figures_as_recorded_by_then(capsys, db, monkeypatch):
    moments = iter([dt.datetime(2025, 4, 2, 9), dt.datetime(2025, 6, 1, 9)])
    monkeypatch.setattr(store_module, "_now", lambda: next(moments))
    with open_store(db) as store:
        entry = store.add_observation("tribunals", "2025-03-31", 3, by="ann@council.example")
        store.correct(entry.id, by="bob@council.example", reason="late returns", value=9)

    def latest(as_of: str) -> float | None:
        records = json.loads(cli(capsys, "status", "--targets", TARGETS, "--db", db, "--as-of", as_of, "--format", "json")[1])
        return next(r for r in records if r["id"] == "tribunals")["latest_value"]

    assert latest("2025-04-01") is None  # nothing recorded yet
    assert latest("2025-05-01") == 3.0  # what the board saw in May
    assert latest("2025-06-01") == 9.0  # the correction, from its own date on


@pytest.mark.timeout(600)  # 20 Pythons starting at once: about 40 s of CPU time, longer on a busy machine
def test_twenty_writers_at_once_all_land(db, tmp_path):
    """20 processes run add-observation at the same moment: 20 rows, 20 audit entries, none lost."""
    with open_store(db):
        pass  # made first, as a deployment does (a fresh file is migrated by whichever process comes first)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_DB": db}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "metrics", "add-observation", "--targets", TARGETS, "--metric", "longest_wait",
             "--date", (dt.date(2030, 1, 1) + dt.timedelta(days=i)).isoformat(), "--value", str(i), "--by", f"editor{i}@council.example"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        for i in range(20)
    ]
    results = [(p.wait(timeout=580), p.stdout.read(), p.stderr.read()) for p in processes]
    assert [(code, err) for code, _, err in results] == [(0, "")] * 20
    with open_store(db) as store:
        assert store.count() == 20
        history = store.history()
    assert sorted(h.by for h in history) == sorted(f"editor{i}@council.example" for i in range(20))
    assert sorted(h.new["value"] for h in history) == list(range(20))
