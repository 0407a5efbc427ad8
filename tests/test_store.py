"""The store (metrics/store) on SQLite: entries checked like `check`, corrections and retractions
kept, the figures as recorded by a date, imports idempotent and all-or-nothing, CSV round trip,
uploads of CSV and Excel. PostgreSQL runs the same core in tests/test_store_postgres.py."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sqlite3
from pathlib import Path

import pytest

from metrics.domain.data import Correction
from metrics.domain.load import load
from metrics.domain.plan import load_plan
from metrics.domain.rules import plan_status
from metrics.store import (
    StoreError,
    export_dir,
    load_from_store,
    open_store,
    read_upload,
)
from metrics.store import store as store_module
from metrics.store import upload as upload_module
from metrics.store.migrations import HEAD, HERE
from metrics.views.audience import internal_audience
from metrics.views.records import status_records
from tests.helpers import ROOT, SMALL

TARGETS = SMALL / "targets.yaml"
DATA = SMALL / "data"
PLAN, _ = load_plan(TARGETS, str(TARGETS))
AS_OF = dt.date(2025, 8, 1)


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory) -> Path:
    """A migrated, empty database file, made once: each test gets a copy (migrating takes a while)."""
    path = tmp_path_factory.mktemp("template") / "dashboard.db"
    open_store(str(path)).close()
    return path


@pytest.fixture
def store(tmp_path, empty_database):
    shutil.copy(empty_database, tmp_path / "dashboard.db")
    with open_store(f"sqlite:///{tmp_path / 'dashboard.db'}", PLAN) as opened:
        yield opened


class Clock:
    """Stands in for the store's clock, so a test can record on the days it needs."""

    def __init__(self, monkeypatch):
        self.now = dt.datetime(2025, 1, 10, 9, 0)
        monkeypatch.setattr(store_module, "_now", lambda: self.now)

    def set(self, day: dt.date, hour: int = 9) -> None:
        self.now = dt.datetime.combine(day, dt.time(hour))


def problems_of(exc: pytest.ExceptionInfo) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in exc.value.problems]


def statuses(loaded, as_of=AS_OF) -> list[dict]:
    return status_records(plan_status(loaded.plan, loaded.dataset, as_of), internal_audience(loaded.plan.defaults))


# -- opening -----------------------------------------------------------------------------------


def test_a_new_file_is_made_at_the_newest_revision_in_wal_mode(tmp_path):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(HERE))
    assert ScriptDirectory.from_config(config).get_heads() == [HEAD]
    with open_store(str(tmp_path / "new.db")) as store:  # a plain file name is an SQLite file
        assert store.revision() == HEAD
        assert store.count() == 0
    connection = sqlite3.connect(tmp_path / "new.db")
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]


def test_the_migration_makes_the_table_the_queries_describe(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from metrics.store.schema import metadata

    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "db: no database given (--db URL or DASHBOARD_DB; e.g. sqlite:///dashboard.db)"),
        ("sqlite:////no/such/folder/x.db", "db: sqlite:////no/such/folder/x.db: the folder '/no/such/folder' does not exist"),
        ("mysqlx://u@h/d", "db: mysqlx://u@h/d: not a kind of database this dashboard can use (sqlite:/// or postgresql://)"),
    ],
)
def test_a_database_that_cannot_be_opened_is_one_clear_message(url, message):
    with pytest.raises(StoreError) as refused:
        open_store(url)
    assert str(refused.value) == message


