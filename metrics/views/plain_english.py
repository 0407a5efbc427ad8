"""Plain English for families: status words, spelt-out abbreviations and "what happens next".

The public site speaks to parents and carers, not to a board. Everything here is plain text
(the pages escape it); nothing here reads files or knows about Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from metrics.domain.plan import Metric
from metrics.domain.rules import ActionStatus, MetricStatus, planned_from_assumed
from metrics.domain.status import KEY_ORDER, Basis, Status
from metrics.domain.withheld import WithheldKind
from metrics.views.audience import StatusWords
from metrics.views.formatting import by_date, format_date, format_value
from metrics.views.wording import plan_value_text

# -- how often -----------------------------------------------------------------------------------

HOW_OFTEN = {
    "monthly": "every month",
    "quarterly": "every three months",
    "termly": "every school term",
    "annual": "once a year",
}


def how_often(frequency: str) -> str:
    return HOW_OFTEN.get(frequency, frequency)


# -- abbreviations --------------------------------------------------------------------------------

# (abbreviation as written, spelt out). Plurals are their own entries but share the first-use
# record with the singular: once "SRP" has been spelt out, "SRPs" is not spelt out again.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("SEND", "special educational needs and disabilities"),
    ("SEN", "special educational needs"),
    ("SENDIASS", "special educational needs and disabilities information, advice and support service"),
    ("SENDIAS", "special educational needs and disabilities information, advice and support"),
    ("SENCOs", "special educational needs co-ordinators"),
    ("SENCO", "special educational needs co-ordinator"),
    ("SENCos", "special educational needs co-ordinators"),
    ("SENCo", "special educational needs co-ordinator"),
    ("EHCPs", "education, health and care plans"),
    ("EHCP", "education, health and care plan"),
    ("EHC", "education, health and care"),
    ("SRPs", "specialist resourced provisions"),
    ("SRP", "specialist resourced provision"),
    ("KPIs", "key performance indicators"),
    ("KPI", "key performance indicator"),
    ("WSoA", "Written Statement of Action"),
    ("CQC", "Care Quality Commission"),
    ("DfE", "Department for Education"),
    ("ICB", "integrated care board"),
    ("CAMHS", "child and adolescent mental health services"),
    ("SEMH", "social, emotional and mental health"),
    ("ADHD", "attention deficit hyperactivity disorder"),
    ("ASD", "autism spectrum disorder"),
    ("ASC", "autism spectrum condition"),
    ("CYP", "children and young people"),
    ("PfA", "preparing for adulthood"),
    ("SALT", "speech and language therapy"),
    ("LA", "local authority"),
    ("AP", "alternative provision"),
)

_EXPANSIONS = dict(ABBREVIATIONS)


def _family(abbreviation: str) -> str:
    """Singular and plural share one first use: 'SRPs' -> 'SRP', 'SENCos' -> 'SENCO'."""
    base = abbreviation[:-1] if abbreviation.endswith("s") and abbreviation[:-1] in _EXPANSIONS else abbreviation
    return base.upper()


# Longest first, so 'SENDIASS' wins over 'SEND' and 'EHCPs' over 'EHCP'; whole words only.
_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(a) for a, _ in sorted(ABBREVIATIONS, key=lambda p: -len(p[0]))) + r")(?![\w-])"
)


_SENTENCE_START = re.compile(r"(^|[.!?]\s+|^\W+)$")


class Abbreviations:
    """Spells out each abbreviation the first time a page uses it: 'EHCP' ->
    'education, health and care plan (EHCP)'; later uses are left short.

    One instance per page, fed the page's texts in reading order. Text that already spells an
    abbreviation out, written as '... (SEND)', counts as its first use.
    """

    def __init__(self, already_explained: Iterable[str] = ()):
        self.seen: set[str] = {_family(a) for a in already_explained}

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""

        def replace(match: re.Match) -> str:
            word = match.group(1)
            family = _family(word)
            start, end = match.span(1)
            in_brackets = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
            if in_brackets or family in self.seen:
                self.seen.add(family)
                return word
            self.seen.add(family)
            words = _EXPANSIONS[word]
            if _SENTENCE_START.search(text[:start]):
                words = words[0].upper() + words[1:]
            return f"{words} ({word})"

        return _PATTERN.sub(replace, text)

    def used(self) -> list[tuple[str, str]]:
        """The abbreviations met so far (singular forms), for a glossary."""
        out: dict[str, tuple[str, str]] = {}
        for a, e in ABBREVIATIONS:
            family = _family(a)
            if family in self.seen and family not in out and _family(a) == a.upper():
                out[family] = (a, e)
        return list(out.values())


def spell_out(text: str) -> str:
    """Every abbreviation in one piece of text spelt out at its first use."""
    return Abbreviations()(text)


# -- measures: where it stands, what happens next --------------------------------------------------


def promised(metric: Metric) -> str:
    """'13 weeks by 31 Mar 2024'."""
    return by_date(metric.target.value, metric.unit, metric.target.date)


def promise_sentence(s: MetricStatus) -> str:
    """'To bring this down to 13 weeks by 31 Mar 2024.' (and say so when the target was assumed);
    a small target reads 'fewer than 5 by ...'."""
    metric = s.metric
    verb = "raise this to" if metric.direction == "increase" else "bring this down to"
    assumed = " This target is not in a published plan: the partnership set it." if metric.target.assumed else ""
    return f"To {verb} {_promised(s)}.{assumed}"


def _promised(s: MetricStatus) -> str:
    """The target as this reader may see it (without the '(assumed)' mark: that is said in words)."""
    return f"{plan_value_text(s, 'target', s.metric.target)} by {format_date(s.metric.target.date)}"


def assumed_start(metric: Metric) -> str:
    """'' unless the starting point is an estimate rather than a published figure."""
    if not metric.baseline.assumed:
        return ""
    return " This starting point is an estimate, not a published figure."


def better_means(metric: Metric) -> str:
    return "Higher is better." if metric.direction == "increase" else "Lower is better."


def next_step_point(metric: Metric, as_of: dt.date):
    """The next milestone or the target still ahead of ``as_of`` (None when the deadline has passed)."""
    for point in (*metric.milestones, metric.target):
        if point.date >= as_of:
            return point
    return None


def withheld_explained(s: MetricStatus) -> str:
    """Why the latest figure is not shown exactly ('' when it is shown)."""
    if s.withheld is None:
        return ""
    if s.withheld.kind is WithheldKind.SMALL_NUMBER:
        return (
            f"We do not publish exact numbers between 1 and {s.withheld.threshold - 1}, "
            "so that no child or family can be identified. The status still uses the real figure."
        )
    return (
        f"We do not publish survey results from fewer than {s.withheld.threshold} people, because they may not be "
        "reliable and could identify who answered. The status still uses the real figure."
    )


def about(value: float, unit: str) -> str:
    """A planned value as people say it: 'about 177 families', 'about 76%', '4.5 children' -> 'about 4.5 children'."""
    rounded = round(value) if abs(value) >= 10 else round(value, 1)
    text = format_value(float(rounded), unit)
    return text if abs(rounded - value) < 1e-9 else f"about {text}"


_AGAINST_PLAN = {
    Status.GREEN: "This is on track with the plan, or better.",
    Status.AMBER: "This is a little behind the plan.",
    Status.RED: "This is well behind the plan.",
}


def where_it_stands(s: MetricStatus) -> str:
    """A sentence or two on the latest public figure against the plan (the figure itself is shown beside it)."""
    m = s.metric
    if s.basis is Basis.NO_DATA_DEADLINE_PASSED:
        return f"No figures have been published, and the deadline for the target ({_promised(s)}) has passed."
    if s.latest_date is None:
        return "No figures have been published yet."
    if s.basis is Basis.TARGET_MET:
        judged = f"This meets the target of {plan_value_text(s, 'target', m.target)}."
    elif s.basis is Basis.DEADLINE_MISSED:
        judged = f"The deadline for the target ({_promised(s)}) has passed, and the latest figure does not meet it."
    elif s.basis is Basis.TREND_MISSES:
        judged = "This is on track with the plan for now, but the way the figures have been going would not reach the target in time."
    else:
        expected = ""
        if s.withheld is None and s.planned is not None:
            estimate = " (worked out from an estimated starting point or target)" if planned_from_assumed(m, s.latest_date) else ""
            expected = f"The plan expected {about(s.planned, m.unit)} by then{estimate}. "
        judged = expected + _AGAINST_PLAN.get(s.status, "")
    return " ".join(part for part in (judged, withheld_explained(s)) if part)


def what_happens_next(s: MetricStatus) -> str:
    """What families can expect next for a measure, in plain words (the target itself is shown
    under "What was promised", so it is not repeated here)."""
    m = s.metric
    often = f"We update these figures {how_often(m.frequency)}."
    if s.basis is Basis.NO_DATA:
        return f"We will show the first figures here when they are ready. Figures for this measure are collected {how_often(m.frequency)}."
    if s.basis is Basis.TARGET_MET:
        return f"The partnership will keep checking that the target stays met. {often}"
    point = next_step_point(m, s.as_of)
    if point is None:
        return f"The deadline has passed. The partnership is looking at what more needs to be done to reach the target. {often}"
    step = ""
    if point != m.target:
        name = f"milestones[{m.milestones.index(point)}]"
        step = f"The next step in the plan is {plan_value_text(s, name, point)} by {format_date(point.date)}. "
    if s.status is Status.GREEN:
        return f"{step}The partnership will carry on with the plan. {often}"
    if s.status is Status.AMBER:
        return f"{step}The partnership is keeping a close eye on this so it can catch up. {often}"
    return f"{step}This is well behind, so the partnership is looking at what more needs to be done to get back on track. {often}"


def figures_late(s: MetricStatus) -> str:
    """'' unless a newer figure was expected by now."""
    if s.latest_date is None or not s.data_overdue:
        return ""
    return f"A newer figure was expected by {format_date(s.data_due_by)} but is not available yet."


# -- actions ----------------------------------------------------------------------------------------

NO_PUBLIC_UPDATE = "No public update yet"


def action_update(s: ActionStatus) -> str:
    """The latest public update: on the public View, ActionStatus.latest.narrative is the public one."""
    text = (s.latest.narrative or "").strip() if s.latest else ""
    if text and s.latest is not None and s.latest.illustrative:
        return f"Example update, not a real report: {text}"
    return text or NO_PUBLIC_UPDATE


def action_due(s: ActionStatus) -> str:
    due = format_date(s.action.due)
    if s.overdue:
        return f"{due} (overdue)"
    return due


# -- counts -----------------------------------------------------------------------------------------


def count_sentence(counts: dict[Status, int], words: Mapping[Status, StatusWords], noun: str) -> str:
    """'3 measures: 1 target met, 2 off track.'; '1 action: on track.'"""
    total = sum(counts.values())
    if not total:
        return f"No {noun}s."
    if total == 1:
        only = next(s for s in KEY_ORDER if counts.get(s))
        return f"1 {noun}: {words[only].counted}."
    parts = ", ".join(f"{counts[s]} {words[s].counted}" for s in KEY_ORDER if counts.get(s))
    return f"{total} {noun}s: {parts}."
