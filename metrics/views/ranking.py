"""How we compare, for readers: every local authority's latest figure as a ranked chart (ours and
our statistical neighbours picked out by pattern and label, not colour alone) and the comparison
in plain words for families.

The numbers come from ``metrics.domain.statistics``; nothing here computes a rank or a mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from metrics.views.audience import Audience
from metrics.views.benchmark import comparison_columns, ordinal
from metrics.views.benchmark import comparison_rows as comparison_table_rows
from metrics.views.formatting import format_value

if TYPE_CHECKING:
    from metrics.domain.statistics import Comparison, PeriodComparison


@dataclass(frozen=True)
class Bar:
    name: str
    value: float
    kind: str  # "ours", "neighbour" or "other"
    rank: int | None


@dataclass(frozen=True)
class RankedChart:
    title: str
    period: str
    unit: str
    bars: tuple[Bar, ...]  # best first (or highest first when neither way is better)
    alt_text: str
    ours: Bar | None


def latest_period(comparison: Comparison) -> PeriodComparison | None:
    return comparison.periods[-1] if comparison.periods else None


def ranked_chart(comparison: Comparison, unit: str, title: str) -> RankedChart | None:
    """Every local authority with a figure in the latest period, as ranked bars."""
    period = latest_period(comparison)
    if period is None or not comparison.latest:
        return None
    bars = tuple(Bar(r.name, r.value, "ours" if r.ours else "neighbour" if r.neighbour else "other", r.rank) for r in comparison.latest)
    ours = next((b for b in bars if b.kind == "ours"), None)
    order = "best first" if comparison.direction else "highest first"
    parts = [f"Bar chart of {title} in {period.period} for all {len(bars)} local authorities with a figure, {order}."]
    if ours is not None:
        place = f", {ordinal(ours.rank)} of {len(bars)}" if ours.rank is not None else ""
        parts.append(f"{ours.name} (striped bar, labelled) is {format_value(ours.value, unit)}{place}.")
    neighbours = [b for b in bars if b.kind == "neighbour"]
    if neighbours:
        parts.append(
            "Similar areas (dotted bars): "
            + "; ".join(f"{b.name} {format_value(b.value, unit)}" for b in neighbours)
            + "."
        )
    if period.england is not None:
        parts.append(f"England: {format_value(period.england, unit)}.")
    return RankedChart(title, period.period, unit, bars, " ".join(parts), ours)


def plain_comparison(comparison: Comparison, unit: str) -> str:
    """For families: 'In 2024, across England the figure was 46.4%; in areas like ours, 34.1%.
    Here it was 21.3%.' Withheld or missing figures are left out, never guessed."""
    period = latest_period(comparison)
    if period is None:
        return ""
    parts = []
    if period.england is not None:
        parts.append(f"across England the figure was {format_value(period.england, unit)}")
    if period.neighbours_mean is not None:
        parts.append(f"in areas like ours it was {format_value(period.neighbours_mean, unit)} on average")
    if not parts:
        return ""
    text = f"In {period.period}, " + "; ".join(parts) + "."
    if period.value is not None:
        text += f" In {comparison.area_name} it was {format_value(period.value, unit)}."
    return text


def comparison_rows(comparison: Comparison, unit: str, audience: Audience) -> tuple[list[str], list[list[str]]]:
    """The comparison table, newest period first (metrics.views.benchmark words each cell); families
    get our figure, England and areas like ours."""
    columns = comparison_columns(comparison)
    if audience.public:
        columns = [(k, {"period": "Year", "neighbours_mean": "Areas like ours (average)"}.get(k, h)) for k, h in columns if k in ("period", "ours", "england", "neighbours_mean")]
    rows = comparison_table_rows(comparison, unit)[::-1]
    return [h for _, h in columns], [[r[k] for k, _ in columns] for r in rows]
