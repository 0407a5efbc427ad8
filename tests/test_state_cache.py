"""ui/state.py: the plan is read once per version of the files and shared by every session; no
client can make the others recompute; an edit is never missed.

The last tests start a real server (tests/browser/helpers.start_server, no browser) and speak
Streamlit's websocket protocol to it, as the frontend does.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import SMALL
from ui import state
from ui.settings import Settings


@pytest.fixture(autouse=True)
def _clean():
    state.clear_caches()
    yield
    state.clear_caches()


@pytest.fixture
def settled(monkeypatch):
    """Files written by the test count as settled at once (not "changed during the read")."""
    monkeypatch.setattr(state, "_RACY_NS", 0)


@pytest.fixture
def plan_copy(tmp_path, settled) -> Settings:
    shutil.copytree(SMALL, tmp_path / "small")
    return Settings(tmp_path / "small" / "targets.yaml", tmp_path / "small" / "data", None, False)


def _count_loads(monkeypatch, delay: float = 0.0) -> list[str]:
    calls: list[str] = []
    real = state.load

    def counting(targets, data):
        calls.append(str(targets))
        time.sleep(delay)
        return real(targets, data)

    monkeypatch.setattr(state, "load", counting)
    return calls


# -- shared by every session, worked out once --------------------------------------------------


def test_two_sessions_get_the_same_plan_read_once(make_app, settled):
    first = make_app("--as-of", "2025-08-01")
    first.run()
    from streamlit.testing.v1 import AppTest

    other = AppTest.from_file(str(Path(state.__file__).parents[1] / "app.py"), default_timeout=60)  # same settings
    other.run()
    assert not first.exception and not other.exception
    a, b = first.session_state["_view"], other.session_state["_view"]
    assert a is not b
    assert a.plan is b.plan and a.dataset is b.dataset and a.status is b.status
    assert state._LOADS.computed == 1
    assert state._STATUSES.computed == 1


def test_concurrent_first_requests_read_the_plan_once(monkeypatch, plan_copy):
    calls = _count_loads(monkeypatch, delay=0.3)
    results, errors = [], []

    def reader():
        try:
            results.append(state.internal_view(plan_copy, state.today()))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert len(calls) == 1, "every session read the plan"
    assert len({id(view.status) for view in results}) == 1
    assert state._STATUSES.computed == 1


def test_a_failing_computation_is_not_kept_and_the_next_session_tries_again():
    cache = state.SharedCache("test", max_entries=2)

    def fails():
        raise OSError("disk")

    with pytest.raises(OSError):
        cache.get("k", lambda version: True, fails)
    assert cache.get("k", lambda version: True, lambda: (1, "value")) == "value"
    assert cache.computed == 1


def test_the_least_recently_used_values_go_first():
    cache = state.SharedCache("test", max_entries=2)
    for key in ("a", "b"):
        cache.get(key, lambda version: True, lambda key=key: (None, key))
    cache.get("a", lambda version: True, lambda: (None, "again"))  # a is used: b is now the oldest
    cache.get("c", lambda version: True, lambda: (None, "c"))
    assert cache.get("a", lambda version: True, lambda: (None, "recomputed")) == "a"
    assert cache.get("b", lambda version: True, lambda: (None, "recomputed")) == "recomputed"


def test_a_kpis_result_is_kept_for_an_equal_check_and_worked_out_again_for_a_different_one(monkeypatch):
    import numpy as np

    made: list[str] = []

    def compute(text: str):
        def run() -> str:
            made.append(text)
            return text

        return run

    assert state.per_kpi(("tile", "a"), ("same", 1), compute("first")) == "first"
    assert state.per_kpi(("tile", "a"), ("same", 1), compute("again")) == "first"  # equal, not identical: kept
    assert state.per_kpi(("tile", "a"), ("other", 1), compute("second")) == "second"  # different: worked out again
    assert state.per_kpi(("tile", "b"), (np.arange(3),), compute("array")) == "array"
    assert state.per_kpi(("tile", "b"), (np.arange(3),), compute("array again")) == "array again"  # arrays cannot say: not kept
    assert made == ["first", "second", "array", "array again"]
    monkeypatch.setattr(state, "_PER_KPI_MAX", 3)
    for n in range(10):
        state.per_kpi(("tile", n), (), compute(str(n)))
    assert len(state._PER_KPI) == 3  # bounded: the least recently used go first
    assert state.per_kpi(("tile", 9), (), compute("not again")) == "9"


def test_shared_values_are_worked_out_once_per_view_version(make_app, settled):
    at = make_app("--as-of", "2025-08-01")
    at.run()
    view = at.session_state["_view"]
    made = []
    for _ in range(3):
        state.shared(view, "tiles", lambda: made.append(1) or len(made))
    assert made == [1]
    assert state.spc_for(view) is state.spc_for(view)


def test_a_big_plan_is_moved_out_of_the_garbage_collectors_way(monkeypatch, plan_copy):
    import gc

    monkeypatch.setattr(state, "_SETTLE_FROM_OBSERVATIONS", 1)
    try:
        state.load_internal(plan_copy)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


# -- never stale ---------------------------------------------------------------------------------


def _rewrite_same_size_keeping_mtime(path: Path, old: bytes, new: bytes) -> None:
    assert len(old) == len(new)
    info = path.stat()
    content = path.read_bytes()
    assert old in content
    with path.open("r+b") as f:  # in place: same inode, same size
        f.write(content.replace(old, new, 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (info.st_size, info.st_mtime_ns, info.st_ino)


def test_the_stamp_changes_on_a_same_size_edit_that_puts_the_old_mtime_back(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("metric_id,date,value\nm,2025-01-31,17\n")
    before = state.stamp_of([path])
    time.sleep(0.01)
    _rewrite_same_size_keeping_mtime(path, b"17", b"71")
    assert state.stamp_of([path]) != before


def test_the_stamp_changes_when_a_file_is_replaced_by_one_of_the_same_size_and_time(tmp_path):
    path, other = tmp_path / "observations.csv", tmp_path / "new.csv"
    path.write_text("metric_id,date,value\nm,2025-01-31,17\n")
    other.write_text("metric_id,date,value\nm,2025-01-31,71\n")
    info = path.stat()
    os.utime(other, ns=(info.st_atime_ns, info.st_mtime_ns))
    before = state.stamp_of([path])
    os.replace(other, path)
    assert path.stat().st_mtime_ns == info.st_mtime_ns and path.stat().st_size == info.st_size
    assert state.stamp_of([path]) != before


def test_the_next_view_after_a_same_size_edit_shows_the_new_data(plan_copy):
    csv = plan_copy.data / "observations.csv"
    first = state.internal_view(plan_copy, state.today())
    assert state.internal_view(plan_copy, state.today()).plan is first.plan  # unchanged: cached
    row = csv.read_bytes().splitlines(keepends=True)[1]
    i = max(i for i, ch in enumerate(row) if chr(ch).isdigit())  # the row's last digit, one digit changed
    old, new = row, row[:i] + (b"2" if row[i:i + 1] == b"1" else b"1") + row[i + 1:]
    time.sleep(0.01)
    _rewrite_same_size_keeping_mtime(csv, old, new)
    second = state.internal_view(plan_copy, state.today())
    assert second.dataset is not first.dataset, "a same-size edit with the old mtime was missed"
    assert state._LOADS.computed == 2


def test_a_file_changed_during_the_read_is_read_again(monkeypatch, tmp_path):
    shutil.copytree(SMALL, tmp_path / "small")
    config = Settings(tmp_path / "small" / "targets.yaml", tmp_path / "small" / "data", None, False)
    calls = _count_loads(monkeypatch)
    monkeypatch.setattr(state, "_RACY_NS", 3600 * 10**9)  # the files were written just now: not trusted yet
    state.load_internal(config)
    state.load_internal(config)
    assert len(calls) == 2
    monkeypatch.setattr(state, "_RACY_NS", 0)  # later: the files have settled
    state.load_internal(config)  # the value read while they were fresh is not trusted either
    state.load_internal(config)
    assert len(calls) == 3


def test_a_new_or_removed_data_file_is_seen(plan_copy):
    first = state.load_internal(plan_copy)
    assert state.load_internal(plan_copy) is first
    (plan_copy.data / "extra.csv").write_text("")
    second = state.load_internal(plan_copy)
    assert second is not first
    (plan_copy.data / "extra.csv").unlink()
    third = state.load_internal(plan_copy)
    assert third is not second
    (plan_copy.data / "MORE.CSV").write_text("")  # read too: .csv in any case
    assert state.load_internal(plan_copy) is not third


# -- Streamlit's machinery -----------------------------------------------------------------------


def test_the_clear_cache_message_is_guarded_and_page_runs_are_queued():
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    assert state.guard_clear_cache() and getattr(AppSession._handle_clear_cache_request, "guarded", False)
    assert state.limit_page_runs() and getattr(ScriptRunner._run_script_thread, "queued", False)
    # Streamlit still routes the message to the method we replaced.
    import inspect

    assert "_handle_clear_cache_request()" in inspect.getsource(AppSession.handle_backmsg)


class Reader:
    """One websocket session, as Streamlit's frontend speaks to the server."""

    def __init__(self, ws):
        self.ws = ws

    @classmethod
    @contextlib.contextmanager
    def of(cls, server):
        from websockets.sync.client import connect

        url = server.base_url.replace("http://", "ws://") + "/_stcore/stream"
        with connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=30) as ws:
            yield cls(ws)

    def send(self, **fields) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        for name, value in fields.items():
            if name == "rerun_script":
                msg.rerun_script.query_string = value
            else:
                setattr(msg, name, value)
        self.ws.send(msg.SerializeToString())

    def run(self, query: str = "") -> list[str]:
        """Open the default page; the text of every markdown element drawn."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.send(rerun_script=query)
        texts = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.ws.recv(timeout=60))
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                assert element.WhichOneof("type") != "exception", element.exception.message
                if element.WhichOneof("type") == "markdown":
                    texts.append(element.markdown.body)
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                if status != "FINISHED_EARLY_FOR_RERUN":
                    assert status == "FINISHED_SUCCESSFULLY", status
                    return texts


def test_a_clients_clear_cache_message_does_not_make_the_app_read_the_plan_again():
    from tests.browser.helpers import start_server

    with start_server(["--targets", str(SMALL / "targets.yaml"), "--data", str(SMALL / "data"), "--as-of", "2025-08-01"]) as server:
        with Reader.of(server) as board, Reader.of(server) as stranger:
            board.run()
            assert server.stderr().count("Read ") == 1, server.logs()
            stranger.send(clear_cache=True)
            stranger.run()  # messages are handled in order: the clear-cache message has been
            board.run()
            assert server.stderr().count("Read ") == 1, "the plan was read again:\n" + server.logs()
            assert "asked to clear the caches" in server.stderr()


APP_WITH_A_STREAMLIT_CACHE = """
import time

import streamlit as st

from ui import state  # noqa: F401 - what the dashboard's app.py imports first


@st.cache_resource
def made_at() -> int:
    return time.time_ns()


st.markdown(f"made at {made_at()}")
"""


def test_a_clients_clear_cache_message_does_not_empty_streamlits_caches_for_the_others(tmp_path):
    from tests.browser.helpers import REPO_ROOT, start_server

    app = tmp_path / "cached_app.py"
    app.write_text(APP_WITH_A_STREAMLIT_CACHE)
    env = {"PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])}
    with start_server([], env=env, app=app) as server:
        with Reader.of(server) as board, Reader.of(server) as stranger:
            before = board.run()
            stranger.send(clear_cache=True)
            stranger.run()  # messages are handled in order: the clear-cache message has been
            assert board.run() == before, "a client emptied st.cache_resource for everyone"
            assert "asked to clear the caches" in server.stderr()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