# -- entering one figure -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metric", "date", "value", "extra", "field", "message"),
    [
        ("longest_wait", "2025-01-31", "abc", {}, "value", "'abc' is not a number"),
        ("longest_wait", "2025-01-31", "", {}, "value", "missing (a number is needed)"),
        ("longest_wait", "31/01/2025", "12", {}, "date", "'31/01/2025' is not a date (use YYYY-MM-DD)"),
        ("longest_wait", "2025-02-30", "12", {}, "date", "'2025-02-30' is not a real date"),
        ("confidence", "2025-01-31", "101", {}, "value", "101 is not a percentage (must lie between 0 and 100)"),
        ("confidence", "2025-01-31", "50", {"n": "0"}, "n", "'0' is not a number of respondents (a whole number, 1 or more)"),
        ("no_such_metric", "2025-01-31", "12", {}, "metric_id", "unknown metric 'no_such_metric' (not in the plan)"),
        ("longest_wait", "2025-01-31", "12", {"note": "bell\x07"}, "note", "contains a control character (U+0007, bell) at character 5: delete it (it cannot be seen, and spreadsheets refuse it)"),
        ("longest_wait", "2025-01-31", "12", {"by": ""}, "by", "missing: say who is making this change (their email address)"),
    ],
)
def test_a_figure_is_refused_by_the_rules_of_check_and_nothing_is_written(store, metric, date, value, extra, field, message):
    by = extra.pop("by", "ann@council.example")
    with pytest.raises(StoreError) as refused:
        store.add_observation(metric, date, value, by=by, **extra)
    assert problems_of(refused) == [(field, message)]
    assert store.count() == 0


def test_a_figure_is_recorded_with_who_when_and_typed_values(store):
    entry = store.add_observation("confidence", dt.date(2025, 1, 31), 52.5, by="ann@council.example", n=120, source="Survey", note="Spring term")
    assert (entry.id, entry.kind, entry.subject, entry.date, entry.value, entry.n, entry.action) == (1, "observation", "confidence", dt.date(2025, 1, 31), 52.5, 120.0, "add")
    assert entry.recorded_by == "ann@council.example" and entry.recorded_at.tzinfo == dt.timezone.utc
    update = store.add_update("act-1", "2025-02-28", "AMBER", "Slipping", by="bob@council.example", public_narrative="Delayed")
    assert (update.status, update.narrative, update.public_narrative) == ("amber", "Slipping", "Delayed")
    series = store.dataset(PLAN).series("confidence")
    assert [(r["date"], r["value"], r["n"], r["source"], r["note"]) for r in series.rows()] == [(dt.date(2025, 1, 31), 52.5, 120, "Survey", "Spring term")]


def test_a_second_figure_for_the_same_date_is_refused_naming_the_first(store, monkeypatch):
    Clock(monkeypatch)
    store.add_observation("longest_wait", "2025-01-31", 20, by="ann@council.example")
    with pytest.raises(StoreError) as refused:
        store.add_observation("longest_wait", "2025-01-31", 21, by="bob@council.example")
    assert problems_of(refused) == [("date", "there is already a figure for 2025-01-31 (20, entry 1, recorded 2025-01-10 09:00 UTC by ann@council.example): correct that one instead")]
    assert store.count() == 1


def test_a_metric_fed_by_a_statistic_takes_no_figures_by_hand(tmp_path):
    plan, problems = load_plan(ROOT / "targets.yaml", "targets.yaml")
    assert not problems
    fed = next(m for m in plan.measures if m.observations_from)
    with open_store(str(tmp_path / "s.db"), plan) as store, pytest.raises(StoreError) as refused:
        store.add_observation(fed.id, "2025-01-31", 1, by="ann@council.example")
    assert problems_of(refused) == [("metric_id", f"its observations come from statistic '{fed.observations_from}' (observations_from in the plan): they are not entered by hand")]


# -- corrections and retractions ---------------------------------------------------------------


def test_a_correction_is_a_new_row_that_supersedes_the_old_with_its_reason(store, monkeypatch):
    clock = Clock(monkeypatch)
    first = store.add_observation("longest_wait", "2025-01-31", 20, by="ann@council.example")
    with pytest.raises(StoreError) as refused:
        store.correct(first.id, by="bob@council.example", reason=" ", value=21)
    assert problems_of(refused) == [("reason", "missing: say why (the reason is kept with the change, and shown in its history)")]
    clock.set(dt.date(2025, 2, 3))
    second = store.correct(first.id, by="bob@council.example", reason="the report says 21", value=21)
    assert (second.supersedes, second.value, second.action, second.reason) == (first.id, 21.0, "correct", "the report says 21")
    assert store.count() == 2  # the old row is still there
    assert store.entry(first.id).value == 20.0
    series = store.dataset(PLAN).series("longest_wait")
    assert list(series.values) == [21.0]
    assert series.correction_at(0) == Correction(dt.datetime(2025, 2, 3, 9, tzinfo=dt.timezone.utc), "bob@council.example", "the report says 21", 20.0)
    [added, corrected] = store.history(subject="longest_wait")
    assert (added.what, added.old, added.new["value"]) == ("added", None, 20)
    assert (corrected.what, corrected.by, corrected.why, corrected.old["value"], corrected.new["value"]) == ("corrected", "bob@council.example", "the report says 21", 20, 21)
    with pytest.raises(StoreError) as again:
        store.correct(first.id, by="cat@council.example", reason="x", value=22)
    assert problems_of(again) == [("entry", "entry 1 was already corrected by entry 2 on 2025-02-03 09:00 UTC by bob@council.example: correct entry 2 instead")]


