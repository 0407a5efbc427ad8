"""The actions page, through app.py, on the small fixture plan."""

from __future__ import annotations

from test_page_off_track import table_rows

from metrics.domain.status import Status
from tests.conftest import page_text

PAGE = "app_pages/actions.py"


def open_page(make_app, *args):
    at = make_app("--as-of", "2025-08-01", *args).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_action_plan_table(make_app):
    at = open_page(make_app)
    assert at.title[0].value == "Actions"
    assert "Data as at 1 Aug 2025" in page_text(at)
    assert table_rows(at, "The action plan") == [
        ["★ Blue", "act-1", "Publish the autism pathway", "Waiting times", "Autism pathway lead", "31 Mar 2023", "No", "28 Feb 2023", "Internal: done"],
        # overdue, so red although its lead last said amber; and its last update is over 42 days old
        ["✖ Red", "act-2", "Train school staff", "Parent carer voice", "Training lead", "31 Dec 2023", "Yes", "30 Jun 2023 (update overdue)", "Internal: slow uptake"],
        ["✖ Red", "act-secret", "Zanzibar restructure", "Waiting times", "Quixotic Internal Lead", "31 Dec 2023", "Yes", "30 Jun 2023 (update overdue)", "Zanzibar going badly"],
    ]
    assert "Showing 3 of 3 actions: 2 red, 1 blue; 2 overdue; 2 with updates overdue." in page_text(at)


def test_filters_by_area_status_and_overdue(make_app):
    at = open_page(make_app)
    area, status = at.multiselect
    assert area.value == ["waits", "voice"] and [s.value for s in status.value] == ["red", "amber", "grey", "green", "blue"]
    area.unselect("voice").run()
    assert [r[2] for r in table_rows(at, "The action plan")] == ["Publish the autism pathway", "Zanzibar restructure"]
    at.radio[0].set_value("overdue").run()
    assert [r[2] for r in table_rows(at, "The action plan")] == ["Zanzibar restructure"]
    at.multiselect[0].set_value(["waits", "voice"]).run()
    assert [r[2] for r in table_rows(at, "The action plan")] == ["Train school staff", "Zanzibar restructure"]
    at.multiselect[1].set_value([Status.RED]).run()
    assert [r[2] for r in table_rows(at, "The action plan")] == ["Train school staff", "Zanzibar restructure"]
    at.multiselect[1].set_value([Status.AMBER]).run()
    assert "No actions match the filters (out of 3)." in page_text(at)
    at.multiselect[1].set_value([Status.RED]).run()
    at.radio[0].set_value("not overdue").run()
    assert "No actions match the filters (out of 3)." in page_text(at)
    assert not at.selectbox


def test_history_of_the_chosen_action(make_app):
    at = open_page(make_app)
    choose = at.selectbox[0]
    assert choose.label == "Action"
    assert choose.options == ["Publish the autism pathway (act-1)", "Train school staff (act-2)", "Zanzibar restructure (act-secret)"]
    assert table_rows(at, "Updates to Publish the autism pathway (act-1)") == [
        ["28 Feb 2023", "★ Blue", "Internal: done", "Published in February", "No"],
        ["30 Jun 2022", "✔ Green", "Internal: going fine", "On track", "No"],
    ]
    assert "Completed and embedded (update of 28 Feb 2023). Due 31 Mar 2023; lead: Autism pathway lead." in page_text(at)
    choose.set_value("act-2").run()
    # the history shows what the lead reported (amber); the status above it is red, as overdue
    assert table_rows(at, "Updates to Train school staff (act-2)") == [["30 Jun 2023", "▲ Amber", "Internal: slow uptake", "Training has started", "No"]]
    assert "Overdue since 31 Dec 2023; last reported amber on 30 Jun 2023." in page_text(at)


def test_history_stops_at_the_as_of_date(make_app):
    at = make_app("--as-of", "2022-12-31").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert table_rows(at, "Updates to Publish the autism pathway (act-1)") == [["30 Jun 2022", "✔ Green", "Internal: going fine", "On track", "No"]]
    at.selectbox[0].set_value("act-2").run()
    assert "No updates yet for this action." in page_text(at)


def test_text_from_the_files_is_escaped(make_app, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "updates.csv").write_text('action_id,date,status,narrative\nact-1,2023-01-01,green,"<b>bold</b> **stars** [link](http://x)"\n', encoding="utf-8")
    at = make_app("--as-of", "2025-08-01", data=data).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    body = next(e.proto.body for e in at.get("html") if "<caption>The action plan" in e.proto.body)
    assert "&lt;b&gt;bold&lt;/b&gt; **stars** [link](http://x)" in body
    assert "<b>bold</b>" not in body


def test_the_actions_download_holds_the_rows_shown(make_app, media):
    import csv
    import io

    at = open_page(make_app)
    at.radio[0].set_value("overdue").run()
    csv_button, excel_button = at.get("download_button")[:2]
    assert (csv_button.proto.label, excel_button.proto.label) == ("Download CSV", "Download Excel")
    file = media(csv_button)
    assert file.filename == "actions-2025-08-01.csv"
    rows = list(csv.DictReader(io.StringIO(file.content.decode("utf-8-sig"))))
    assert [r["ID"] for r in rows] == ["act-2", "act-secret"]
    assert (rows[0]["Status last reported by the lead"], rows[0]["Update overdue"], rows[0]["Due"]) == ("Amber", "yes", "2023-12-31")
