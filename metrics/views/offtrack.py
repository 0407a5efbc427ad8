"""What needs a manager's attention: the off-track list, worst first.

In the list: every red or amber KPI, every KPI whose data is overdue (whatever its status) and
every overdue action. Order: status, worst first (``Status.rank``); within a status the KPIs
come first, furthest behind plan relative to their tolerance first (``MetricStatus.gap_ratio``,
most negative first), then the overdue actions, longest overdue first; remaining ties keep the
plan's order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from metrics.domain.plan import Plan
from metrics.domain.rules import ActionStatus, MetricStatus, PlanStatus
from metrics.domain.status import WORST_FIRST, Status
from metrics.views.audience import Audience, StatusWords
from metrics.views.formatting import format_date
from metrics.views.wording import action_reason, metric_reason

Kind = Literal["metric", "action"]

# The columns of the download, in order (records() gives every one of them).
RECORD_COLUMNS = (
    "type",
    "id",
    "title",
    "area",
    "lead",
    "status",
    "why",
    "change",
    "reason",
    "gap_ratio",
    "latest_date",
    "data_due_by",
    "due",
    "days_overdue",
    "as_of",
)


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
    gap_ratio: float | None  # KPIs: gap / tolerance (negative: behind plan); None for actions and KPIs without data
    data_overdue: bool  # KPIs only
    data_due_by: dt.date | None  # KPIs: the next observation was due by this day
    latest_date: dt.date | None  # the latest observation or update on or before the as-of date
    due: dt.date | None  # actions: the due date
    days_overdue: int | None  # actions: days past the due date at the as-of date
    as_of: dt.date

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
        gap_ratio=None if s.gap is None else s.gap_ratio,
        data_overdue=s.data_overdue,
        data_due_by=s.data_due_by,
        latest_date=s.latest_date,
        due=None,
        days_overdue=None,
        as_of=s.as_of,
    )


def _action_item(s: ActionStatus, plan: Plan, audience: Audience) -> OffTrackItem:
    a = s.action
    previous = s.history[-2] if len(s.history) > 1 else None
    return OffTrackItem(
        kind="action",
        id=a.id,
        title=a.title,
        area_id=a.area,
        area_title=_area_title(plan, a.area),
        lead=a.lead,
        status=s.status,
        reason=action_reason(s, audience),
        why=f"Overdue action: due {format_date(a.due)}",
        change=change_text(audience.action_words, previous.status if previous else None, s.status, has_data=s.latest is not None, nothing="no update yet"),
        previous_status=previous.status if previous else None,
        previous_date=previous.date if previous else None,
        gap_ratio=None,
        data_overdue=False,
        data_due_by=None,
        latest_date=s.latest.date if s.latest else None,
        due=a.due,
        days_overdue=(s.as_of - a.due).days,
        as_of=s.as_of,
    )


def is_off_track_metric(s: MetricStatus) -> bool:
    return s.status in (Status.RED, Status.AMBER) or s.data_overdue


def off_track(status: PlanStatus, audience: Audience) -> list[OffTrackItem]:
    """Every KPI and action that needs attention at the as-of date, worst first."""
    keyed: list[tuple[tuple, OffTrackItem]] = []
    for index, s in enumerate(status.metrics):
        if is_off_track_metric(s):
            keyed.append(((s.status.rank, 0, s.gap_ratio, index), _metric_item(s, status.plan, audience)))
    for index, s in enumerate(status.actions):
        if s.overdue:
            # longest overdue first: the earliest due date
            keyed.append(((s.status.rank, 1, s.action.due.toordinal(), index), _action_item(s, status.plan, audience)))
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
    """Flat rows for the CSV and Excel downloads, in the list's order (columns: RECORD_COLUMNS)."""
    out = []
    for i in items:
        out.append(
            {
                "type": "KPI" if i.kind == "metric" else "action",
                "id": i.id,
                "title": i.title,
                "area": i.area_title,
                "lead": i.lead,
                "status": audience.metric_words[i.status].word if i.kind == "metric" else audience.action_words[i.status].word,
                "why": i.why,
                "change": i.change,
                "reason": i.reason,
                "gap_ratio": round(i.gap_ratio, 3) if i.gap_ratio is not None and math.isfinite(i.gap_ratio) else None,
                "latest_date": i.latest_date,
                "data_due_by": i.data_due_by,
                "due": i.due,
                "days_overdue": i.days_overdue,
                "as_of": i.as_of,
            }
        )
    return out


def download_name(as_of: dt.date, extension: str) -> str:
    return f"off-track-{as_of.isoformat()}.{extension}"
