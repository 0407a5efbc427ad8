"""Loading shared by every session: the plan is read, and its statuses worked out, once per set of
files and date, whoever asks first; everyone else gets the same objects.

* **Shared, once.** The values live in this module, one copy per server process. The first
  session to need one works it out while holding a lock for that key; sessions asking at the
  same time wait for it (and can still be stopped while they wait) instead of all doing it.
* **Not Streamlit's caches.** Streamlit's "clear cache" message, which any client can send over
  the websocket, empties every ``st.cache_data`` and ``st.cache_resource`` for every user. These
  caches are out of its reach, and ``guard_clear_cache`` makes the message clear only the
  sender's own session state, so no client can make the others recompute.
* **Never stale.** A value is checked on every use against each file's stamp: path, size,
  modification time and change time in nanoseconds, and inode. An edit that keeps the size and
  puts the old modification time back still changes the change time (which no one can set
  back), and a file replaced by a copy has a new inode; the next interaction after an edit
  reads the new data, without a restart. A file that changed while it was being read (its
  change time is not safely before the read began) is read again on the next interaction.
* **A few pages at a time.** ``limit_page_runs`` queues the sessions' page runs, first come
  first served, so that fifty readers arriving together leave the server free to answer the
  health check and the websockets (see the README's *Performance* section).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generic, Hashable, Iterator, TypeVar

import streamlit as st
from streamlit.logger import get_logger

from metrics.domain.control import metric_spc
from metrics.domain.data import Dataset
from metrics.domain.load import Loaded, load
from metrics.domain.plan import Plan
from metrics.domain.problems import Problem
from metrics.domain.public import PublicSnapshot, public_snapshot
from metrics.domain.rules import MetricStatus, PlanStatus, metric_status, plan_status
from metrics.domain.spc import MIN_POINTS
from metrics.domain.statistics import EMPTY_STATISTICS, Statistics, statistic_paths
from metrics.domain.window import as_of_window, clamp
from metrics.render import pdf as _pdf
from metrics.views.audience import Audience, audience_for
from ui.settings import Settings, SettingsError, parse_settings

_LOG = get_logger(__name__)

# One file: (path, size, modification time ns, change time ns, inode); None when it cannot be read.
FileStamp = tuple[str, int | None, int | None, int | None, int | None]
Stamp = tuple[FileStamp, ...]

# A file whose change time is this close to the start of a read may have changed during it
# (file systems keep coarse clocks): the value is used once, then read again.
_RACY_NS = 1_000_000_000


@dataclass(frozen=True)
class View:
    """What a page renders: the plan, the data and every status at one as-of date."""

    settings: Settings
    as_of: dt.date
    plan: Plan
    dataset: Dataset
    status: PlanStatus
    audience: Audience
    statistics: Statistics = EMPTY_STATISTICS  # England, region and similar areas beside our figures

    @property
    def public(self) -> bool:
        return self.audience.public


# -- file stamps ------------------------------------------------------------------------------


def _file_stamp(path: Path) -> FileStamp:
    try:
        info = path.stat()
    except OSError:
        return (str(path), None, None, None, None)
    return (str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _data_paths(targets: Path, data: Path) -> list[Path]:
    """The plan file and everything in the data folder: the loader reads each ``.csv`` (in any
    case) and lists the files it skips, so a file added, removed or renamed there counts too."""
    paths = [targets]
    try:
        paths += sorted(data.iterdir()) if data.is_dir() else [data]
    except OSError:
        paths.append(data)
    return paths


def stamp_of(paths: list[Path] | tuple[Path, ...]) -> Stamp:
    return tuple(_file_stamp(path) for path in paths)


# The statistics files each plan read last time: a changed statistics file reloads the plan too.
_STATISTIC_FILES: dict[str, tuple[Path, ...]] = {}


def files_stamp(targets: Path, data: Path) -> Stamp:
    """The stamp of everything a plan reads: the plan, the data files and its statistics files."""
    return stamp_of([*_data_paths(Path(targets), Path(data)), *_STATISTIC_FILES.get(str(targets), ())])


@dataclass(frozen=True)
class _Read:
    """What a value read from files was read from: the files' stamps, taken after the read."""

    stamp: Stamp
    statistic_files: tuple[Path, ...]
    racy: bool  # a file changed too close to the read: use the value once, then read again

    @classmethod
    def after(cls, started_ns: int, targets: Path, data: Path, statistic_files: tuple[Path, ...]) -> "_Read":
        stamp = stamp_of([*_data_paths(targets, data), *statistic_files])
        racy = any(s[3] is not None and s[3] >= started_ns - _RACY_NS for s in stamp)
        return cls(stamp, statistic_files, racy)

    def current(self, targets: Path, data: Path) -> bool:
        return not self.racy and stamp_of([*_data_paths(targets, data), *self.statistic_files]) == self.stamp


