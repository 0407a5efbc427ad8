"""The action plan as the Actions page shows it: one row per action, the filters, and the
history of an action's updates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from metrics.domain.rules import ActionStatus, PlanStatus
from metrics.domain.status import WORST_FIRST, Status
from metrics.views.audience import Audience
from metrics.views.offtrack import reference_for
from metrics.views.wording import action_reason

Overdue = Literal["all", "overdue", "not overdue"]
OVERDUE_CHOICES: tuple[Overdue, ...] = ("all", "overdue", "not overdue")
OVERDUE_LABELS = {"all": "All actions", "overdue": "Overdue only", "not overdue": "Not overdue"}


@dataclass(frozen=True)
class ActionRow:
    id: str
    title: str
    area_id: str
    area_title: str
    status: Status
    due: dt.date
    overdue: bool
    lead: str
    latest_date: dt.date | None  # the latest update on or before the as-of date
    narrative: str  # the latest update's (internal) narrative, "" when there is no update
    reason: str
    update_overdue: bool = False  # the latest update is older than the plan's update_every_days
    illustrative: bool = False  # the latest update is made up for demonstration


@dataclass(frozen=True)
class UpdateRow:
    date: dt.date
    status: Status
    narrative: str
    public_narrative: str
    illustrative: bool = False


def action_rows(status: PlanStatus, audience: Audience) -> list[ActionRow]:
    """Every action, in the plan's order."""
    plan = status.plan
    rows = []
    for s in status.actions:
        a = s.action
        area = plan.area(a.area)
        rows.append(
            ActionRow(
                id=a.id,
                title=a.title,
                area_id=a.area,
                area_title=area.title if area else a.area,
                status=s.status,
                due=a.due,
                overdue=s.overdue,
                lead=a.lead,
                latest_date=s.latest.date if s.latest else None,
                narrative=s.latest.narrative if s.latest else "",
                reason=action_reason(s, audience),
                update_overdue=s.update_overdue,
                illustrative=bool(s.latest and s.latest.illustrative),
            )
        )
    return rows


def filter_actions(
    rows: Sequence[ActionRow],
    areas: Collection[str] | None = None,
    statuses: Collection[Status] | None = None,
    overdue: Overdue = "all",
) -> list[ActionRow]:
    """Keep the actions in the chosen areas (ids) and statuses; 'overdue' / 'not overdue' / 'all'.

    None means no filter; an empty collection matches nothing. The order is kept.
    """
    if overdue not in OVERDUE_CHOICES:
        raise ValueError(f"overdue must be one of {', '.join(OVERDUE_CHOICES)}")
    return [
        r
        for r in rows
        if (areas is None or r.area_id in areas)
        and (statuses is None or r.status in statuses)
        and (overdue == "all" or r.overdue == (overdue == "overdue"))
    ]


def area_choices(status: PlanStatus) -> tuple[tuple[str, str], ...]:
    """(id, title) of the areas that have actions, in the plan's order."""
    used = {s.action.area for s in status.actions}
    return tuple((a.id, a.title) for a in status.plan.areas if a.id in used)


def status_choices() -> tuple[Status, ...]:
    """Every BRAG status, worst first."""
    return WORST_FIRST


def summary_sentence(shown: Sequence[ActionRow], total: int, audience: Audience) -> str:
    """'Showing 2 of 3 actions: 1 amber, 1 red; 2 overdue.'"""
    if not shown:
        return f"No actions match the filters (out of {total})."
    counts = {s: sum(r.status is s for r in shown) for s in WORST_FIRST}
    parts = ", ".join(f"{n} {audience.action_words[s].counted}" for s, n in counts.items() if n)
    overdue = sum(r.overdue for r in shown)
    tail = f"{overdue} overdue" if overdue else "none overdue"
    late = sum(r.update_overdue for r in shown)
    if late:
        tail += f"; {late} with {'its update' if late == 1 else 'updates'} overdue"
    noun = "action" if total == 1 else "actions"
    return f"Showing {len(shown)} of {total} {noun}: {parts}; {tail}."


def history_rows(status: ActionStatus) -> list[UpdateRow]:
    """The action's updates on or before the as-of date, newest first."""
    return [UpdateRow(u.date, u.status, u.narrative, u.public_narrative, u.illustrative) for u in reversed(status.history)]


def action_status_by_id(status: PlanStatus, action_id: str) -> ActionStatus | None:
    return next((s for s in status.actions if s.action.id == action_id), None)


# The Actions page's download: one fact per column, with the header a reader sees.
ACTION_HEADERS: dict[str, str] = {
    "id": "ID",
    "reference": "Reference",
    "title": "Action",
    "area": "Area",
    "lead": "Lead",
    "status": "Status",
    "basis": "What decided the status",
    "reported": "Status last reported by the lead",
    "due": "Due",
    "overdue": "Overdue",
    "days_overdue": "Days overdue",
    "last_update": "Last update",
    "update_overdue": "Update overdue",
    "update_due_by": "Next update due by",
    "illustrative": "Last update is illustrative",
    "narrative": "Latest narrative",
    "reason": "Reason",
    "as_of": "As at",
}


def action_records(status: PlanStatus, audience: Audience, ids: Collection[str] | None = None) -> list[dict]:
    """Rows for the CSV and Excel downloads (the shown actions when ``ids`` is given), plan order."""
    out = []
    for s in status.actions:
        a = s.action
        if ids is not None and a.id not in ids:
            continue
        area = status.plan.area(a.area)
        out.append(
            {
                "id": a.id,
                "reference": reference_for(a.id),
                "title": a.title,
                "area": area.title if area else a.area,
                "lead": a.lead,
                "status": audience.action_words[s.status].word,
                "basis": s.basis.value,
                "reported": audience.action_words[s.reported].word if s.reported else None,
                "due": a.due,
                "overdue": "yes" if s.overdue else "no",
                "days_overdue": (s.as_of - a.due).days if s.overdue else None,
                "last_update": s.latest.date if s.latest else None,
                "update_overdue": "yes" if s.update_overdue else "no",
                "update_due_by": s.update_due_by,
                "illustrative": "yes" if s.latest is not None and s.latest.illustrative else "no",
                "narrative": s.latest.narrative if s.latest else "",
                "reason": action_reason(s, audience),
                "as_of": s.as_of,
            }
        )
    return out
