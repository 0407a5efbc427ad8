"""The audit trail (admins), through app.py on the small fixture plan with a SQLite database:
every change with who, when and why; filters by who, metric or action and date; the download holds
the rows kept. And the pages' menu by role: editors enter figures, only admins read the trail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from metrics.store import open_store
from metrics.views.audit import change_words, date_range, shown_sentence
from tests.conftest import page_text
from tests.test_page_off_track import table_rows

PAGE = "app_pages/audit.py"
CAPTION = "Changes, newest first: who, when (UTC), what and why"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x", "client_id": "c", "client_secret": "s", "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}


def plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", str(text)).replace("\u2060", "")


@pytest.fixture
def db(tmp_path):
    """A database with four changes by two people: two figures, a correction, an action update."""
    url = f"sqlite:///{tmp_path / 'dashboard.db'}"
    with open_store(url) as store:
        first = store.add_observation("longest_wait", "2025-06-30", 21, by="ann@example.org", source="SEN2")
        store.add_observation("confidence", "2025-06-30", 55, by="bob@example.org", source="Survey")
        store.correct(first.id, by="bob@example.org", reason="typo: the return says 19", value=19)
        store.add_update("act-2", "2025-07-01", "amber", "Uptake improving", by="ann@example.org")
    yield url
    from ui.state import forget_stores

    forget_stores()


def open_audit(make_app, db, *args):
    at = make_app("--as-of", "2025-08-01", "--db", db, *args).run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert plain(at.title[0].value) == "Audit trail"
    return at


def columns(at, name: str) -> list[str]:
    rows = table_rows(at, CAPTION)
    return [row[list(HEADERS).index(name)] for row in rows]


HEADERS = ["Recorded (UTC)", "Who", "What", "Kind", "Metric or action", "Date of the figure", "Change", "Why", "Entry", "Supersedes entry"]


def test_every_change_is_listed_newest_first_with_who_what_and_why(make_app, db):
    at = open_audit(make_app, db)
    rows = table_rows(at, CAPTION)
    assert [row[1:] for row in rows] == [
        ["ann@example.org", "added", "action update", "act-2", "2025-07-01", "date 2025-07-01; status amber; narrative Uptake improving", "", "4", ""],
        ["bob@example.org", "corrected", "observation", "longest_wait", "2025-06-30", "value 21 → 19", "typo: the return says 19", "3", "1"],
        ["bob@example.org", "added", "observation", "confidence", "2025-06-30", "date 2025-06-30; value 55; source Survey", "", "2", ""],
        ["ann@example.org", "added", "observation", "longest_wait", "2025-06-30", "date 2025-06-30; value 21; source SEN2", "", "1", ""],
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row[0]) for row in rows)
    assert "4 changes in all, newest first." in page_text(at)


def test_filters_by_who_and_by_metric_or_action(make_app, db):
    at = open_audit(make_app, db)
    who, subject = at.selectbox
    assert who.value is None and who.options == ["ann@example.org", "bob@example.org"]
    assert subject.value is None and {"longest_wait — Longest wait for an autism assessment", "act-2 — Train school staff"} <= set(subject.options)
    who.set_value("bob@example.org").run()
    assert columns(at, "Entry") == ["3", "2"]
    assert "2 changes match, newest first (4 changes in all)." in page_text(at)
    at.selectbox[1].set_value("longest_wait").run()
    assert columns(at, "Entry") == ["3"]
    assert "1 change matches, newest first (4 changes in all)." in page_text(at)


def test_filters_by_the_date_recorded(make_app, db):
    at = open_audit(make_app, db)
    today = dt.datetime.now(dt.timezone.utc).date()
    at.date_input[0].set_value((today - dt.timedelta(days=10), today - dt.timedelta(days=1))).run()
    assert table_rows(at, CAPTION) == [] and "No change matches (4 changes in all)." in page_text(at)
    at.date_input[0].set_value((today, today)).run()
    assert columns(at, "Entry") == ["4", "3", "2", "1"]


def test_the_download_holds_the_rows_kept(make_app, db, media):
    at = open_audit(make_app, db)
    at.selectbox[0].set_value("ann@example.org").run()
    button = next(b for b in at.get("download_button") if b.proto.label == "Download CSV")
    rows = list(csv.DictReader(io.StringIO(media(button).content.decode("utf-8-sig"))))
    assert [(r["Who"], r["What"], r["Metric or action"], r["Entry"]) for r in rows] == [
        ("ann@example.org", "added", "act-2", "4"),
        ("ann@example.org", "added", "longest_wait", "1"),
    ]


# -- who sees which page ---------------------------------------------------------------------


def menu(make_app, db, tmp_path, email: str | None) -> list[str]:
    args = ["--as-of", "2025-08-01", "--db", db]
    if email is None:  # no sign-in configured: this computer only, as an admin
        at = make_app(*args).run()
    else:
        access = tmp_path / "access.yaml"
        access.write_text("people:\n  ad@example.org: admin\n  ed@example.org: editor\ndomains:\n  example.org: viewer\n", encoding="utf-8")
        at = make_app(*args, "--access", str(access))
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "email": email}
        at.run()
    assert not at.exception
    return [page["page_name"] for page in at._registered_pages.values() if page.get("page_name")]


def test_the_menu_by_role(make_app, db, tmp_path):
    base = ["Board overview", "KPI detail", "Off track", "Actions", "Data & sources", "Reports", "Preview public view"]
    assert menu(make_app, db, tmp_path, "viewer@example.org") == base
    assert menu(make_app, db, tmp_path, "ed@example.org") == [*base, "Enter figures"]
    assert menu(make_app, db, tmp_path, "ad@example.org") == [*base, "Enter figures", "Audit trail"]
    assert menu(make_app, db, tmp_path, None) == [*base, "Enter figures", "Audit trail"]


def test_without_a_database_there_is_no_editor_page(make_app):
    at = make_app("--as-of", "2025-08-01").run()
    names = [page.get("page_name") for page in at._registered_pages.values()]
    assert "Enter figures" not in names and "Audit trail" not in names


# -- the words -------------------------------------------------------------------------------


def test_change_words():
    assert change_words(None, {"date": "2025-06-30", "value": 21, "n": None, "source": "SEN2", "note": "", "illustrative": False}) == "date 2025-06-30; value 21; source SEN2"
    assert change_words({"value": 21, "illustrative": False}, {"value": 19, "illustrative": True}) == "value 21 → 19; illustrative no → yes"
    assert change_words({"value": 21, "source": "SEN2"}, None) == "withdrawn (was value 21; source SEN2)"
    assert change_words({"value": 21}, {"value": 21}) == "no change"


def test_date_range_while_picking():
    a, b = dt.date(2025, 1, 1), dt.date(2025, 2, 1)
    assert date_range(()) == (None, None) and date_range(None) == (None, None)
    assert date_range((a,)) == (a, None)
    assert date_range((b, a)) == (a, b)


def test_shown_sentence():
    assert shown_sentence(0, more=False, total=0, filtered=False) == "No change has been recorded yet: figures entered, uploaded or imported are listed here."
    assert shown_sentence(1, more=False, total=1, filtered=False) == "1 change in all, newest first."
    assert shown_sentence(500, more=True, total=120_376, filtered=False) == "The newest 500 changes that match are shown here (120,376 changes in all); the downloads hold every one that matches."
