"""How the plan stands area by area: what the board overview and the public progress page show."""

from __future__ import annotations

from dataclasses import dataclass

from metrics.domain.plan import Area, ContextMeasure
from metrics.domain.rules import ActionStatus, MetricStatus, PlanStatus
from metrics.domain.status import Status, zero_counts
from metrics.views.audience import Audience


@dataclass(frozen=True)
class AreaSummary:
    area: Area
    metrics: tuple[MetricStatus, ...]
    actions: tuple[ActionStatus, ...]
    context: tuple[ContextMeasure, ...] = ()  # shown beside the KPIs, never counted

    def action_counts(self) -> dict[Status, int]:
        counts = zero_counts()
        for a in self.actions:
            counts[a.status] += 1
        return counts

    @property
    def overdue_actions(self) -> int:
        return sum(a.overdue for a in self.actions)

    def actions_sentence(self, audience: Audience) -> str:
        """'12 actions: 8 blue, 2 green, 1 amber, 1 red; 2 overdue.' (in the audience's words)"""
        if not self.actions:
            return "No actions in this area."
        counts = self.action_counts()
        parts = ", ".join(f"{n} {audience.action_words[s].counted}" for s, n in counts.items() if n)
        total = len(self.actions)
        overdue = self.overdue_actions
        tail = f"{overdue} overdue" if overdue else "none overdue"
        return f"{total} action{'s' if total != 1 else ''}: {parts}; {tail}."


def by_area(status: PlanStatus) -> list[AreaSummary]:
    """Areas in plan order, each with its KPIs, context measures and actions; empty areas are left out."""
    out = []
    for area in status.plan.areas:
        metrics = tuple(m for m in status.metrics if m.metric.area == area.id)
        actions = tuple(a for a in status.actions if a.action.area == area.id)
        context = tuple(m for m in status.plan.context if m.area == area.id)
        if metrics or actions or context:
            out.append(AreaSummary(area, metrics, actions, context))
    return out
