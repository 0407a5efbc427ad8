"""What needs a manager's attention: the off-track list, worst first.

In the list: every red or amber KPI, every KPI whose data is overdue (whatever its status) and
every overdue action. Order: status, worst first (``Status.rank``); within a status, the items
whose date has passed (a KPI that missed its target at or after its date, or has no figures
after it; an overdue action) before those only behind their plan line. Within each group the
KPIs come first, furthest behind relative to their planned change |target - baseline| first
(``MetricStatus.relative_gap``, most negative first; KPIs without figures after them), then the
actions, longest overdue first; remaining ties keep the plan's order.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from metrics.domain.plan import Plan
from metrics.domain.rules import ActionStatus, MetricStatus, PlanStatus, action_status
from metrics.domain.status import WORST_FIRST, Status
from metrics.views.audience import Audience, StatusWords
from metrics.views.formatting import format_date
from metrics.views.wording import action_reason, metric_reason

Kind = Literal["metric", "action"]

# The download: one column per fact, with the header a reader sees (records() gives every key).
RECORD_HEADERS: dict[str, str] = {
    "type": "Type",
    "id": "ID",
    "reference": "Reference",
    "title": "Title",
    "area": "Area",
    "lead": "Lead",
    "status": "Status",
    "basis": "What decided the status",
    "why": "Why it is listed",
    "change": "Change since the previous figure or update",
    "latest_value": "Latest value",
    "latest_date": "Date of the latest value or update",
    "unit": "Unit",
    "planned": "Plan value at that date",
    "target": "Target",
    "target_date": "Target date",
    "gap": "Gap to plan (units; + is better)",
    "tolerance": "Tolerance (units)",
    "relative_gap": "Gap as a share of the planned change",
    "illustrative": "Latest value or update is illustrative",
    "assumed": "Assumed plan numbers",
    "reason": "Reason",
    "data_due_by": "Next data due by",
    "due": "Action due",
    "days_overdue": "Days overdue",
    "reported": "Status last reported by the lead",
    "update_overdue": "Update overdue",
    "as_of": "As at",
}
RECORD_COLUMNS = tuple(RECORD_HEADERS)


def reference_for(item_id: str) -> str:
    """The plan's own reference, as board papers cite it: 'wsoa-1.1.1' -> 'WSoA 1.1.1',
    'strategy-3.2' -> 'Strategy 3.2'; any other id is its own reference."""
    match = re.fullmatch(r"(wsoa|strategy)-(\d+(?:\.\d+)*)([a-z]?)", item_id, flags=re.IGNORECASE)
    if not match:
        return item_id
    name = "WSoA" if match.group(1).lower() == "wsoa" else "Strategy"
    return f"{name} {match.group(2)}{match.group(3)}"


@dataclass(frozen=True)
class OffTrackItem:
    """One row of the off-track list: a KPI or an action, with why it is there."""

    kind: Kind
    id: str
    title: str
    area_id: str
    area_title: str
    lead: str
    status: Status
    reason: str  # why it has its status (metrics.views.wording)
    why: str  # why it is on this list: "Red", "Data overdue (due by 14 Nov 2023)", "Overdue action: due 31 Dec 2023"
    change: str  # since the previous observation or update: "Amber → Red", "no change", "new"
    previous_status: Status | None
    previous_date: dt.date | None
    relative_gap: float | None  # KPIs: gap / |target - baseline| (negative: behind plan); None for actions and KPIs without data
    data_overdue: bool  # KPIs only
    data_due_by: dt.date | None  # KPIs: the next observation was due by this day
    latest_date: dt.date | None  # the latest observation or update on or before the as-of date
    due: dt.date | None  # actions: the due date
    days_overdue: int | None  # actions: days past the due date at the as-of date
    as_of: dt.date
    source: MetricStatus | ActionStatus | None = None  # the status it was made from: the download's facts

    @property
    def kind_word(self) -> str:
        return "KPI" if self.kind == "metric" else "Action"


def change_text(words: Mapping[Status, StatusWords], previous: Status | None, now: Status, *, has_data: bool = True, nothing: str = "no data yet") -> str:
    """'Amber → Red', 'no change', 'new' (the first observation or update) or, with nothing to
    compare, ``nothing`` ('no data yet'; 'no update yet' for actions)."""
    if not has_data:
        return nothing
    if previous is None:
        return "new"
    if previous is now:
        return "no change"
    return f"{words[previous].word} → {words[now].word}"


def _area_title(plan: Plan, area_id: str) -> str:
    area = plan.area(area_id)
    return area.title if area else area_id


def _metric_item(s: MetricStatus, plan: Plan, audience: Audience) -> OffTrackItem:
    m = s.metric
    parts = []
    if s.status in (Status.RED, Status.AMBER):
        parts.append(audience.metric_words[s.status].word)
    if s.basis.deadline_passed:
        parts.append("deadline passed")
    if s.data_overdue:
        parts.append(f"data overdue (due by {format_date(s.data_due_by)})")
    why = "; ".join(parts)
    return OffTrackItem(
        kind="metric",
        id=m.id,
        title=m.title,
        area_id=m.area,
        area_title=_area_title(plan, m.area),
        lead=m.lead,
        status=s.status,
        reason=metric_reason(s),
        why=why[:1].upper() + why[1:],
        change=change_text(audience.metric_words, s.previous_status, s.status, has_data=s.latest_date is not None),
        previous_status=s.previous_status,
        previous_date=s.previous_date,
        relative_gap=s.relative_gap,
        data_overdue=s.data_overdue,
        data_due_by=s.data_due_by,
        latest_date=s.latest_date,
        due=None,
        days_overdue=None,
        as_of=s.as_of,
        source=s,
    )


def _action_item(s: ActionStatus, plan: Plan, audience: Audience) -> OffTrackItem:
    a = s.action
    previous = s.history[-2] if len(s.history) > 1 else None
    # the status as it stood at the previous update (overdue then, or not yet)
    before = action_status(a, s.history[:-1], previous.date, plan.defaults).status if previous else None
    why = f"Overdue action: due {format_date(a.due)}"
    if s.update_overdue and s.update_due_by is not None:
        why += f"; update overdue (due by {format_date(s.update_due_by)})"
    return OffTrackItem(
        kind="action",
        id=a.id,
        title=a.title,
        area_id=a.area,
        area_title=_area_title(plan, a.area),
        lead=a.lead,
        status=s.status,
        reason=action_reason(s, audience),
        why=why,
        change=change_text(audience.action_words, before, s.status, has_data=s.latest is not None, nothing="no update yet"),
        previous_status=before,
        previous_date=previous.date if previous else None,
        relative_gap=None,
        data_overdue=False,
        data_due_by=None,
        latest_date=s.latest.date if s.latest else None,
        due=a.due,
        days_overdue=(s.as_of - a.due).days,
        as_of=s.as_of,
        source=s,
    )


def is_off_track_metric(s: MetricStatus) -> bool:
    return s.status in (Status.RED, Status.AMBER) or s.data_overdue


def off_track(status: PlanStatus, audience: Audience) -> list[OffTrackItem]:
    """Every KPI and action that needs attention at the as-of date, worst first."""
    keyed: list[tuple[tuple, OffTrackItem]] = []
    for index, s in enumerate(status.metrics):
        if is_off_track_metric(s):
            gap = s.relative_gap
            behind = (0, gap) if gap is not None else (1, 0.0)
            keyed.append(((s.status.rank, not s.basis.deadline_passed, 0, behind, index), _metric_item(s, status.plan, audience)))
    for index, s in enumerate(status.actions):
        if s.overdue:
            # longest overdue first: the earliest due date
            keyed.append(((s.status.rank, False, 1, (0, s.action.due.toordinal()), index), _action_item(s, status.plan, audience)))
    keyed.sort(key=lambda pair: pair[0])
    return [item for _, item in keyed]


def filter_items(
    items: Sequence[OffTrackItem],
    areas: Collection[str] | None = None,
    leads: Collection[str] | None = None,
    statuses: Collection[Status] | None = None,
) -> list[OffTrackItem]:
    """Keep the items in the chosen areas (ids), with the chosen leads and statuses.

    None means no filter; an empty collection matches nothing. The order is kept.
    """
    return [
        item
        for item in items
        if (areas is None or item.area_id in areas)
        and (leads is None or item.lead in leads)
        and (statuses is None or item.status in statuses)
    ]


@dataclass(frozen=True)
class FilterOptions:
    areas: tuple[tuple[str, str], ...]  # (id, title) in the plan's order
    leads: tuple[str, ...]  # alphabetical
    statuses: tuple[Status, ...]  # worst first


def filter_options(items: Sequence[OffTrackItem], plan: Plan) -> FilterOptions:
    """The choices the filters offer: only values that occur in the list."""
    area_ids = {i.area_id for i in items}
    areas = tuple((a.id, a.title) for a in plan.areas if a.id in area_ids)
    leads = tuple(sorted({i.lead for i in items}, key=str.casefold))
    present = {i.status for i in items}
    return FilterOptions(areas, leads, tuple(s for s in WORST_FIRST if s in present))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def count_sentence(items: Sequence[OffTrackItem]) -> str:
    """'4 KPIs and 2 actions need attention.' ('1 KPI needs attention.')"""
    kpis = sum(i.kind == "metric" for i in items)
    actions = len(items) - kpis
    parts = [p for p in (_plural(kpis, "KPI") if kpis else "", _plural(actions, "action") if actions else "") if p]
    if not parts:
        return "Nothing needs attention."
    verb = "needs" if len(items) == 1 else "need"
    return f"{' and '.join(parts)} {verb} attention."


def empty_sentence(as_of: dt.date) -> str:
    return f"Nothing is off track at {format_date(as_of)}."


def records(items: Sequence[OffTrackItem], audience: Audience) -> list[dict[str, Any]]:
    """Flat rows for the CSV and Excel downloads, in the list's order: one fact per column
    (RECORD_HEADERS); numbers as numbers and dates as dates, so a spreadsheet can sort them."""
    out = []
    for i in items:
        row: dict[str, Any] = {key: None for key in RECORD_HEADERS}
        words = audience.metric_words if i.kind == "metric" else audience.action_words
        row.update(
            type="KPI" if i.kind == "metric" else "Action",
            id=i.id,
            reference=reference_for(i.id),
            title=i.title,
            area=i.area_title,
            lead=i.lead,
            status=words[i.status].word,
            why=i.why,
            change=i.change,
            latest_date=i.latest_date,
            relative_gap=round(i.relative_gap, 3) if i.relative_gap is not None and math.isfinite(i.relative_gap) else None,
            reason=i.reason,
            data_due_by=i.data_due_by,
            due=i.due,
            days_overdue=i.days_overdue,
            as_of=i.as_of,
        )
        s = i.source
        if isinstance(s, MetricStatus):
            m = s.metric
            row.update(
                basis=s.basis.value,
                latest_value=_round(s.latest_value),
                unit=m.unit,
                planned=_round(s.planned),
                target=_round(m.target.value),
                target_date=m.target.date,
                gap=_round(s.gap),
                tolerance=_round(s.tolerance),
                illustrative="yes" if s.latest_illustrative and s.latest_date else "no",
                assumed=", ".join(m.assumed) or "none",
            )
        elif isinstance(s, ActionStatus):
            row.update(
                basis=s.basis.value,
                illustrative="yes" if s.latest is not None and s.latest.illustrative else "no",
                reported=words[s.reported].word if s.reported else None,
                update_overdue="yes" if s.update_overdue else "no",
            )
        out.append(row)
    return out


def _round(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 3)


def download_name(as_of: dt.date, extension: str) -> str:
    return f"off-track-{as_of.isoformat()}.{extension}"
