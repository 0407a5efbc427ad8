"""The as-of date stays inside the plan's own window (metrics/domain/window.py).

The rule itself first (pure functions, test vectors), then the pages: --as-of, ?as_of= and the
date picker, through app.py on the small fixture plan, whose window runs from 2021-01-01 (a year
before its earliest baseline, 2022-01-01) to 2029-01-01 (a year after its latest target,
2028-01-01).
"""

from __future__ import annotations

import datetime as dt

import pytest

from metrics.domain.load import load
from metrics.domain.window import MARGIN_YEARS, Window, as_of_window, clamp
from tests.conftest import SMALL, page_text
from tests.helpers import (
    BASE_CSVS,
    BASE_YAML,
    OBS_HEADER,
    UPDATE_HEADER,
    edit,
    load_ok,
    write_plan,
)

D = dt.date
SMALL_WINDOW = Window(D(2021, 1, 1), D(2029, 1, 1))
NO_ROWS = {"observations.csv": OBS_HEADER, "updates.csv": UPDATE_HEADER}
INTERNAL_PAGES = [
    "app_pages/overview.py",
    "app_pages/kpi.py",
    "app_pages/off_track.py",
    "app_pages/actions.py",
    "app_pages/data_sources.py",
    "app_pages/reports.py",
    "app_pages/public_preview.py",
]


def shown(text: str) -> str:
    """A markdown-escaped message as the reader sees it."""
    return text.replace("\\", "").replace("\u2060", "")


# -- the rule -----------------------------------------------------------------------------------------


def test_the_window_is_a_year_either_side_of_the_plans_dates():
    loaded = load(SMALL / "targets.yaml", SMALL / "data")
    assert MARGIN_YEARS == 1
    assert as_of_window(loaded.plan, loaded.dataset) == SMALL_WINDOW


def test_base_plan_window(tmp_path):
    # baselines 2024-01-01; targets 2025-01-01 and 2026-01-01; act-1 due 2024-06-30; data in 2024
    loaded = load_ok(tmp_path)
    assert as_of_window(loaded.plan, loaded.dataset) == Window(D(2023, 1, 1), D(2027, 1, 1))


@pytest.mark.parametrize(
    "csvs,expected",
    [
        # an observation before the earliest baseline starts the window earlier
        ({**BASE_CSVS, "observations.csv": OBS_HEADER + "wait,2022-05-31,55\n"}, Window(D(2021, 5, 31), D(2027, 1, 1))),
        # an update after the latest target ends it later (figures and updates that keep coming stay reachable)
        ({**BASE_CSVS, "updates.csv": UPDATE_HEADER + "act-1,2027-03-01,green,Still going\n"}, Window(D(2023, 1, 1), D(2028, 3, 1))),
        ({**BASE_CSVS, "observations.csv": OBS_HEADER + "wait,2026-09-30,9\n"}, Window(D(2023, 1, 1), D(2027, 9, 30))),
    ],
    ids=["early observation", "late update", "late observation"],
)
def test_data_outside_the_plans_dates_widens_the_window(tmp_path, csvs, expected):
    loaded = load_ok(tmp_path, csvs=csvs)
    assert as_of_window(loaded.plan, loaded.dataset) == expected


def test_events_widen_the_window(tmp_path):
    text = edit(BASE_YAML, "    public: true\n  - id: confidence", "    public: true\n    events:\n      - {date: 2021-09-01, label: Old event}\n  - id: confidence")
    loaded = load_ok(tmp_path, text)
    assert as_of_window(loaded.plan, loaded.dataset).first == D(2020, 9, 1)


def test_without_data_the_window_is_the_plans_own_dates(tmp_path):
    loaded = load_ok(tmp_path, csvs=NO_ROWS)
    assert as_of_window(loaded.plan, loaded.dataset) == Window(D(2023, 1, 1), D(2027, 1, 1))
    assert as_of_window(loaded.plan) == Window(D(2023, 1, 1), D(2027, 1, 1))


def test_a_plan_of_actions_only_runs_from_its_first_to_its_last_due_date(tmp_path):
    text = BASE_YAML.split("metrics:\n")[0] + (
        "actions:\n"
        "  - {id: a, title: First, area: waits, due: 2024-02-29, lead: L, public: true}\n"
        "  - {id: b, title: Last, area: waits, due: 2025-06-30, lead: L, public: true}\n"
    )
    loaded = load_ok(tmp_path, text, csvs=NO_ROWS)
    assert as_of_window(loaded.plan, loaded.dataset) == Window(D(2023, 2, 28), D(2026, 6, 30))  # 29 Feb: the 28th


def test_a_plan_with_no_date_has_no_window(tmp_path):
    text = BASE_YAML.split("metrics:\n")[0] + (
        "metrics:\n  - {id: ctx, title: Context, area: waits, unit: plans, frequency: annual, lead: L, source: S, public: true}\n"
    )
    loaded = load_ok(tmp_path, text, csvs=NO_ROWS)
    assert as_of_window(loaded.plan, loaded.dataset) is None
    assert clamp(D(1999, 6, 30), None) == (D(1999, 6, 30), None)


@pytest.mark.parametrize("inside", [D(2021, 1, 1), D(2025, 8, 1), D(2029, 1, 1)])
def test_a_date_inside_the_window_is_kept(inside):
    assert clamp(inside, SMALL_WINDOW) == (inside, None)