# -- the shared cache -------------------------------------------------------------------------

V = TypeVar("V")


def _stop_check() -> Callable[[], None] | None:
    """The running page's stop/rerun check (raises when the reader has moved on), if any."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # pragma: no cover - an older or newer Streamlit: wait without it
        return None
    ctx = get_script_run_ctx(suppress_warning=True)
    return getattr(ctx, "yield_check", None) if ctx is not None else None


@contextlib.contextmanager
def _holding(lock: threading.Lock) -> Iterator[None]:
    """Hold ``lock``; while another session holds it, wait, but let this run be stopped or rerun."""
    if not lock.acquire(blocking=False):
        check = _stop_check()
        if check is None:
            lock.acquire()
        else:
            while not lock.acquire(timeout=0.1):
                check()
    try:
        yield
    finally:
        lock.release()


class SharedCache(Generic[V]):
    """Process-wide values, one per key, each worked out once under a lock for its key.

    ``get(key, current, compute)``: the cached value when ``current(version)`` says it still
    holds, else ``compute()`` -> (version, value), run by one session while the others wait.
    The least recently used keys beyond ``max_entries`` are dropped.
    """

    def __init__(self, name: str, max_entries: int):
        self.name = name
        self.max_entries = max_entries
        self.computed = 0  # how many times a value was worked out (for tests and the log)
        self._entries: OrderedDict[Hashable, tuple[Any, V]] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def _entry(self, key: Hashable) -> tuple[Any, V] | None:
        with self._guard:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def get(self, key: Hashable, current: Callable[[Any], bool], compute: Callable[[], tuple[Any, V]]) -> V:
        entry = self._entry(key)
        if entry is not None and current(entry[0]):
            return entry[1]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with _holding(lock):
            entry = self._entry(key)
            if entry is not None and current(entry[0]):  # worked out while this session waited
                return entry[1]
            version, value = compute()
            with self._guard:
                self.computed += 1
                self._entries[key] = (version, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    old, _ = self._entries.popitem(last=False)
                    if old != key:
                        self._locks.pop(old, None)
            return value

    def discard(self, keep: Callable[[Hashable], bool]) -> None:
        """Let go of every value whose key ``keep`` refuses (values of files that changed)."""
        with self._guard:
            for key in [k for k in self._entries if not keep(k)]:
                del self._entries[key]
                lock = self._locks.get(key)
                if lock is not None and not lock.locked():
                    del self._locks[key]

    def clear(self) -> None:
        with self._guard:
            self._entries.clear()
            self.computed = 0


_LOADS: SharedCache[Loaded] = SharedCache("plan and data", max_entries=4)
_STATUSES: SharedCache[PlanStatus] = SharedCache("statuses", max_entries=16)
_PUBLIC: SharedCache[Any] = SharedCache("public snapshot", max_entries=4)
_DERIVED: SharedCache[Any] = SharedCache("worked out from a view", max_entries=32)


def _loaded(targets: str, data: str) -> Loaded:
    """The plan and the data, read once per version of the files and shared by every session."""
    targets_path, data_path = Path(targets), Path(data)

    def compute() -> tuple[_Read, Loaded]:
        # Let go of the previous version first (sessions still showing it keep their own).
        _LOADS.discard(lambda key: key != (targets, data))
        _STATUSES.discard(lambda key: key[:2] != (targets, data))
        _DERIVED.discard(lambda key: key[1:3] != (targets, data))
        started, clock = time.time_ns(), time.perf_counter()
        loaded = load(targets_path, data_path)
        files = statistic_paths(loaded.plan, targets_path) if loaded.plan is not None else ()
        _STATISTIC_FILES[targets] = files
        if loaded.dataset is not None and len(loaded.dataset.observations) >= _SETTLE_FROM_OBSERVATIONS:
            _settle_heap()
        _LOG.info("Read %s and %s in %.2f s%s", targets, data, time.perf_counter() - clock, "" if loaded.ok else f" ({len(loaded.problems)} problems)")
        return _Read.after(started, targets_path, data_path, files), loaded

    return _LOADS.get((targets, data), lambda read: read.current(targets_path, data_path), compute)


# From this many observations (the 1,000-KPI plan has 120,000; the sample data 5,000) a plan is
# moved out of the garbage collector's way once read: see _settle_heap.
_SETTLE_FROM_OBSERVATIONS = 20_000


def _settle_heap() -> None:
    """Move what is alive now (the plan just read, among the rest) out of the garbage collector's way.

    A 1,000-KPI plan is a few hundred thousand Python objects that live until the files change;
    every full collection would walk them all again, holding the interpreter (0.4-0.6 s each
    on the benchmark machine, during which no page is drawn and the health check does not
    answer). Frozen, they are skipped. Unfreezing and collecting first lets garbage go now
    (what is left of a previous plan that no session shows any more, among it) rather than be
    frozen with the rest. The collection costs a fraction of a second once per version of the
    files, so small plans (and the tests) skip it.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _status(targets: str, data: str, loaded: Loaded, as_of: dt.date) -> PlanStatus:
    """Every status at one date, worked out once per version of the files."""

    def compute() -> tuple[Loaded, PlanStatus]:
        assert loaded.plan is not None and loaded.dataset is not None
        return loaded, statuses(loaded.plan, loaded.dataset, as_of)

    return _STATUSES.get((targets, data, as_of), lambda source: source is loaded, compute)


