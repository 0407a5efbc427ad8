"""One KPI at a glance: the card behind the overview tile, the projector slide, the public card
and the report's KPI article, so all four say the same thing in the audience's words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from metrics.domain.plan import Metric
from metrics.domain.rules import MetricStatus
from metrics.domain.status import Status
from metrics.views.audience import Audience, withheld_short
from metrics.views.chart import change_sentence
from metrics.views.wording import (
    latest_text,
    metric_reason,
    status_meaning,
    target_text,
)


@dataclass(frozen=True)
class Card:
    metric_id: str
    title: str
    status: Status
    word: str  # the badge's word: 'Red' (board), 'Off track' (families)
    meaning: str  # what the status means here: 'deadline passed', 'slightly behind plan'
    value: str  # the latest value as this audience may see it: '22 weeks', 'fewer than 5', 'No data yet'
    figure: str  # the same, shown large: '22 weeks', 'Fewer than 5', 'Withheld'
    value_date: dt.date | None
    illustrative: bool  # the latest value is illustrative, not a published figure
    data_overdue: bool
    data_due_by: dt.date
    target: str  # '13 weeks by 31 Mar 2024'
    reason: str
    change: str | None  # since the previous value, or None
    assumed: str  # 'assumed baseline', 'assumed baseline and target', or '' when every plan number is sourced


def kpi_card(s: MetricStatus, audience: Audience) -> Card:
    words = audience.metric_words[s.status]
    value = latest_text(s)
    return Card(
        metric_id=s.metric.id,
        title=s.metric.title,
        status=s.status,
        word=words.word,
        meaning=status_meaning(s, audience),
        value=value,
        figure=withheld_short(s.withheld) if s.withheld is not None else value,
        value_date=s.latest_date,
        illustrative=s.latest_illustrative,
        data_overdue=s.data_overdue,
        data_due_by=s.data_due_by,
        target=target_text(s, audience),
        reason=metric_reason(s, audience),
        change=change_sentence(s, audience),
        assumed=assumed_flag(s.metric),
    )


def assumed_flag(metric: Metric) -> str:
    """'assumed baseline', 'assumed baseline and target': a short flag beside the tile's badge."""
    names = ["milestone" if n.startswith("milestones") else n for n in metric.assumed]
    names = list(dict.fromkeys(names))
    if not names:
        return ""
    return "assumed " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])


def card_provenance(card: Card) -> str:
    """'Illustrative value; assumed baseline': what on the card is not a published figure."""
    parts = (["Illustrative value"] if card.illustrative and card.value_date else []) + ([card.assumed.capitalize()] if card.assumed else [])
    return "; ".join(parts)
