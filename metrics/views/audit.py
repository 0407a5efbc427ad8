"""The audit page's rows and the words of the editor forms: what a change was, in one line a person
can read, and the columns of its download.

Entries come from ``Store.history`` (``metrics.store.AuditEntry``): anything with ``at``, ``by``,
``what``, ``why``, ``entity``, ``subject``, ``date``, ``old``, ``new``, ``id`` and ``supersedes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from metrics.domain.problems import Problem

AUDIT_HEADERS = {
    "at": "Recorded (UTC)",
    "by": "Who",
    "what": "What",
    "entity": "Kind",
    "subject": "Metric or action",
    "date": "Date of the figure",
    "change": "Change",
    "why": "Why",
    "id": "Entry",
    "supersedes": "Supersedes entry",
}

AUDIT_SHOWN = 500  # changes drawn on the page; the downloads hold every change the filters keep
PEOPLE_FROM = 5_000  # the "Who" list offers the people of the newest changes; any other address can be typed


def shown_sentence(shown: int, *, more: bool, total: int, filtered: bool) -> str:
    """What the table holds: '3 changes match, newest first (of 12 in all).', or the newest 500 of more."""
    if not total:
        return "No change has been recorded yet: figures entered, uploaded or imported are listed here."
    whole = f"{total:,} change{'s' if total != 1 else ''} in all"
    if more:
        return f"The newest {shown:,} changes that match are shown here ({whole}); the downloads hold every one that matches."
    if not filtered:
        return f"{whole[0].upper()}{whole[1:]}, newest first."
    if not shown:
        return f"No change matches ({whole})."
    return f"{shown:,} change{'s' if shown != 1 else ''} match{'es' if shown == 1 else ''}, newest first ({whole})."


_FIELD_WORDS = {
    "date": "date", "value": "value", "n": "n", "source": "source", "note": "note", "illustrative": "illustrative",
    "status": "status", "narrative": "narrative", "public_narrative": "public narrative",
}  # fmt: skip


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def change_words(old: dict | None, new: dict | None) -> str:
    """'value 14 → 15' for a correction, 'value 14; n 30; source SEN2' for a new figure,
    'withdrawn (was value 14)' for a retraction: only what changed, in the fields' order."""
    if new is None:
        was = "; ".join(f"{_FIELD_WORDS.get(k, k)} {_text(v)}" for k, v in (old or {}).items() if v not in (None, "", False))
        return f"withdrawn (was {was})" if was else "withdrawn"
    if old is None:
        return "; ".join(f"{_FIELD_WORDS.get(k, k)} {_text(v)}" for k, v in new.items() if v not in (None, "", False))
    changed = [f"{_FIELD_WORDS.get(k, k)} {_text(old.get(k))} → {_text(v)}" for k, v in new.items() if old.get(k) != v]
    return "; ".join(changed) or "no change"


def audit_rows(entries: Iterable[Any]) -> list[dict[str, Any]]:
    """One row per change, in the order given, with the keys of AUDIT_HEADERS."""
    return [
        {
            "at": e.at.strftime("%Y-%m-%d %H:%M:%S"),
            "by": e.by,
            "what": e.what,
            "entity": e.entity,
            "subject": e.subject,
            "date": e.date,
            "change": change_words(e.old, e.new),
            "why": e.why,
            "id": e.id,
            "supersedes": e.supersedes,
        }
        for e in entries
    ]


def date_range(chosen: Sequence[dt.date] | dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """A date-range picker's value (nothing, one date while the second is being picked, or two) as since, until."""
    if chosen is None:
        return None, None
    if isinstance(chosen, dt.date):
        return chosen, None
    picked = list(chosen)
    if not picked:
        return None, None
    if len(picked) == 1:
        return picked[0], None
    return min(picked[0], picked[1]), max(picked[0], picked[1])


def problems_by_field(problems: Iterable[Problem], fields: Iterable[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Each problem's message beside its field (when the form has that field), the rest above the
    button, each as one line with its field named."""
    fields = set(fields)
    beside: dict[str, list[str]] = {}
    rest: list[str] = []
    for problem in problems:
        if problem.field in fields:
            beside.setdefault(problem.field, []).append(problem.message)
        else:
            rest.append(str(problem) if problem.file else ": ".join(p for p in (problem.subject, problem.field, problem.message) if p))
    return beside, rest