def _public(targets: str, data: str, as_of: dt.date) -> tuple[PublicSnapshot, Statistics] | tuple[Problem, ...]:
    """The public site's only data: the full files are read, reduced, and let go here. Published
    statistics are kept for the public measures only."""
    targets_path, data_path = Path(targets), Path(data)

    def compute() -> tuple[_Read, tuple[PublicSnapshot, Statistics] | tuple[Problem, ...]]:
        started = time.time_ns()
        loaded = load(targets_path, data_path)
        files = statistic_paths(loaded.plan, targets_path) if loaded.plan is not None else ()
        _STATISTIC_FILES[targets] = files
        read = _Read.after(started, targets_path, data_path, files)
        if not loaded.ok:
            return read, loaded.problems
        assert loaded.plan is not None and loaded.dataset is not None
        # kept within the plan's dates, as on the internal site (families are not told of a setting's mistake)
        snapshot = public_snapshot(loaded.plan, loaded.dataset, clamp(as_of, as_of_window(loaded.plan, loaded.dataset))[0])
        shown = {m.id for m in snapshot.plan.measures}
        statistics = Statistics({k: v for k, v in loaded.statistics.comparisons.items() if k in shown})
        return read, (snapshot, statistics)

    return _PUBLIC.get((targets, data, as_of), lambda read: read.current(targets_path, data_path), compute)


# -- figures from a database (--db) ------------------------------------------------------------

_STORES: dict[str, Any] = {}
_STORES_LOCK = threading.Lock()


def store_for(url: str):
    """One store per database for the whole server (its connection pool shared by the sessions).
    Raises metrics.store.StoreError when it cannot be opened."""
    from metrics.store import open_store

    with _STORES_LOCK:
        store = _STORES.get(url)
        if store is None:
            store = _STORES[url] = open_store(url)
        return store


def forget_stores() -> None:
    """Close every store (tests)."""
    with _STORES_LOCK:
        for store in _STORES.values():
            store.close()
        _STORES.clear()


@dataclass(frozen=True)
class _StoreRead:
    """What a plan read with its figures from a database was read from: the plan's files (as
    `_Read`) and the database's newest entry. Entries are only ever added, so a save, an import,
    a correction or a retraction changes the number, and the next page run reads again."""

    files: _Read
    version: int

    def current(self, targets: Path, store) -> bool:
        return not self.files.racy and stamp_of([targets, *self.files.statistic_files]) == self.files.stamp and store.version() == self.version


_PLANS: SharedCache[Any] = SharedCache("plan file", max_entries=2)