def test_a_correction_is_checked_like_a_new_figure(store):
    first = store.add_observation("confidence", "2025-01-31", 50, by="ann@council.example")
    store.add_observation("confidence", "2025-02-28", 51, by="ann@council.example")
    for fields, expected in [
        ({"value": 150}, ("value", "150 is not a percentage (must lie between 0 and 100)")),
        ({"date": "2025-02-28"}, ("date", "there is already a figure for 2025-02-28")),
        ({"colour": "red"}, ("colour", "is not a field of an observation (fields that can be corrected: date, value, n, source, note, illustrative)")),
        ({"value": 50}, ("", "nothing to correct: the values given are those of entry 1 already")),
    ]:
        with pytest.raises(StoreError) as refused:
            store.correct(first.id, by="bob@council.example", reason="check", **fields)
        [(field, message)] = problems_of(refused)
        assert (field, message[: len(expected[1])]) == expected
    assert store.count() == 2


def test_a_retraction_is_a_row_and_the_date_can_be_used_again(store):
    first = store.add_observation("longest_wait", "2025-01-31", 20, by="ann@council.example")
    with pytest.raises(StoreError) as refused:
        store.retract(first.id, by="bob@council.example", reason="")
    assert problems_of(refused)[0][0] == "reason"
    gone = store.retract(first.id, by="bob@council.example", reason="entered against the wrong metric")
    assert (gone.action, gone.supersedes, gone.value) == ("retract", first.id, None)
    assert store.count() == 2
    assert len(store.dataset(PLAN).series("longest_wait")) == 0
    history = store.history(what="retracted")
    assert [(h.what, h.why, h.old["value"], h.new) for h in history] == [("retracted", "entered against the wrong metric", 20, None)]
    with pytest.raises(StoreError) as twice:
        store.retract(first.id, by="bob@council.example", reason="again")
    assert problems_of(twice)[0][1].startswith("entry 1 was already retracted on ")
    again = store.add_observation("longest_wait", "2025-01-31", 19, by="ann@council.example")
    assert list(store.dataset(PLAN).series("longest_wait").values) == [19.0]
    assert again.supersedes is None


def test_an_update_is_corrected_and_retracted_the_same_way(store):
    update = store.add_update("act-1", "2025-01-31", "green", "Going well", by="ann@council.example")
    fixed = store.correct(update.id, by="bob@council.example", reason="the lead says amber", status="amber")
    assert [u.status.value for u in store.dataset(PLAN).history("act-1")] == ["amber"]
    store.retract(fixed.id, by="bob@council.example", reason="duplicate")
    assert store.dataset(PLAN).history("act-1") == ()
    assert [h.what for h in store.history(kind="update")] == ["added", "corrected", "retracted"]


# -- what the board saw ------------------------------------------------------------------------


