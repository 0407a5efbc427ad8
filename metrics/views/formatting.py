"""Numbers and dates as people read them: one place for the pages, the CLI and the exports.

Status words are in ``metrics.views.audience``; sentences about a status in ``metrics.views.wording``.
"""

from __future__ import annotations

import datetime as dt
import math


def format_date(value: dt.date | None) -> str:
    if value is None:
        return "–"
    return f"{value.day} {value:%b %Y}"


def format_number(value: float | None) -> str:
    """1430 -> '1,430'; 52.94 -> '52.9'; whole numbers lose their '.0'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value - round(value)) < 1e-9:
        return f"{int(round(value)):,}"
    if abs(value) >= 1:
        text = f"{value:,.1f}"
        if text.endswith(".0"):  # 15.04 -> '15', not '15.0'
            text = text[:-2]
    else:
        text = f"{value:.2g}"
    return text


_SINGULAR = {"children": "child", "people": "person", "young people": "young person", "staff": "staff", "families": "family"}


def _unit_for(number: str, unit: str) -> str:
    """'1 week', '1 child', not '1 weeks' (units are plural in the plan)."""
    if number == "1" and unit.lower() in _SINGULAR:
        return _SINGULAR[unit.lower()]
    if number == "1" and len(unit) > 2 and unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


# Units that count whole things: a planned 345.2 places reads '345 places' (docs/targets.md, unit).
WHOLE_UNITS = frozenset(
    {"count", "places", "children", "young people", "plans", "visits", "contacts", "people", "schools",
     "families", "cases", "referrals", "assessments", "settings", "staff", "appeals", "tribunals"}
)


def is_whole_unit(unit: str) -> bool:
    return unit.strip().lower() in WHOLE_UNITS


def _whole(value: float) -> float:
    """Half away from zero (2.5 -> 3), as people round, not to even as round() does."""
    return math.copysign(math.floor(abs(value) + 0.5), value)


def format_value(value: float | None, unit: str) -> str:
    """22 weeks, 52.9%, 1,430 places (whole things are never shown with decimals)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if is_whole_unit(unit):
        value = _whole(value)
    number = format_number(value)
    if unit.lower() in {"percent", "%", "percentage"}:
        return f"{number}%"
    if unit.lower() in {"number", "count"}:
        return number
    return f"{number} {_unit_for(number, unit)}"


def format_amount(value: float, unit: str) -> str:
    """A difference in the metric's units: '14 weeks', '3.5 percentage points', '2 places'."""
    if is_whole_unit(unit):
        if 0 < abs(value) < 0.5:
            return f"less than 1 {_unit_for('1', unit)}"
        value = _whole(value)
    number = format_number(abs(value))
    if unit.lower() in {"percent", "%", "percentage"}:
        return f"{number} percentage point{'s' if number != '1' else ''}"
    if unit.lower() in {"number", "count"}:
        return number
    return f"{number} {_unit_for(number, unit)}"


def by_date(value: float, unit: str, when: dt.date) -> str:
    """'13 weeks by 31 Mar 2024': a target or a milestone."""
    return f"{format_value(value, unit)} by {format_date(when)}"
