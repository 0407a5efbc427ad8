"""Statuses as flat records: the one shape behind the CLI's JSON/CSV, tables and downloads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from metrics.domain.rules import ActionStatus, MetricStatus, PlanStatus
from metrics.views.audience import Audience
from metrics.views.wording import (
    action_reason,
    assumed_notes,
    latest_marked,
    latest_text,
    metric_reason,
)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _round(value: float | None, places: int = 6) -> float | None:
    return None if value is None else round(float(value), places)


def metric_record(s: MetricStatus, audience: Audience | None = None) -> dict[str, Any]:
    m = s.metric
    projection = None
    if s.projection is not None:
        projection = {
            "value_at_target_date": _round(s.projection.value_at_target_date),
            "target_reached_on": _iso(s.projection.target_reached_on),
            "points_used": s.projection.points_used,
        }
    return {
        "id": m.id,
        "type": "metric",
        "title": m.title,
        "area": m.area,
        "status": s.status.value,
        "basis": s.basis.value,
        "reason": metric_reason(s, audience),
        "latest_date": _iso(s.latest_date),
        "latest_value": _round(s.latest_value),
        "latest_text": latest_text(s),
        "planned": _round(s.planned),
        "gap": _round(s.gap),
        "tolerance": _round(s.tolerance),
        "target_value": m.target.value,
        "target_date": m.target.date.isoformat(),
        "projection": projection,
        "data_overdue": s.data_overdue,
        "unit": m.unit,
        "lead": m.lead,
        "illustrative": s.latest_illustrative if s.latest_date is not None else None,  # the latest value
        "assumed": list(m.assumed),  # which plan numbers are assumed: 'baseline', 'milestones[0]', 'target'
        "assumed_notes": assumed_notes(m),
    }


def action_record(s: ActionStatus, audience: Audience) -> dict[str, Any]:
    a = s.action
    return {
        "id": a.id,
        "type": "action",
        "title": a.title,
        "area": a.area,
        "status": s.status.value,
        "basis": s.basis.value,
        "reason": action_reason(s, audience),
        "due": a.due.isoformat(),
        "overdue": s.overdue,
        "update_overdue": s.update_overdue,
        "update_due_by": _iso(s.update_due_by),
        "lead": a.lead,
        "latest_update": _iso(s.latest.date) if s.latest else None,
        "reported": s.reported.value if s.reported else None,  # what the lead last reported
        "illustrative": s.latest.illustrative if s.latest else None,  # the latest update
        "narrative": s.latest.narrative if s.latest else "",
    }


def status_records(status: PlanStatus, audience: Audience) -> list[dict[str, Any]]:
    return [metric_record(s, audience) for s in status.metrics] + [action_record(s, audience) for s in status.actions]


def table_rows(status: PlanStatus, audience: Audience) -> list[dict[str, str]]:
    """Human-readable rows (status as icon + word) for the CLI table."""
    rows = []
    for s in status.metrics:
        rows.append(
            {
                "type": "metric",
                "id": s.metric.id,
                "status": audience.metric_label(s.status),
                "latest": latest_marked(s, audience),
                "assumed": ", ".join(s.metric.assumed),
                "reason": metric_reason(s, audience),
            }
        )
    for s in status.actions:
        rows.append({"type": "action", "id": s.action.id, "status": audience.action_label(s.status), "latest": f"due {s.action.due.isoformat()}", "assumed": "", "reason": action_reason(s, audience)})
    return rows
