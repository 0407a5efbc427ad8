"""One figure or action update, checked by the same rules (and in the same words) as `check`.

The rules live in metrics/domain/data.py, which checks a whole CSV file column by column; a
figure typed into a form or given on the command line is checked as a file of one row, so the
two can never disagree. Each problem names its field (``metric_id``, ``date``, ``value``, ...),
so a form can show it beside the field and the command line beside the flag.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from metrics.domain import (
    data as _data,  # the CSV rules: _check_observations, _check_updates
)
from metrics.domain.data import (
    OBSERVATION_COLUMNS,
    OBSERVATION_OPTIONAL,
    UPDATE_COLUMNS,
    UPDATE_OPTIONAL,
)
from metrics.domain.plan import Plan
from metrics.domain.problems import MAX_TEXT, Problem, control_message

OBSERVATION_FIELDS = ("date", "value", "n", "source", "note", "illustrative")
UPDATE_FIELDS = ("date", "status", "narrative", "public_narrative", "illustrative")
MAX_BY = 320  # characters in who made a change: the longest an email address can be


def as_text(value: Any) -> str:
    """A value from a form, a script or a spreadsheet as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def _texts(fields: dict[str, Any], subject: str) -> tuple[dict[str, str], list[Problem]]:
    texts = {name: as_text(value) for name, value in fields.items()}
    problems = []
    for name, text in texts.items():
        wrong = control_message(text)
        if wrong is None and len(text) > MAX_TEXT:
            wrong = f"is {len(text):,} characters long: a value may have at most {MAX_TEXT:,} (the most a spreadsheet cell holds)"
        if wrong:
            problems.append(Problem("", 0, subject, name, wrong))
    return texts, problems


def check_observation(plan: Plan | None, metric_id: Any, fields: dict[str, Any]) -> tuple[dict | None, list[Problem]]:
    """The observation's typed fields (date, value, n, source, note, illustrative), or the problems."""
    texts, problems = _texts({"metric_id": metric_id, **fields}, f"metric '{as_text(metric_id)}'")
    if problems:
        return None, problems
    if plan is not None:
        measure = next((m for m in plan.measures if m.id == texts["metric_id"]), None)
        if measure is not None and measure.observations_from:
            return None, [Problem("", 0, f"metric '{measure.id}'", "metric_id", f"its observations come from statistic '{measure.observations_from}' (observations_from in the plan): they are not entered by hand")]
    frame = pd.DataFrame({c: [texts.get(c, "")] for c in OBSERVATION_COLUMNS + OBSERVATION_OPTIONAL})
    frame["line"] = 0
    checked = _data._check_observations(frame, "", plan, problems)
    if problems:
        return None, problems
    row = checked.iloc[0]
    n = row["n"]
    return {
        "date": row["date"].date(),
        "value": float(row["value"]),
        "n": None if pd.isna(n) else float(n),
        "source": row["source"],
        "note": row["note"],
        "illustrative": bool(row["illustrative"]),
    }, []


def check_update(plan: Plan | None, action_id: Any, fields: dict[str, Any]) -> tuple[dict | None, list[Problem]]:
    """The action update's typed fields (date, status, narrative, public_narrative, illustrative), or the problems."""
    texts, problems = _texts({"action_id": action_id, **fields}, f"action '{as_text(action_id)}'")
    if problems:
        return None, problems
    frame = pd.DataFrame({c: [texts.get(c, "")] for c in UPDATE_COLUMNS + UPDATE_OPTIONAL})
    frame["line"] = 0
    checked = _data._check_updates(frame, "", plan, problems)
    if problems:
        return None, problems
    row = checked.iloc[0]
    return {
        "date": row["date"].date(),
        "status": row["status"],
        "narrative": row["narrative"],
        "public_narrative": row["public_narrative"],
        "illustrative": bool(row["illustrative"]),
    }, []


def check_who(by: Any, reason: Any, *, reason_needed: bool) -> list[Problem]:
    """Who makes a change (always needed) and why (needed for a correction or a retraction)."""
    problems = []
    who = as_text(by)
    if not who:
        problems.append(Problem("", 0, "", "by", "missing: say who is making this change (their email address)"))
    elif len(who) > MAX_BY or control_message(who):
        problems.append(Problem("", 0, "", "by", f"'{who[:40]}' is not an email address or a name"))
    why = as_text(reason)
    if reason_needed and not why:
        problems.append(Problem("", 0, "", "reason", "missing: say why (the reason is kept with the change, and shown in its history)"))
    elif control_message(why) or len(why) > MAX_TEXT:
        problems.append(Problem("", 0, "", "reason", control_message(why) or f"is {len(why):,} characters long: at most {MAX_TEXT:,}"))
    return problems
