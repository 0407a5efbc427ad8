"""Words and numbers as people read them: one place for the pages, the CLI and the exports."""

from __future__ import annotations

import datetime as dt
import math

STATUS_WORDS = {"blue": "Blue", "green": "Green", "amber": "Amber", "red": "Red", "grey": "Grey"}
# Icons carry the status for anyone who cannot tell the colours apart.
STATUS_ICONS = {"blue": "★", "green": "✔", "amber": "▲", "red": "✖", "grey": "○"}
METRIC_MEANINGS = {
    "blue": "target met",
    "green": "on track",
    "amber": "slightly behind plan",
    "red": "off track",
    "grey": "no data yet",
}
ACTION_MEANINGS = {
    "blue": "completed and embedded",
    "green": "on track, no concerns",
    "amber": "on track, some concerns",
    "red": "no progress, major concerns",
    "grey": "not due yet",
}
# Colour-blind-safe fills, each with text colour of at least 4.5:1 contrast on it.
STATUS_COLOURS = {"blue": "#1d70b8", "green": "#00703c", "amber": "#ffdd00", "red": "#d4351c", "grey": "#505a5f"}
STATUS_TEXT_COLOURS = {"blue": "#ffffff", "green": "#ffffff", "amber": "#0b0c0c", "red": "#ffffff", "grey": "#ffffff"}
STATUS_ORDER = ("red", "amber", "grey", "green", "blue")  # worst first


def status_label(status: str) -> str:
    """'✖ Red': icon and word together, never colour alone."""
    return f"{STATUS_ICONS[status]} {STATUS_WORDS[status]}"


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


def _unit_for(number: str, unit: str) -> str:
    """'1 week', not '1 weeks' (units are plural in the plan)."""
    if number == "1" and len(unit) > 2 and unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


def format_value(value: float | None, unit: str) -> str:
    """22 weeks, 52.9%, 1,430 places."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = format_number(value)
    if unit.lower() in {"percent", "%", "percentage"}:
        return f"{number}%"
    if unit.lower() in {"number", "count"}:
        return number
    return f"{number} {_unit_for(number, unit)}"


def format_amount(value: float, unit: str) -> str:
    """A difference in the metric's units: '14 weeks', '3.5 percentage points'."""
    number = format_number(abs(value))
    if unit.lower() in {"percent", "%", "percentage"}:
        return f"{number} percentage point{'s' if number != '1' else ''}"
    if unit.lower() in {"number", "count"}:
        return number
    return f"{number} {_unit_for(number, unit)}"