def test_the_figures_as_recorded_by_a_date_leave_out_later_corrections(store, monkeypatch):
    clock = Clock(monkeypatch)
    clock.set(dt.date(2025, 2, 5))
    first = store.add_observation("longest_wait", "2025-01-31", 20, by="ann@council.example")
    clock.set(dt.date(2025, 3, 10))
    store.correct(first.id, by="bob@council.example", reason="late returns", value=24)
    clock.set(dt.date(2025, 4, 2))
    store.add_observation("longest_wait", "2025-03-31", 18, by="ann@council.example")

    def seen(day):
        series = store.dataset(PLAN, as_recorded_by=day).series("longest_wait")
        return [(str(series.date(i)), float(series.values[i]), series.correction_at(i) is not None) for i in range(len(series))]

    assert seen(dt.date(2025, 2, 4)) == []
    assert seen(dt.date(2025, 2, 5)) == [("2025-01-31", 20.0, False)]  # a date: the end of that day
    assert seen(dt.date(2025, 3, 9)) == [("2025-01-31", 20.0, False)]  # what the board saw in March
    assert seen(dt.date(2025, 3, 10)) == [("2025-01-31", 24.0, True)]
    assert seen(dt.datetime(2025, 3, 10, 8, 59, tzinfo=dt.timezone.utc)) == [("2025-01-31", 20.0, False)]
    assert seen(None) == [("2025-01-31", 24.0, True), ("2025-03-31", 18.0, False)]


def test_a_retraction_shows_only_from_its_own_date(store, monkeypatch):
    clock = Clock(monkeypatch)
    first = store.add_observation("longest_wait", "2025-01-31", 20, by="ann@council.example")
    clock.set(dt.date(2025, 3, 1))
    store.retract(first.id, by="bob@council.example", reason="wrong")
    assert len(store.dataset(PLAN, as_recorded_by=dt.date(2025, 2, 1)).series("longest_wait")) == 1
    assert len(store.dataset(PLAN, as_recorded_by=dt.date(2025, 3, 1)).series("longest_wait")) == 0


# -- import and export -------------------------------------------------------------------------


def test_importing_twice_adds_nothing(store):
    preview = store.preview_import(DATA)
    assert preview.ok and preview.summary() == f"{DATA}: 7 observations and 4 action updates to add, nothing to change, 0 unchanged."
    assert store.count() == 0  # looking writes nothing
    first = store.import_dir(DATA, by="ann@council.example")
    assert (first.added, first.changed, first.unchanged, first.first_id, first.last_id) == (11, 0, 0, 1, 11)
    second = store.import_dir(DATA, by="ann@council.example")
    assert (second.added, second.changed, second.unchanged) == (0, 0, 11)
    assert second.summary() == f"Imported {DATA}: nothing new (11 unchanged)."
    assert store.count() == store.version() == 11  # importing again changed nothing, so the version is the same
    assert [h.origin for h in store.history(subject="longest_wait")] == ["observations.csv:3", "observations.csv:2"]  # by date


def test_the_figures_from_the_store_give_the_same_statuses_as_the_folder(store):
    store.import_dir(DATA, by="ann@council.example")
    from_store = load_from_store(TARGETS, store)
    from_folder = load(TARGETS, DATA)
    assert from_store.ok, from_store.problems
    assert statuses(from_store) == statuses(from_folder)


def test_an_import_with_a_changed_figure_supersedes_it(store, tmp_path):
    store.import_dir(DATA, by="ann@council.example")
    changed = tmp_path / "data"
    shutil.copytree(DATA, changed)
    path = changed / "observations.csv"
    path.write_text(path.read_text().replace("tribunals,2025-03-31,3,", "tribunals,2025-03-31,4,"))
    preview = store.preview_import(changed)
    assert (len(preview.added), len(preview.changed), preview.unchanged) == (0, 1, 10)
    row = preview.changed.iloc[0]
    assert (row["subject"], row["old_value"], row["value"]) == ("tribunals", 3.0, 4.0)
    result = store.import_dir(changed, by="bob@council.example", reason="the revised return")
    assert (result.added, result.changed) == (0, 1)
    [corrected] = store.history(what="corrected")
    assert (corrected.subject, corrected.old["value"], corrected.new["value"], corrected.why) == ("tribunals", 3, 4, "the revised return")


def test_an_import_with_any_problem_writes_nothing(store, tmp_path):
    broken = tmp_path / "data"
    shutil.copytree(DATA, broken)
    (broken / "more.csv").write_text("metric_id,date,value\nlongest_wait,2025-05-31,12\nlongest_wait,2025-06-31,13\n")
    preview = store.preview_import(broken)
    assert [str(p) for p in preview.problems] == [f"{broken}/more.csv:3: metric 'longest_wait': date: '2025-06-31' is not a real date"]
    assert preview.summary() == f"1 problem in {broken}: nothing can be imported until it is put right."
    with pytest.raises(StoreError):
        store.import_dir(broken, by="ann@council.example")
    assert store.count() == 0


