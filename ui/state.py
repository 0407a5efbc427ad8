"""Cached loading, keyed on each file's path, modification time and size.

A path alone would serve stale data after a file changes; with the stamp in the key, the next
interaction after an edit reads the new data, without a restart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from metrics.domain.control import plan_spc
from metrics.domain.data import Dataset
from metrics.domain.load import Loaded, load
from metrics.domain.plan import Plan
from metrics.domain.problems import Problem
from metrics.domain.public import PublicSnapshot, public_snapshot
from metrics.domain.rules import PlanStatus, plan_status
from metrics.domain.statistics import EMPTY_STATISTICS, Statistics, statistic_paths
from metrics.views.audience import Audience, audience_for
from ui.settings import Settings, SettingsError, parse_settings

Stamp = tuple[tuple[str, int | None, int | None], ...]


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


# The statistics files each plan read last time: a changed statistics file reloads the plan too.
_STATISTIC_FILES: dict[str, tuple[Path, ...]] = {}


def files_stamp(targets: Path, data: Path) -> Stamp:
    paths = [targets]
    if data.is_dir():
        paths += sorted(data.glob("*.csv"))
    else:
        paths.append(data)
    paths += _STATISTIC_FILES.get(str(targets), ())
    stamp = []
    for path in paths:
        try:
            info = path.stat()
            stamp.append((str(path), info.st_mtime_ns, info.st_size))
        except OSError:
            stamp.append((str(path), None, None))
    return tuple(stamp)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(targets: str, data: str, stamp: Stamp) -> Loaded:
    loaded = load(targets, data)
    if loaded.plan is not None:
        _STATISTIC_FILES[targets] = statistic_paths(loaded.plan, Path(targets))
    return loaded


@st.cache_resource(show_spinner=False, max_entries=16)
def _status(targets: str, data: str, stamp: Stamp, as_of: dt.date) -> PlanStatus:
    loaded = _load(targets, data, stamp)
    assert loaded.plan is not None and loaded.dataset is not None
    return plan_status(loaded.plan, loaded.dataset, as_of)


@st.cache_resource(show_spinner=False, max_entries=4)
def _public(targets: str, data: str, stamp: Stamp, as_of: dt.date) -> tuple[PublicSnapshot, Statistics] | tuple[Problem, ...]:
    """The public site's only data: the full files are read, reduced, and let go here. Published
    statistics are kept for the public measures only."""
    loaded = load(targets, data)
    if not loaded.ok:
        return loaded.problems
    assert loaded.plan is not None and loaded.dataset is not None
    _STATISTIC_FILES[targets] = statistic_paths(loaded.plan, Path(targets))
    snapshot = public_snapshot(loaded.plan, loaded.dataset, as_of)
    shown = {m.id for m in snapshot.plan.measures}
    statistics = Statistics({k: v for k, v in loaded.statistics.comparisons.items() if k in shown})
    return snapshot, statistics


@st.cache_resource(show_spinner=False, max_entries=16)
def _spc(key: tuple, _view: "View") -> dict:
    return plan_spc(_view.plan.metrics, _view.dataset.series, _view.as_of)


def spc_for(view: "View") -> dict:
    """SPC results by metric id for this view (cached with the data's stamp and the date)."""
    stamp = files_stamp(view.settings.targets, view.settings.data)
    return _spc((str(view.settings.targets), str(view.settings.data), stamp, view.as_of, view.public), view)


def today() -> dt.date:
    return dt.date.today()


def clear_caches() -> None:
    _load.clear()
    _status.clear()
    _public.clear()
    _spc.clear()


def settings() -> Settings:
    try:
        return parse_settings()
    except SettingsError as exc:
        from ui.components import md

        st.error(md(f"The dashboard could not start: {exc}"))
        st.stop()
        raise


def load_internal(config: Settings) -> Loaded:
    return _load(str(config.targets), str(config.data), files_stamp(config.targets, config.data))


def internal_view(config: Settings, as_of: dt.date) -> View | tuple[Problem, ...]:
    stamp = files_stamp(config.targets, config.data)
    loaded = _load(str(config.targets), str(config.data), stamp)
    if not loaded.ok:
        return loaded.problems
    assert loaded.plan is not None and loaded.dataset is not None
    status = _status(str(config.targets), str(config.data), stamp, as_of)
    return View(config, as_of, loaded.plan, loaded.dataset, status, audience_for(config.site, loaded.plan.defaults), loaded.statistics)


def public_view(config: Settings, as_of: dt.date) -> View | None:
    """None when the data cannot be read: the public site then says so without details."""
    result = _public(str(config.targets), str(config.data), files_stamp(config.targets, config.data), as_of)
    if not result or not isinstance(result[0], PublicSnapshot):
        return None
    snapshot, statistics = result
    return View(config, as_of, snapshot.plan, snapshot.dataset, snapshot.status, audience_for(config.site, snapshot.plan.defaults), statistics)


def current_view() -> View:
    """The view app.py prepared for this run (pages call this)."""
    view = st.session_state.get("_view")
    if view is None:
        raise RuntimeError("pages run through app.py, which prepares the view")
    return view
