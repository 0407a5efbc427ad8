"""A measure beside England, its region and similar areas: the words, rows and records that the
pages, the reports and `python -m metrics benchmark` show (from metrics.domain.statistics)."""

from __future__ import annotations

from typing import Any

from metrics.domain.statistics import Comparison, PeriodComparison
from metrics.views.formatting import format_value

# What each DfE symbol means, in the words of the DfE's and the GSS's symbol conventions.
SYMBOL_MEANINGS = {
    "x": "not available",
    "z": "not applicable",
    "c": "confidential",
    "low": "rounds to zero, but is not zero",
    "k": "rounds to zero, but is not zero",
    "u": "low reliability",
    ":": "not available",
    "~": "rounds to zero, but is not zero",
    "..": "not available",
}

QUARTILE_WORDS = {1: "1 (best quarter)", 2: "2", 3: "3", 4: "4 (worst quarter)"}

# Keys of comparison_rows, in order; headings from comparison_columns.
ROW_KEYS = ("period", "ours", "england", "region", "neighbours_mean", "neighbours_best", "rank", "quartile")

# The keys of one period in benchmark_record (JSON) and benchmark_periods (CSV).
PERIOD_KEYS = ("period", "date", "value", "symbol", "england", "region", "neighbours_mean", "neighbours_best", "rank", "of", "quartile")


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 126 -> '126th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def symbol_text(symbol: str | None) -> str:
    """'x' -> 'x (not available)'; None (an empty cell) -> 'not published'."""
    if not symbol:
        return "not published"
    meaning = SYMBOL_MEANINGS.get(symbol.lower())
    return f"{symbol} ({meaning})" if meaning else symbol


def rank_text(period: PeriodComparison) -> str:
    """'126th of 151', or '–' without a rank (no value of ours, or no direction)."""
    return f"{ordinal(period.rank)} of {period.of}" if period.rank is not None else "–"


def ours_text(period: PeriodComparison, unit: str) -> str:
    if period.value is None:
        return symbol_text(period.symbol)
    return format_value(period.value, unit)


def comparison_line(comparison: Comparison, unit: str) -> str:
    """One line for a tile, about the latest period:
    '2024: England 46.4%, similar areas 33.5%; 126th of 151'."""
    period = comparison.last
    if period is None:
        return "No published figures to compare with."
    parts = []
    if period.england is not None:
        parts.append(f"England {format_value(period.england, unit)}")
    if period.neighbours_mean is not None:
        parts.append(f"similar areas {format_value(period.neighbours_mean, unit)}")
    facts = ", ".join(parts)
    if period.rank is not None:
        standing = rank_text(period)
    elif period.value is None:
        standing = f"{comparison.area_name}: {symbol_text(period.symbol)}"
    else:
        standing = ""  # a value, but no direction to rank it by
    body = "; ".join(x for x in (facts, standing) if x)
    return f"{period.period}: {body}" if body else f"{period.period}: no figures to compare with."


def comparison_columns(comparison: Comparison) -> list[tuple[str, str]]:
    """(key, heading) of each column of comparison_rows: our area and region by name."""
    return [
        ("period", "Period"),
        ("ours", comparison.area_name),
        ("england", "England"),
        ("region", comparison.region_name or "Region"),
        ("neighbours_mean", "Similar areas (mean)"),
        ("neighbours_best", "Best similar area"),
        ("rank", "Rank"),
        ("quartile", "Quartile"),
    ]


def comparison_rows(comparison: Comparison, unit: str) -> list[dict[str, str]]:
    """One row of text per period, oldest first, keyed by ROW_KEYS: for tables on pages and in reports."""
    return [
        {
            "period": p.period,
            "ours": ours_text(p, unit),
            "england": format_value(p.england, unit),
            "region": format_value(p.region, unit),
            "neighbours_mean": format_value(p.neighbours_mean, unit),
            "neighbours_best": format_value(p.neighbours_best, unit),
            "rank": rank_text(p),
            "quartile": QUARTILE_WORDS[p.quartile] if p.quartile else "–",
        }
        for p in comparison.periods
    ]


def comparison_note(comparison: Comparison) -> str:
    """How the figures were worked out, in a sentence or three, for under a table."""
    count = len(comparison.neighbour_names)
    near = ""
    if count:
        best = "; best similar area: the best of them" if comparison.direction else ""
        near = f"Similar areas: the mean of {comparison.area_name}'s {count} statistical neighbours that have a figure that period, as in the DfE's LAIT{best}. "
    ranked = (
        "Rank: among every local authority with a figure, 1st is the best; equal figures share a rank. "
        "Quartile 1 is the best quarter of local authorities. "
        if comparison.direction
        else "No rank: the plan does not say which way is better for this measure. "
    )
    return f"{near}{ranked}Source: {comparison.source}."


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)  # as the status records round


def benchmark_periods(comparison: Comparison) -> list[dict[str, Any]]:
    """One flat record per period (PERIOD_KEYS): the JSON 'periods' and the CSV rows."""
    return [
        {
            "period": p.period,
            "date": p.date.isoformat(),
            "value": _round(p.value),
            "symbol": p.symbol,
            "england": _round(p.england),
            "region": _round(p.region),
            "neighbours_mean": _round(p.neighbours_mean),
            "neighbours_best": _round(p.neighbours_best),
            "rank": p.rank,
            "of": p.of,
            "quartile": p.quartile,
        }
        for p in comparison.periods
    ]


def benchmark_record(comparison: Comparison) -> dict[str, Any]:
    """What `python -m metrics benchmark --format json` prints."""
    return {
        "metric": comparison.measure_id,
        "statistic": comparison.statistic_id,
        "source": comparison.source,
        "area": comparison.area_name,
        "region": comparison.region_name,
        "neighbours": list(comparison.neighbour_names),
        "direction": comparison.direction,
        "periods": benchmark_periods(comparison),
    }