def test_an_import_that_fails_half_way_writes_nothing(store, monkeypatch):
    monkeypatch.setattr(store_module, "CHUNK", 3)
    calls = []
    real = store_module.Connection.exec_driver_sql

    def failing(self, sql, *args, **kwargs):
        if sql.startswith("INSERT"):
            calls.append(sql)
            if len(calls) == 2:  # the first chunk is in; the disk fills up
                raise sqlite3.OperationalError("database or disk is full")
        return real(self, sql, *args, **kwargs)

    monkeypatch.setattr(store_module.Connection, "exec_driver_sql", failing)
    with pytest.raises(Exception, match="disk is full"):
        store.import_dir(DATA, by="ann@council.example")
    monkeypatch.undo()
    assert len(calls) == 2
    assert store.count() == 0
    assert store.import_dir(DATA, by="ann@council.example").added == 11  # and the store still works
    assert store.history(limit=1)[0].why == f"imported from {DATA}"


def test_export_then_import_is_a_round_trip(store, tmp_path):
    store.import_dir(DATA, by="ann@council.example")
    entry = store.add_observation("confidence", "2025-10-31", 61.25, by="ann@council.example", n=80, source='Survey, "autumn"', note="line one\nline two", illustrative=True)
    store.correct(entry.id, by="bob@council.example", reason="typo", value=61.5)
    assert export_dir(store, tmp_path / "out") == (8, 4)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["action_updates.csv", "observations.csv"]
    assert load(TARGETS, tmp_path / "out").ok
    with open_store(str(tmp_path / "copy.db"), PLAN) as copy:
        assert copy.import_dir(tmp_path / "out", by="cat@council.example").added == 12
        assert statuses(load_from_store(TARGETS, copy)) == statuses(load_from_store(TARGETS, store))
        export_dir(copy, tmp_path / "again")
    for name in ("observations.csv", "action_updates.csv"):
        assert (tmp_path / "again" / name).read_text() == (tmp_path / "out" / name).read_text()
    assert store.import_dir(tmp_path / "out", by="ann@council.example").added == 0