def _plan_file(targets: Path):
    """The plan file as `load_plan` reads it, kept while the file is unchanged: with a database a
    saved figure changes the figures, not the plan, and a 1,000-KPI plan takes 0.3 s to parse."""
    from metrics.domain.plan import load_plan

    def compute():
        stamp = stamp_of([targets])
        return stamp, load_plan(targets, str(targets))

    return _PLANS.get(str(targets), lambda stamp: stamp == stamp_of([targets]), compute)


def _problem_loaded(message: str) -> Loaded:
    return Loaded(None, None, (Problem("", 0, "", "db", message),))


def _loaded_from_store(targets: str, url: str, recorded_by: dt.date | None) -> Loaded:
    """The plan from its file and the figures from the database, as recorded by ``recorded_by``
    (None: everything recorded so far); shared like the files' reading."""
    from metrics.store import StoreError, describe, load_from_store

    try:
        store = store_for(url)
    except StoreError as exc:
        return _problem_loaded("the database cannot be opened: " + "; ".join(describe(p) for p in exc.problems))
    targets_path = Path(targets)

    def compute() -> tuple[_StoreRead, Loaded]:
        started = time.time_ns()
        version = store.version()
        loaded = load_from_store(targets_path, store, as_recorded_by=recorded_by, read=_plan_file(targets_path))
        files = statistic_paths(loaded.plan, targets_path) if loaded.plan is not None else ()
        stamp = stamp_of([targets_path, *files])
        racy = any(f[3] is not None and f[3] >= started - _RACY_NS for f in stamp)
        return _StoreRead(_Read(stamp, files, racy), version), loaded

    return _LOADS.get(("db", targets, url, recorded_by), lambda read: read.current(targets_path, store), compute)


def _recorded_by(loaded: Loaded, as_of: dt.date | None) -> dt.date | None:
    """With a database, an earlier as-of date shows the figures as they were recorded by then
    (what the board saw stays what it saw). Today, or the latest date the plan covers when today
    is past it (the date the dashboard opens at), shows everything recorded."""
    if as_of is None or as_of >= today():
        return None
    if loaded.plan is not None:
        opening, _ = clamp(today(), as_of_window(loaded.plan, loaded.dataset))
        if as_of >= opening:
            return None
    return as_of


def _source(config: Settings) -> str:
    """What the figures come from, for cache keys: the data folder, or the database."""
    return f"db:{config.db}" if config.db else str(config.data)


def shared(view: View, name: str, compute: Callable[[], V]) -> V:
    """What a page works out from the view alone (the SPC results, the overview's tiles...): worked
    out once per version of the files, date and audience, and shared by every session. Anything
    else the value depends on (a link that carries the reader's chosen date, say) goes in ``name``."""
    key = (name, str(view.settings.targets), str(view.settings.data), view.as_of, view.public)
    return _DERIVED.get(key, lambda source: source is view.status, lambda: (view.status, compute()))


# What is worked out for one KPI (its status, its SPC, its tile), kept by what it is worked out
# from: the KPI's id, the date and the digest of its figures, checked against the KPI as the plan
# defines it (and anything else given). When one figure is saved, the other 999 KPIs' results
# are the same objects as before, so nothing is worked out again for them.
_PER_KPI: OrderedDict[Hashable, tuple[tuple, Any]] = OrderedDict()
_PER_KPI_LOCK = threading.Lock()
_PER_KPI_MAX = 40_000  # three results a KPI: a 1,000-KPI plan at a dozen dates and links, a 10,000-KPI one at one (about 40 MB at most)


def per_kpi(key: Hashable, check: tuple, compute: Callable[[], V]) -> V:
    """The value kept under ``key`` when it was worked out for an equal ``check`` (compared item by
    item: identity first, then equality), else ``compute()`` (kept for next time)."""
    with _PER_KPI_LOCK:
        hit = _PER_KPI.get(key)
        if hit is not None:
            _PER_KPI.move_to_end(key)
    if hit is not None and len(hit[0]) == len(check) and all(_same(a, b) for a, b in zip(hit[0], check)):
        return hit[1]
    value = compute()
    with _PER_KPI_LOCK:
        _PER_KPI[key] = (check, value)
        _PER_KPI.move_to_end(key)
        while len(_PER_KPI) > _PER_KPI_MAX:
            _PER_KPI.popitem(last=False)
    return value


