"""Enter figures (editors), through app.py on the small fixture plan with a SQLite database: a saved
figure is in the history with who made it; a refused one shows its problem beside its field and
writes nothing; an upload is previewed, every problem listed, and written only when confirmed."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from metrics.store import open_store
from tests.conftest import page_text

PAGE = "app_pages/enter_figures.py"


def plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", str(text)).replace("\u2060", "")


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'dashboard.db'}"


@pytest.fixture
def history(db):
    stores = []

    def read():
        store = open_store(db)
        stores.append(store)
        return store.history()

    yield read
    for store in stores:
        store.close()
    from ui.state import forget_stores

    forget_stores()


def open_page(make_app, db, *args):
    at = make_app("--as-of", "2025-08-01", "--db", db, *args).run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert plain(at.title[0].value) == "Enter figures"
    return at


def walk(node):
    """Every element under ``node``, in the order drawn."""
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for key in sorted(children):
        yield from walk(children[key])


def next_after(at, label: str) -> list:
    """The elements drawn straight after the widget labelled ``label``, up to the next widget."""
    elements = list(walk(at._tree))
    start = next(i for i, e in enumerate(elements) if getattr(e, "label", None) == label)
    after = []
    for element in elements[start + 1 :]:
        if getattr(element, "label", None) is not None:
            break
        after.append(element)
    return after


def fill_observation(at, *, who="Ann Officer", metric="longest_wait", date=dt.date(2025, 7, 31), value="21", n="", source="SEN2 return"):
    at.text_input(key="_editor_who").set_value(who)
    at.selectbox(key="obs_metric").set_value(metric)
    at.date_input(key="obs_date").set_value(date)
    at.text_input(key="obs_value").set_value(value)
    at.text_input(key="obs_n").set_value(n)
    at.text_input(key="obs_source").set_value(source)


def save_observation(at):
    next(b for b in at.button if b.label == "Save the observation").click().run()
    assert not at.exception
    return at


def test_a_valid_figure_is_saved_and_appears_in_the_history_with_who_and_when(make_app, db, history):
    at = open_page(make_app, db)
    assert at.text_input(key="_editor_who").label == "Your name or email address"  # no sign-in: say who you are
    assert [t.label for t in at.tabs] == ["Observation", "Action update", "Upload a file"]
    fill_observation(at, n="30")
    save_observation(at)
    assert "Saved: longest_wait on 2025-07-31 is 21 (entry 1, by Ann Officer)." in [plain(s.value) for s in at.success]
    (entry,) = history()
    assert (entry.by, entry.what, entry.subject, entry.date) == ("Ann Officer", "added", "longest_wait", dt.date(2025, 7, 31))
    assert entry.new["value"] == 21 and entry.new["n"] == 30 and entry.new["source"] == "SEN2 return"
    assert abs(entry.at.replace(tzinfo=None) - dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)) < dt.timedelta(minutes=5)


def test_a_bad_value_is_shown_beside_the_value_and_nothing_is_written(make_app, db, history):
    at = open_page(make_app, db)
    fill_observation(at, value="about twenty")
    save_observation(at)
    assert not at.success
    assert "Nothing was saved. Put right what is marked below and save again." in [plain(e.value) for e in at.error]
    beside = [plain(e.value) for e in next_after(at, "Value") if e.type == "error"]
    assert beside and "'about twenty' is not a number" in beside[0]
    assert [e for e in next_after(at, "Source") if e.type == "error"] == []
    assert history() == []


def test_a_second_figure_for_the_same_date_is_refused_beside_the_date(make_app, db, history):
    at = open_page(make_app, db)
    fill_observation(at)
    save_observation(at)
    at.text_input(key="obs_value").set_value("19")
    save_observation(at)
    beside = [plain(e.value) for e in next_after(at, "Date of the figure") if e.type == "error"]
    assert beside and beside[0].startswith("there is already a figure for 2025-07-31 (21, entry 1, recorded ")
    assert [e.new["value"] for e in history()] == [21]


def test_without_a_name_nothing_is_written_and_the_name_field_says_why(make_app, db, history):
    at = open_page(make_app, db)
    fill_observation(at, who="")
    save_observation(at)
    beside = [plain(e.value) for e in next_after(at, "Your name or email address") if e.type == "error"]
    assert beside[0] == "missing: say who is making this change (their email address)"
    assert history() == []


def test_an_action_update_is_saved(make_app, db, history):
    at = open_page(make_app, db)
    at.text_input(key="_editor_who").set_value("ann@example.org")
    at.selectbox(key="upd_action").set_value("act-2")
    at.date_input(key="upd_date").set_value(dt.date(2025, 7, 1))
    at.selectbox(key="upd_status").set_value("amber")
    at.text_area(key="upd_narrative").set_value("Uptake improving after the summer term")
    at.text_area(key="upd_public").set_value("More school staff trained")
    next(b for b in at.button if b.label == "Save the update").click().run()
    assert not at.exception
    assert "Saved: act-2 on 2025-07-01 is amber (entry 1, by ann@example.org)." in [plain(s.value) for s in at.success]
    (entry,) = history()
    assert entry.entity == "action update" and entry.new["status"] == "amber" and entry.new["public_narrative"] == "More school staff trained"


def test_an_upload_lists_every_problem_and_writes_nothing(make_app, db, history):
    at = open_page(make_app, db)
    at.text_input(key="_editor_who").set_value("ann@example.org")
    csv = b"metric_id,date,value,source\nlongest_wait,31/07/2025,abc,SEN2\nno_such_metric,2025-07-31,4,SEN2\n"
    at.file_uploader[0].upload("figures.csv", csv, "text/csv").run()
    assert not at.exception
    text = plain(page_text(at))
    assert "2 problems in figures.csv: nothing has been written." in text
    code = "\n".join(c.value for c in at.code)
    assert "figures.csv:2" in code and "'abc'" in code
    assert "figures.csv:3" in code and "no_such_metric" in code
    assert not [b for b in at.button if b.label == "Write these changes"]
    assert history() == []


def test_an_upload_is_previewed_and_written_only_when_confirmed(make_app, db, history):
    at = open_page(make_app, db)
    at.text_input(key="_editor_who").set_value("ann@example.org")
    csv = b"metric_id,date,value,source\nlongest_wait,31/07/2025,18,SEN2\nconfidence,2025-07-31,61.5,Survey\n"
    at.file_uploader[0].upload("figures.csv", csv, "text/csv").run()
    assert not at.exception
    assert "figures.csv: 2 observations to add, nothing to change, 0 unchanged." in [plain(i.value) for i in at.info]
    preview = at.dataframe[0].value
    assert sorted(preview["Metric or action"]) == ["confidence", "longest_wait"]
    assert [str(d)[:10] for d in preview["Date"]] == ["2025-07-31", "2025-07-31"]  # 31/07/2025 read as a UK date
    assert history() == []  # looking writes nothing
    next(b for b in at.button if b.label == "Write these changes").click().run()
    assert not at.exception
    assert any("Imported figures.csv: 2 added" in plain(s.value) for s in at.success)
    entries = history()
    assert sorted((e.subject, e.what, e.by) for e in entries) == [("confidence", "imported", "ann@example.org"), ("longest_wait", "imported", "ann@example.org")]


def test_an_excel_upload_is_previewed_with_its_dates_as_dates(make_app, db, history):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["metric_id", "date", "value", "source"])
    sheet.append(["longest_wait", dt.datetime(2025, 7, 31), 18, "SEN2"])
    sheet["B2"].number_format = "DD/MM/YYYY"
    content = io.BytesIO()
    book.save(content)
    at = open_page(make_app, db)
    at.file_uploader[0].upload("figures.xlsx", content.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    assert not at.exception
    assert "figures.xlsx: 1 observation to add, nothing to change, 0 unchanged." in [plain(i.value) for i in at.info]
    assert [str(d)[:10] for d in at.dataframe[0].value["Date"]] == ["2025-07-31"]
    assert history() == []