def test_a_date_outside_the_window_moves_to_the_nearest_end_and_says_so():
    assert clamp(D(1999, 6, 30), SMALL_WINDOW) == (
        D(2021, 1, 1),
        "1999-06-30 is before the dates this plan covers (2021-01-01 to 2029-01-01), so the dashboard shows 2021-01-01, the nearest date it covers.",
    )
    assert clamp(D(2101, 1, 1), SMALL_WINDOW) == (
        D(2029, 1, 1),
        "2101-01-01 is after the dates this plan covers (2021-01-01 to 2029-01-01), so the dashboard shows 2029-01-01, the nearest date it covers.",
    )
    assert clamp(D(2020, 12, 31), SMALL_WINDOW)[0] == D(2021, 1, 1)
    assert clamp(D(2029, 1, 2), SMALL_WINDOW)[0] == D(2029, 1, 1)


# -- the pages -----------------------------------------------------------------------------------------


def test_an_as_of_setting_outside_the_window_shows_the_nearest_date_on_every_page(make_app):
    at = make_app("--as-of", "1999-06-30").run()
    for page in INTERNAL_PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])
        assert [shown(w.value) for w in at.warning] == [
            "Setting --as-of: 1999-06-30 is before the dates this plan covers (2021-01-01 to 2029-01-01), "
            "so the dashboard shows 2021-01-01, the nearest date it covers."
        ], page
        if page not in ("app_pages/kpi.py", "app_pages/public_preview.py"):  # no KPI chosen; the preview words its own date
            assert "Data as at 1 Jan 2021" in page_text(at), page
        assert at.sidebar.date_input[0].value == D(2021, 1, 1)


@pytest.mark.parametrize(("setting", "shown_date"), [("1999-06-30", "1 Jan 2021"), ("2101-01-01", "1 Jan 2029")])
def test_the_public_site_keeps_an_as_of_setting_within_the_window_too(make_app, setting, shown_date):
    at = make_app("--public", "--as-of", setting).run()
    assert not at.exception and not at.error
    text = page_text(at)
    assert f"Figures as at {shown_date}" in text and setting[:4] not in text


def test_the_picker_offers_only_the_plans_window(make_app):
    at = make_app("--as-of", "2025-08-01").run()
    picker = at.sidebar.date_input[0]
    assert (picker.proto.min, picker.proto.max) == ("2021-01-01", "2029-01-01")
    assert "This plan covers 2021-01-01 to 2029-01-01." in shown(picker.proto.help)
    assert not at.warning


def test_a_link_date_outside_the_window_is_said_once_and_the_link_corrected(make_app):
    at = make_app("--as-of", "2025-08-01", query={"as_of": "2101-01-01"}).run()
    assert not at.exception and not at.error
    assert [shown(w.value) for w in at.warning] == [
        "Link parameter as_of: 2101-01-01 is after the dates this plan covers (2021-01-01 to 2029-01-01), "
        "so the dashboard shows 2029-01-01, the nearest date it covers."
    ]
    assert "Data as at 1 Jan 2029" in page_text(at)
    assert at.query_params["as_of"] == ["2029-01-01"] or at.query_params["as_of"] == "2029-01-01"
    for page in INTERNAL_PAGES[1:]:  # the rest of the session: the nearest date, no more warnings
        at.switch_page(page).run()
        assert not at.exception and not at.error and not at.warning, page
        assert at.sidebar.date_input[0].value == D(2029, 1, 1)


@pytest.mark.parametrize("linked,expected", [("2021-01-01", D(2021, 1, 1)), ("2029-01-01", D(2029, 1, 1)), ("2020-12-31", D(2021, 1, 1))])
def test_the_window_includes_its_ends(make_app, linked, expected):
    at = make_app("--as-of", "2025-08-01", query={"as_of": linked}).run()
    assert not at.exception
    assert at.sidebar.date_input[0].value == expected
    assert bool(at.warning) == (linked != expected.isoformat())


def test_projector_mode_keeps_a_link_date_inside_the_window(make_app):
    at = make_app("--as-of", "2025-08-01", query={"as_of": "1900-01-01", "present": "1"}).run()
    assert not at.exception and not at.error
    assert "1900-01-01 is before the dates this plan covers" in shown(at.warning[0].value)
    assert "Data as at 1 Jan 2021" in page_text(at)


def test_today_outside_the_window_shows_the_nearest_date(make_app, monkeypatch):
    import ui.pickers

    monkeypatch.setattr(ui.pickers, "today", lambda: D(2035, 3, 1))
    at = make_app().run()
    assert not at.exception and not at.error
    assert [shown(w.value) for w in at.warning] == [
        "Today's date: 2035-03-01 is after the dates this plan covers (2021-01-01 to 2029-01-01), "
        "so the dashboard shows 2029-01-01, the nearest date it covers."
    ]
    assert at.sidebar.date_input[0].value == D(2029, 1, 1)
    assert "as_of" not in at.query_params  # the nearest date is the default: nothing to put in the link


def test_a_plan_edit_that_narrows_the_window_keeps_the_chosen_date_inside(make_app, tmp_path):
    targets, data = write_plan(tmp_path)
    at = make_app("--as-of", "2025-08-01", targets=targets, data=data).run()
    at.sidebar.date_input[0].set_value(D(2026, 12, 1)).run()
    assert not at.exception and at.sidebar.date_input[0].value == D(2026, 12, 1)
    # the plan's last target moves a year earlier: its window now ends on 2026-01-01
    targets.write_text(edit(BASE_YAML, "target: {date: 2026-01-01, value: 80}", "target: {date: 2025-01-01, value: 80}"), encoding="utf-8")
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.sidebar.date_input[0].value == D(2026, 1, 1)
    assert "Data as at 1 Jan 2026" in page_text(at)