def _same(a: Any, b: Any) -> bool:
    """Identical, or equal (a comparison that cannot say, such as of arrays, counts as different)."""
    if a is b:
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _metric_spc(metric, series, as_of: dt.date):
    seen = series.upto(as_of)
    return per_kpi(("SPC", metric.id, as_of, seen.fingerprint), (metric,), lambda: metric_spc(metric, series, as_of))


def _metric_status(metric, series, as_of: dt.date, defaults) -> MetricStatus:
    return per_kpi(("status", metric.id, as_of, series.fingerprint), (metric, defaults), lambda: metric_status(metric, series, as_of, defaults))


def statuses(plan: Plan, dataset: Dataset, as_of: dt.date) -> PlanStatus:
    """`plan_status`, with each KPI's status kept between versions of the figures: after a save only
    the KPI whose figures changed is worked out again (the actions, a few hundred, are quick)."""
    return plan_status(plan, dataset, as_of, status_of=_metric_status)


def spc_for(view: View) -> dict:
    """SPC results by metric id for this view (as metrics.domain.control.plan_spc gives them)."""

    def compute() -> dict:
        out = {}
        for metric in view.plan.metrics:
            series = view.dataset.series(metric.id)
            if len(series) >= MIN_POINTS:
                spc = _metric_spc(metric, series, view.as_of)
                if spc.result is not None:
                    out[metric.id] = spc
        return out

    return shared(view, "SPC", compute)


def today() -> dt.date:
    return dt.date.today()


# The board reports' PDFs, shared by every session of this server (pages/reports.py).
# The worker's Chromium is closed after two idle minutes (about 300 MB), started again for the next PDF.
report_pdfs = _pdf.PdfJobs(lambda html: _pdf.html_to_pdf(html), idle_seconds=120, on_idle=_pdf.close_printer)


def clear_caches() -> None:
    for cache in (_LOADS, _STATUSES, _PUBLIC, _DERIVED, _PLANS):
        cache.clear()
    report_pdfs.clear()
    with _PER_KPI_LOCK:
        _PER_KPI.clear()
    _STATISTIC_FILES.clear()


# -- Streamlit's "clear cache" message ----------------------------------------------------------


def guard_clear_cache() -> bool:
    """Make a client's "clear cache" message clear only that client's own session state.

    Streamlit (``AppSession._handle_clear_cache_request``) answers it by emptying every
    ``st.cache_data`` and ``st.cache_resource`` of the process, for every user; any client can
    send it. Our own caches are out of its reach anyway; this keeps the Streamlit caches that
    pages use out of it too. True when the guard is in place (tests/test_state_cache.py sends
    the message to a real server and checks that nothing is worked out again).
    """
    try:
        from streamlit.runtime.app_session import AppSession
    except ImportError:  # pragma: no cover - Streamlit moved it: the test says so
        _LOG.warning("streamlit.runtime.app_session.AppSession not found: the clear-cache message is not guarded")
        return False
    handler = getattr(AppSession, "_handle_clear_cache_request", None)
    if handler is None:  # pragma: no cover - as above
        _LOG.warning("AppSession._handle_clear_cache_request not found: the clear-cache message is not guarded")
        return False
    if getattr(handler, "guarded", False):
        return True

    def _handle_clear_cache_request(self: Any) -> None:
        _LOG.warning("A client asked to clear the caches of every session: only its own session state was cleared")
        session_state = getattr(self, "_session_state", None)
        if session_state is not None:
            session_state.clear()

    _handle_clear_cache_request.guarded = True  # type: ignore[attr-defined]
    AppSession._handle_clear_cache_request = _handle_clear_cache_request  # type: ignore[method-assign]
    return True


# -- how many pages are drawn at once -----------------------------------------------------------

# Page runs allowed at the same time; the others queue, first come first served. Python runs one
# thread at a time: fifty page runs at once take as long, all together, as one after another,
# and they leave the thread that answers the websockets and the health check waiting its turn
# behind every one of them (7 s with 30 readers). A few at a time finish in the same total time,
# the first readers much sooner, with far less memory in use at once.
PAGE_RUNS_AT_ONCE = 4


