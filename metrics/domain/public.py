"""What the public may see: public items only, no internal wording, no small numbers.

The public site is built from a ``PublicSnapshot``: statuses are decided on the full data
(so a suppressed value still counts towards its status), then everything that is not
cleared for publication is dropped before any page sees it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.domain.data import ActionUpdate, Dataset
from metrics.domain.plan import Defaults, Plan
from metrics.domain.rules import (
    PROJECTION_POINTS,
    ActionStatus,
    MetricStatus,
    PlanStatus,
    plan_status,
)
from metrics.domain.withheld import Withheld, WithheldKind, withheld_for


@dataclass(frozen=True)
class PublicSnapshot:
    plan: Plan
    status: PlanStatus
    dataset: Dataset


def public_plan(plan: Plan) -> Plan:
    metrics = tuple(m for m in plan.metrics if m.public)
    actions = tuple(a for a in plan.actions if a.public)
    context = tuple(m for m in plan.context if m.public)
    used = {m.area for m in metrics} | {a.area for a in actions} | {m.area for m in context}
    areas = tuple(a for a in plan.areas if a.id in used)
    return plan.model_copy(update={"metrics": metrics, "actions": actions, "areas": areas, "context": context})


def public_snapshot(plan: Plan, dataset: Dataset, as_of: dt.date) -> PublicSnapshot:
    """Everything the public site shows, and nothing else."""
    shown = public_plan(plan)
    full = plan_status(shown, dataset, as_of)
    public_data = _public_dataset(shown, dataset, as_of)
    metrics = tuple(_public_metric_status(s, plan.defaults, public_data) for s in full.metrics)
    actions = tuple(_public_action_status(s) for s in full.actions)
    return PublicSnapshot(shown, PlanStatus(shown, as_of, metrics, actions), public_data)


def _public_metric_status(status: MetricStatus, defaults: Defaults, public_data: Dataset) -> MetricStatus:
    status = _withhold_plan_numbers(status, defaults)
    metric = status.metric
    if status.latest_value is None:
        return status
    withheld = withheld_for(metric, status.latest_value, status.latest_n, defaults)
    projection = status.projection
    if metric.suppress_small or any(public_data.series(metric.id).withheld[-PROJECTION_POINTS:]):
        projection = None  # a trend through small counts or withheld survey results would give them away
    if withheld is None:
        return dataclasses.replace(status, projection=projection)
    return dataclasses.replace(
        status,
        withheld=withheld,
        latest_value=None,
        latest_n=None,
        gap=None,
        projection=None,
        certainty=None,
    )


def _withhold_plan_numbers(status: MetricStatus, defaults: Defaults) -> MetricStatus:
    """The plan's own numbers are figures too: a baseline, milestone, target or planned value from
    1 to suppress_below - 1 of a small-number metric is withheld like an observation, and so is
    anything it could be worked back from (the gap to it, the tolerance)."""
    metric = status.metric
    if not metric.suppress_small:
        return status
    hidden = frozenset(name for name, point in metric.plan_points if withheld_for(metric, point.value, None, defaults) is not None)
    planned_hidden = status.planned is not None and withheld_for(metric, status.planned, None, defaults) is not None
    if not hidden and not planned_hidden:
        return status
    return dataclasses.replace(
        status,
        plan_withheld=hidden,
        planned_withheld=planned_hidden,
        plan_withheld_as=Withheld(WithheldKind.SMALL_NUMBER, defaults.suppress_below),
        planned=None if planned_hidden else status.planned,
        gap=None,  # a gap beside a shown value would give the hidden plan number away
        projection=None,
    )


def _public_action_status(status: ActionStatus) -> ActionStatus:
    history = tuple(_public_update(u) for u in status.history)
    return dataclasses.replace(status, history=history, latest=history[-1] if history else None)


def _public_update(update: ActionUpdate) -> ActionUpdate:
    return ActionUpdate(update.action_id, update.date, update.status, update.public_narrative, update.public_narrative, update.illustrative)


def _public_dataset(plan: Plan, dataset: Dataset, as_of: dt.date) -> Dataset:
    by_id = {m.id: m for m in plan.measures}
    obs = dataset.observations
    obs = obs[obs["metric_id"].isin(by_id) & (obs["date"] <= pd.Timestamp(as_of))].copy()
    withheld = [withheld_for(by_id[mid], value, n, plan.defaults) for mid, value, n in zip(obs["metric_id"], obs["value"], obs["n"])]
    obs["withheld"] = pd.Series(withheld, index=obs.index, dtype=object)
    hidden = np.array([w is not None for w in withheld], dtype=bool)
    obs.loc[hidden, "value"] = np.nan
    obs.loc[hidden, "n"] = np.nan
    obs["note"] = ""  # notes are internal
    # where a row came from, and (from a database) who corrected it and the value it replaced: internal
    obs = obs.drop(columns=[c for c in ("file", "line", "correction") if c in obs])
    actions = {a.id for a in plan.actions}
    updates = tuple(_public_update(u) for u in dataset.updates if u.action_id in actions and u.date <= as_of)
    return Dataset(obs.reset_index(drop=True), updates, ())