def test_export_refuses_a_folder_with_other_csv_files(store, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.csv").write_text("x\n")
    with pytest.raises(StoreError) as refused:
        export_dir(store, tmp_path / "out")
    assert problems_of(refused) == [("out", f"'{tmp_path / 'out'}' already holds other CSV files (mine.csv): they would be read with the export; choose an empty folder")]


def test_figures_for_metrics_no_longer_in_the_plan_are_problems(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store:  # no plan: nothing to check ids against
        store.add_observation("retired_metric", "2025-01-31", 5, by="ann@council.example")
        loaded = load_from_store(TARGETS, store)
    assert not loaded.ok
    assert [str(p) for p in loaded.problems] == [
        f"sqlite:///{tmp_path / 's.db'}: metric 'retired_metric': metric_id: unknown metric 'retired_metric' (not in the plan): 1 observation in the database; add it to the plan, or retract them"
    ]


# -- uploads -----------------------------------------------------------------------------------


def workbook(*sheets: tuple[str, list[list]], percent_cells: tuple[str, ...] = ()) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for ref in percent_cells:
            if title == sheets[0][0]:
                sheet[ref].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_upload_reads_dates_uk_text_dates_and_percentages():
    content = workbook(
        ("Figures", [["metric_id", "date", "value", "n"], ["longest_wait", dt.datetime(2025, 1, 31), 20, None], ["confidence", "28/02/2025", 0.525, 120]]),
        ("Updates", [["action_id", "date", "status", "narrative"], ["act-1", dt.date(2025, 3, 31), "Green", "On track"]]),
        percent_cells=("C3",),
    )
    dataset, problems = read_upload(content, "figures.xlsx", PLAN)
    assert problems == []
    rows = [(r.metric_id, r.date.date(), r.value, None if r.n != r.n else r.n, r.file, r.line) for r in dataset.observations.itertuples()]
    assert rows == [
        ("confidence", dt.date(2025, 2, 28), 52.5, 120.0, "figures.xlsx, sheet 'Figures'", 3),
        ("longest_wait", dt.date(2025, 1, 31), 20.0, None, "figures.xlsx, sheet 'Figures'", 2),
    ]
    assert [(u.action_id, u.date, u.status.value) for u in dataset.updates] == [("act-1", dt.date(2025, 3, 31), "green")]


def test_a_csv_upload_reads_uk_dates_and_previews_before_writing(store):
    content = b"metric_id,date,value\nlongest_wait,31/01/2025,20\nlongest_wait,2025-02-28,19\n"
    dataset, problems = read_upload(content, "waits.csv", PLAN)
    assert problems == []
    preview = store.preview_import(dataset)
    assert preview.summary() == "waits.csv: 2 observations to add, nothing to change, 0 unchanged."
    assert store.count() == 0
    store.import_dir(dataset, by="ann@council.example")
    assert [h.origin for h in store.history()] == ["waits.csv:2", "waits.csv:3"]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"metric_id,date,value\nlongest_wait,31/02/2025,abc\n", "w.csv", ["w.csv:2: metric 'longest_wait': date: '31/02/2025' is not a date (use YYYY-MM-DD)", "w.csv:2: metric 'longest_wait': value: 'abc' is not a number"]),
        (b"PK\x03\x04 not really", "w.xlsx", ["w.xlsx: is not an Excel workbook (.xlsx) (is it a CSV file or an old .xls renamed?): save it from Excel as Excel Workbook (.xlsx)"]),
        (b"\xd0\xcf\x11\xe0", "w.xls", ["w.xls: is an old Excel file (.xls): save it as Excel Workbook (.xlsx) or CSV UTF-8, and upload that"]),
        (b"{}", "w.json", ["w.json: is not a .csv or .xlsx file: upload a CSV file (CSV UTF-8) or an Excel workbook (.xlsx)"]),
    ],
    ids=["bad csv rows", "not a workbook", "old xls", "other file"],
)
def test_a_bad_upload_lists_every_problem(content, name, expected):
    dataset, problems = read_upload(content, name, PLAN)
    assert dataset is None
    assert [str(p) for p in problems] == expected


def test_an_excel_sheet_with_a_problem_names_the_sheet_and_row():
    content = workbook(("Figures", [["metric_id", "date", "vaule"], ["longest_wait", dt.date(2025, 1, 31), 20]]), ("Notes", [["metric_id", "date", "value"], ["nope", dt.date(2025, 1, 31), 1]]))
    _, problems = read_upload(content, "f.xlsx", PLAN)
    assert [str(p) for p in problems] == [
        "f.xlsx, sheet 'Figures':1: header: missing column 'value' (needed for observations: metric_id,date,value)",
        "f.xlsx, sheet 'Figures':1: header: unknown column 'vaule' (allowed for observations: metric_id, date, value, n, source, note, illustrative)",
        "f.xlsx, sheet 'Notes':2: metric 'nope': metric_id: unknown metric 'nope' (not in the plan)",
    ]


def test_uploads_are_bounded(monkeypatch):
    monkeypatch.setattr(upload_module, "MAX_UPLOAD_BYTES", 100)
    _, problems = read_upload(b"x" * 101, "big.csv", PLAN)
    assert [str(p) for p in problems] == ["big.csv: is 101 bytes: at most 100 bytes can be uploaded (split it, or import a data folder with `python -m metrics import`)"]
    monkeypatch.setattr(upload_module, "MAX_UPLOAD_BYTES", 10_000_000)
    monkeypatch.setattr(upload_module, "MAX_UPLOAD_ROWS", 2)
    rows = b"metric_id,date,value\n" + b"longest_wait,2025-01-31,1\n" * 3
    _, problems = read_upload(rows, "long.csv", PLAN)
    assert [str(p) for p in problems] == ["long.csv: has more than 2 rows: at most 2 can be uploaded at once (split it)"]
    content = workbook(("S", [["metric_id", "date", "value"]] + [["longest_wait", dt.date(2025, 1, d), 1] for d in range(1, 5)]))
    _, problems = read_upload(content, "long.xlsx", PLAN)
    assert [str(p) for p in problems] == ["long.xlsx: has more than 2 rows: at most 2 can be uploaded at once (split it)"]
    wide = workbook(("S", [[f"c{i}" for i in range(upload_module.MAX_UPLOAD_COLUMNS + 1)]]))
    _, problems = read_upload(wide, "wide.xlsx", PLAN)
    assert [str(p) for p in problems] == ["wide.xlsx:1: header: has 101 columns: at most 100 are read (observations have 7 at most, action updates 6)"]


