"""The store and the rest of the dashboard: the figures as a `Loaded` (what `load` gives for a
data folder), and the CSV data folder as an export format (the same files, re-importable)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import tempfile
from pathlib import Path

from metrics.domain.data import (
    OBSERVATION_COLUMNS,
    OBSERVATION_OPTIONAL,
    UPDATE_COLUMNS,
    UPDATE_OPTIONAL,
    Correction,
    Dataset,
)
from metrics.domain.load import Loaded, _gc_paused, with_statistics
from metrics.domain.plan import Plan, load_plan
from metrics.domain.problems import Problem, os_error_message
from metrics.store.store import Store, StoreError
from metrics.store.validate import as_text

OBSERVATIONS_FILE, UPDATES_FILE = "observations.csv", "action_updates.csv"


def load_from_store(
    targets: Path | str, store: Store, as_recorded_by: dt.datetime | dt.date | None = None, *, read: tuple[Plan | None, list[Problem]] | None = None
) -> Loaded:
    """The plan from ``targets`` and the figures from the store (as recorded by ``as_recorded_by``),
    checked together like `load`: every problem from both, or a Loaded that is ok. ``read``: the
    plan file as `load_plan` read it already (the app keeps it while the file is unchanged, so a
    saved figure does not make it parse the plan again)."""
    targets = Path(targets)
    with _gc_paused():
        plan, problems = read if read is not None else load_plan(targets, str(targets))
        problems = list(problems)
        dataset, data_problems = store.dataset_and_problems(plan, as_recorded_by)
        problems += data_problems
        dataset, statistics = with_statistics(plan, dataset, targets, problems)
    problems = sorted(problems)
    if problems:
        return Loaded(plan, None, tuple(problems))
    assert dataset is not None
    obs = dataset.observations
    if plan is not None and any(m.observations_from for m in plan.measures):  # rows from a statistic have no correction: NaN after the merge
        obs = obs.assign(correction=[c if isinstance(c, Correction) else None for c in obs["correction"].tolist()])
        dataset = Dataset(obs, dataset.updates, dataset.files)
    return Loaded(plan, dataset, (), statistics)


def export_dir(store: Store, out: Path | str, as_recorded_by: dt.datetime | dt.date | None = None) -> tuple[int, int]:
    """Write the figures and updates in force (as recorded by ``as_recorded_by``) to ``out`` as
    observations.csv and action_updates.csv, the data folder's format; returns how many of each.
    Refused (StoreError) when ``out`` holds other CSV files: they would be read with these."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise StoreError([Problem("", 0, "", "out", f"'{out}' is a file: give a folder to write the CSV files into")])
    others = sorted(p.name for p in out.iterdir() if p.suffix.lower() == ".csv" and p.name not in (OBSERVATIONS_FILE, UPDATES_FILE)) if out.is_dir() else []
    if others:
        shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
        raise StoreError([Problem("", 0, "", "out", f"'{out}' already holds other CSV files ({shown}): they would be read with the export; choose an empty folder")])
    dataset = store.dataset(None, as_recorded_by)
    obs = dataset.observations
    header = list(OBSERVATION_COLUMNS + OBSERVATION_OPTIONAL)
    rows = (
        [r.metric_id, r.date.date().isoformat(), as_text(float(r.value)), "" if r.n != r.n else as_text(float(r.n)), r.source, r.note, as_text(bool(r.illustrative))]
        for r in obs.itertuples(index=False)
    )
    updates = (
        [u.action_id, u.date.isoformat(), u.status.value, u.narrative, u.public_narrative, as_text(u.illustrative)]
        for u in dataset.updates
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
        _write_csv(out / OBSERVATIONS_FILE, header, rows)
        _write_csv(out / UPDATES_FILE, list(UPDATE_COLUMNS + UPDATE_OPTIONAL), updates)
    except OSError as exc:
        raise StoreError([Problem("", 0, "", "out", f"cannot write to '{out}' ({os_error_message(exc)})")]) from None
    return len(obs), len(dataset.updates)


def _write_csv(path: Path, header: list[str], rows) -> None:
    """Whole or not at all: written beside ``path``, then renamed over it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(buffer.getvalue())
        os.replace(name, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
