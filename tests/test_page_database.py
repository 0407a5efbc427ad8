"""The dashboard reading its figures from a database (--db): a figure saved by an editor is on
the pages at the next page run, and an earlier as-of date shows the figures as they were
recorded by then, so what the board saw stays what it saw."""

from __future__ import annotations

import datetime as dt

import pytest

import metrics.store.store as store_module
from metrics.domain.load import load
from metrics.store import open_store
from tests.conftest import page_text
from tests.helpers import SMALL

KPI = "app_pages/kpi.py"


@pytest.fixture
def db(tmp_path, monkeypatch):
    """The small fixture's data imported on 10 Jan 2025 (the clock set back for the import)."""
    url = f"sqlite:///{tmp_path / 'dashboard.db'}"
    plan = load(SMALL / "targets.yaml", SMALL / "data").plan
    monkeypatch.setattr(store_module, "_now", lambda: dt.datetime(2025, 1, 10, 9, 0))
    with open_store(url, plan) as store:
        assert store.import_dir(SMALL / "data", by="officer@example.org").added > 0
    yield url, plan
    from ui.state import forget_stores

    forget_stores()


def _save(url, plan, monkeypatch, when: dt.datetime, **fields) -> None:
    monkeypatch.setattr(store_module, "_now", lambda: when)
    with open_store(url, plan) as store:
        store.add_observation(by="officer@example.org", **fields)


def kpi_page(make_app, url, query=None):
    at = make_app("--db", url, query={"metric": "longest_wait", **(query or {})}).run()
    assert not at.exception
    at.switch_page(KPI).run()
    assert not at.exception, at.exception
    return page_text(at)


def test_a_saved_figure_is_on_the_next_page_run(make_app, db, monkeypatch):
    url, plan = db
    at = make_app("--db", url, query={"metric": "longest_wait"}).run()
    at.switch_page(KPI).run()
    before = page_text(at)
    assert "22 weeks" in before and "7 weeks" not in before
    _save(url, plan, monkeypatch, dt.datetime(2025, 9, 1, 10, 0), metric_id="longest_wait", date="2025-08-15", value="7", source="test")
    at.run()  # the same session, the next interaction
    assert not at.exception
    assert "7 weeks" in page_text(at)


def test_an_earlier_as_of_date_shows_the_figures_as_recorded_then(make_app, db, monkeypatch):
    url, plan = db
    _save(url, plan, monkeypatch, dt.datetime(2025, 9, 1, 10, 0), metric_id="longest_wait", date="2025-08-15", value="7", source="test")
    now = kpi_page(make_app, url)
    assert "7 weeks" in now
    then = kpi_page(make_app, url, {"as_of": "2025-08-20"})  # the figure is dated before, but was recorded after
    assert "7 weeks" not in then and "22 weeks" in then
    later = kpi_page(make_app, url, {"as_of": "2025-09-02"})
    assert "7 weeks" in later


def test_a_database_that_cannot_be_opened_is_a_message_not_a_traceback(make_app, tmp_path):
    at = make_app("--db", f"sqlite:///{tmp_path / 'no such folder' / 'x.db'}").run()
    assert not at.exception
    text = page_text(at)
    assert "database cannot be opened" in text and "does not exist" in text


def test_a_corrected_value_is_marked_on_the_kpi_page_and_never_reaches_the_public_site(make_app, db, monkeypatch):
    from metrics.domain.public import public_snapshot

    url, plan = db
    monkeypatch.setattr(store_module, "_now", lambda: dt.datetime(2025, 9, 1, 10, 0))
    with open_store(url, plan) as store:
        first = store.current_entry("observation", "longest_wait", dt.date(2023, 9, 30))
        store.correct(first.id, by="analyst@example.org", reason="typed from the wrong month", value="23")
        dataset = store.dataset(plan)
    text = kpi_page(make_app, url)
    assert "23 weeks" in text
    assert "Corrected on 1 Sep 2025 by analyst@example.org (was 22 weeks): typed from the wrong month" in text
    snapshot = public_snapshot(plan, dataset, dt.date(2025, 10, 1))
    assert "correction" not in snapshot.dataset.observations.columns
    assert not any(snapshot.dataset.series(m.id).corrections for m in snapshot.plan.metrics)


def test_after_a_save_only_the_changed_kpis_spc_is_worked_out_again(db, monkeypatch):
    """A saved figure changes one KPI's series: its SPC is worked out again, the others' are kept."""
    from metrics.domain.control import metric_spc
    from metrics.store import load_from_store
    from ui import state

    url, plan = db
    state.clear_caches()
    as_of = dt.date(2025, 8, 1)
    with open_store(url, plan) as store:
        before = load_from_store(SMALL / "targets.yaml", store)
    first = {m.id: state._metric_spc(m, before.dataset.series(m.id), as_of) for m in before.plan.metrics}
    _save(url, plan, monkeypatch, dt.datetime(2025, 9, 1, 10, 0), metric_id="longest_wait", date="2025-07-15", value="7", source="test")
    with open_store(url, plan) as store:
        after = load_from_store(SMALL / "targets.yaml", store)
    again = {m.id: state._metric_spc(m, after.dataset.series(m.id), as_of) for m in after.plan.metrics}
    assert again["longest_wait"] is not first["longest_wait"]
    assert all(again[k] is first[k] for k in first if k != "longest_wait")
    for m in after.plan.metrics:  # and every result is what working it out afresh gives
        assert again[m.id] == metric_spc(m, after.dataset.series(m.id), as_of)


def test_after_a_save_the_overview_works_out_only_the_changed_kpi_again(make_app, db, monkeypatch):
    """The next page run after a save works out the status and the tile of the KPI whose figures
    changed, keeps every other KPI's, and shows what a server starting afresh shows."""
    import ui.components as components
    from ui import state

    url, plan = db
    worked_out: list[str] = []
    status_of, tile_of = state.metric_status, components.kpi_tile

    def status(metric, *args, **kwargs):
        worked_out.append(f"status {metric.id}")
        return status_of(metric, *args, **kwargs)

    def tile(s, *args, **kwargs):
        worked_out.append(f"tile {s.metric.id}")
        return tile_of(s, *args, **kwargs)

    monkeypatch.setattr(state, "metric_status", status)
    monkeypatch.setattr(components, "kpi_tile", tile)
    at = make_app("--db", url, "--as-of", "2025-08-20").run()
    assert not at.exception
    kpis = [m.id for m in plan.metrics]
    assert sorted(worked_out) == sorted([f"status {k}" for k in kpis] + [f"tile {k}" for k in kpis])
    worked_out.clear()
    _save(url, plan, monkeypatch, dt.datetime(2025, 8, 16, 10, 0), metric_id="longest_wait", date="2025-08-15", value="7", source="test")
    at.run()
    assert not at.exception
    assert sorted(worked_out) == ["status longest_wait", "tile longest_wait"]
    kept = page_text(at)
    assert "7 weeks" in kept
    state.clear_caches()  # a server starting afresh on the same database
    fresh = make_app("--db", url, "--as-of", "2025-08-20").run()
    assert page_text(fresh) == kept