# -- the sample plan, history filters ----------------------------------------------------------


def test_figures_from_a_statistic_are_merged_and_are_not_corrections(tmp_path):
    """The sample plan takes some observations from published statistics: merged as from a folder."""
    sample_targets, sample_data = ROOT / "targets.yaml", ROOT / "sample_data"
    plan, _ = load_plan(sample_targets, str(sample_targets))
    with open_store(str(tmp_path / "s.db"), plan) as store:
        store.import_dir(sample_data, by="ann@council.example")
        loaded = load_from_store(sample_targets, store)
    from_folder = load(sample_targets, sample_data)
    assert loaded.ok, loaded.problems[:3]
    assert len(loaded.dataset.observations) == len(from_folder.dataset.observations)
    assert loaded.dataset.observations["correction"].tolist() == [None] * len(loaded.dataset.observations)
    assert statuses(loaded) == statuses(from_folder)


def test_history_filters(store, monkeypatch):
    clock = Clock(monkeypatch)
    store.add_observation("longest_wait", "2025-01-31", 20, by="ann@council.example")
    clock.set(dt.date(2025, 2, 1))
    store.add_update("act-1", "2025-01-31", "green", "Fine", by="bob@council.example")
    clock.set(dt.date(2025, 3, 1))
    store.add_observation("tribunals", "2025-02-28", 4, by="ann@council.example")
    ids = lambda entries: [e.id for e in entries]  # noqa: E731
    assert ids(store.history()) == [1, 2, 3]
    assert ids(store.history(newest_first=True, limit=2)) == [3, 2]
    assert ids(store.history(by="ann@council.example")) == [1, 3]
    assert ids(store.history(kind="update")) == [2]
    assert ids(store.history(since=dt.date(2025, 2, 1), until=dt.date(2025, 2, 28))) == [2]
    assert ids(store.history(what="added", subject="tribunals")) == [3]
    assert [e.at.isoformat() for e in store.history(limit=1)] == ["2025-01-10T09:00:00+00:00"]


def test_recording_times_never_go_backwards(store, monkeypatch):
    clock = Clock(monkeypatch)
    first = store.add_observation("longest_wait", "2025-01-31", 20, by="ann@council.example")
    clock.set(dt.date(2024, 6, 1))  # the server's clock is put back
    second = store.correct(first.id, by="bob@council.example", reason="typo", value=21)
    assert second.recorded_at == first.recorded_at


def live_both_ways(store) -> tuple[list, list]:
    """The rows in force read through the snapshot (and the rows after it), and from every row."""
    def rows(frame):
        frame = frame.sort_values("id").reset_index(drop=True)
        return [tuple(None if v is None or v != v else v for v in r) for r in frame[list(store_module._LIVE)].itertuples(index=False)]

    with store._reading() as conn:
        assert store._snapshot(conn) is not None
        return rows(store._live(conn)), rows(store._live_from_rows(conn))