def limit_page_runs(at_once: int = PAGE_RUNS_AT_ONCE) -> bool:
    """Queue the sessions' page runs so that at most ``at_once`` run together.

    Each session draws its pages in a thread of its own (``ScriptRunner._run_script_thread``),
    which runs the page, and any rerun asked for meanwhile, then ends. The thread now waits
    for a place before it does anything, so fifty readers arriving together start no more
    Python than four; a reader who leaves while waiting costs nothing (the thread finds its
    stop request and ends). True when the queue is in place; tests/test_state_cache.py checks
    that it is, for the Streamlit that is installed.
    """
    try:
        from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    except ImportError:  # pragma: no cover - Streamlit moved it: the test says so
        _LOG.warning("streamlit's ScriptRunner not found: page runs are not queued")
        return False
    thread_main = getattr(ScriptRunner, "_run_script_thread", None)
    if thread_main is None:  # pragma: no cover - as above
        _LOG.warning("ScriptRunner._run_script_thread not found: page runs are not queued")
        return False
    if getattr(thread_main, "queued", False):
        return True
    places = threading.Semaphore(at_once)

    def _run_script_thread(self: Any) -> None:
        with places:  # first come, first served (threading.Condition wakes waiters in order)
            thread_main(self)

    _run_script_thread.queued = True  # type: ignore[attr-defined]
    ScriptRunner._run_script_thread = _run_script_thread  # type: ignore[method-assign]
    return True


guard_clear_cache()
limit_page_runs()


# -- what app.py and the pages call -------------------------------------------------------------


def settings() -> Settings:
    try:
        return parse_settings()
    except SettingsError as exc:
        from ui.components import md

        st.error(md(f"The dashboard could not start: {exc}"))
        st.stop()
        raise


def load_internal(config: Settings, as_of: dt.date | None = None) -> Loaded:
    """The plan and its figures: from the data folder, or (--db) from the database, as recorded by
    ``as_of`` when that is an earlier date than the dashboard opens at (see _recorded_by)."""
    if not config.db:
        return _loaded(str(config.targets), str(config.data))
    everything = _loaded_from_store(str(config.targets), str(config.db), None)
    recorded_by = _recorded_by(everything, as_of) if everything.ok else None
    return everything if recorded_by is None else _loaded_from_store(str(config.targets), str(config.db), recorded_by)


def internal_view(config: Settings, as_of: dt.date) -> View | tuple[Problem, ...]:
    targets = str(config.targets)
    loaded = load_internal(config, as_of)
    if not loaded.ok:
        return loaded.problems
    assert loaded.plan is not None and loaded.dataset is not None
    status = _status(targets, _source(config) + f"@{id(loaded)}", loaded, as_of)
    return View(config, as_of, loaded.plan, loaded.dataset, status, audience_for(config.site, loaded.plan.defaults), loaded.statistics)


def public_view(config: Settings, as_of: dt.date) -> View | None:
    """None when the data cannot be read: the public site then says so without details."""
    result = _public_from_store(config, as_of) if config.db else _public(str(config.targets), str(config.data), as_of)
    if not result or not isinstance(result[0], PublicSnapshot):
        return None
    snapshot, statistics = result
    return View(config, snapshot.status.as_of, snapshot.plan, snapshot.dataset, snapshot.status, audience_for(config.site, snapshot.plan.defaults), statistics)


def _public_from_store(config: Settings, as_of: dt.date) -> tuple[PublicSnapshot, Statistics] | tuple[Problem, ...]:
    """The public site's data when the figures are in a database: read as the internal site reads
    them, then reduced to the public snapshot (shared per version of the database and date)."""
    loaded = load_internal(config, as_of)
    if not loaded.ok:
        return loaded.problems

    def compute() -> tuple[Loaded, tuple[PublicSnapshot, Statistics]]:
        assert loaded.plan is not None and loaded.dataset is not None
        # kept within the plan's dates, as on the internal site (families are not told of a setting's mistake)
        snapshot = public_snapshot(loaded.plan, loaded.dataset, clamp(as_of, as_of_window(loaded.plan, loaded.dataset))[0])
        shown = {m.id for m in snapshot.plan.measures}
        return loaded, (snapshot, Statistics({k: v for k, v in loaded.statistics.comparisons.items() if k in shown}))

    return _PUBLIC.get((str(config.targets), _source(config), as_of), lambda source: source is loaded, compute)


def current_view() -> View:
    """The view app.py prepared for this run (pages call this)."""
    view = st.session_state.get("_view")
    if view is None:
        raise RuntimeError("pages run through app.py, which prepares the view")
    return view