def test_the_snapshot_gives_the_same_rows_as_reading_every_row(store, tmp_path, monkeypatch):
    store.import_dir(DATA, by="ann@council.example")  # an import writes a snapshot
    via_snapshot, from_rows = live_both_ways(store)
    assert via_snapshot == from_rows and len(from_rows) == 11
    first = store.add_observation("longest_wait", "2025-01-31", 20, by="ann@council.example")
    fixed = store.correct(first.id, by="bob@council.example", reason="typo", value=21)
    tribunal = store.current_entry("observation", "tribunals", dt.date(2025, 3, 31))
    store.retract(tribunal.id, by="bob@council.example", reason="wrong")
    update = store.current_entry("update", "act-1", dt.date(2023, 2, 28))
    store.correct(update.id, by="bob@council.example", reason="the lead says", status="green", narrative="Done, nearly")
    via_snapshot, from_rows = live_both_ways(store)  # the snapshot, and the rows after it
    assert via_snapshot == from_rows and len(from_rows) == 11
    changed = tmp_path / "data"
    shutil.copytree(DATA, changed)
    path = changed / "observations.csv"
    path.write_text(path.read_text().replace("confidence,2024-07-31,55,", "confidence,2024-07-31,56,") + "longest_wait,2025-02-28,18,,,,\n")
    store.import_dir(changed, by="cat@council.example")  # a new snapshot, made from the old rows and the new
    via_snapshot, from_rows = live_both_ways(store)
    assert via_snapshot == from_rows and len(from_rows) == 13
    assert fixed.id in [r[0] for r in from_rows]
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 2)
    store.add_observation("longest_wait", "2025-03-31", 17, by="ann@council.example")
    store.add_observation("longest_wait", "2025-04-30", 16, by="ann@council.example")  # two rows since: a new snapshot
    with store._reading() as conn:
        assert store._snapshot(conn)[0] == store.version()
    assert live_both_ways(store)[0] == live_both_ways(store)[1]
    now, later = store.dataset(PLAN), store.dataset(PLAN, as_recorded_by=dt.date(2199, 12, 31))  # a moment: every row read
    assert now.observations.drop(columns="correction").equals(later.observations.drop(columns="correction"))
    assert now.observations["correction"].tolist() == later.observations["correction"].tolist()
    assert now.updates == later.updates


def _same_as_a_new_reader(store, path: Path) -> None:
    """What ``store`` (which remembers the rows it read last) gives now equals what a store opened
    afresh on the same file gives."""
    remembered = store.dataset(PLAN)
    with open_store(f"sqlite:///{path}", PLAN) as fresh:
        afresh = fresh.dataset(PLAN)
    assert remembered.observations.drop(columns="correction").equals(afresh.observations.drop(columns="correction"))
    assert remembered.observations["correction"].tolist() == afresh.observations["correction"].tolist()
    assert remembered.updates == afresh.updates


def test_a_reader_that_remembers_the_rows_sees_every_later_write(store, tmp_path):
    path = tmp_path / "dashboard.db"
    store.import_dir(DATA, by="ann@council.example")
    _same_as_a_new_reader(store, path)
    kept = tmp_path / "copy.db"
    shutil.copy(path, kept)  # the database as it is now, to put back later
    first = store.add_observation("longest_wait", "2025-01-31", 20, by="ann@council.example")
    _same_as_a_new_reader(store, path)
    assert 20 in store.dataset(PLAN).series("longest_wait").values
    store.correct(first.id, by="bob@council.example", reason="typo", value=21)
    _same_as_a_new_reader(store, path)
    tribunal = store.current_entry("observation", "tribunals", dt.date(2025, 3, 31))
    store.retract(tribunal.id, by="bob@council.example", reason="wrong")
    _same_as_a_new_reader(store, path)
    update = store.current_entry("update", "act-1", dt.date(2023, 2, 28))
    store.correct(update.id, by="bob@council.example", reason="the lead says", status="green", narrative="Done, nearly")
    _same_as_a_new_reader(store, path)
    changed = tmp_path / "data"
    shutil.copytree(DATA, changed)
    csv_path = changed / "observations.csv"
    csv_path.write_text(csv_path.read_text().replace("confidence,2024-07-31,55,", "confidence,2024-07-31,56,"))
    store.import_dir(changed, by="cat@council.example")
    _same_as_a_new_reader(store, path)
    with sqlite3.connect(path) as conn, sqlite3.connect(kept) as source:  # an administrator puts the copy back
        source.backup(conn)
    series = store.dataset(PLAN).series("longest_wait")
    assert 21 not in series.values and 20 not in series.values  # not the rows it remembered
    _same_as_a_new_reader(store, path)
    store.add_observation("longest_wait", "2025-01-31", 19, by="ann@council.example")
    for _ in range(6):  # the numbers the remembered rows had are taken again, by other entries
        store.add_observation("tribunals", f"2026-0{_ + 1}-28", 3, by="ann@council.example")
    assert 19 in store.dataset(PLAN).series("longest_wait").values
    _same_as_a_new_reader(store, path)
