"""One vocabulary for families: the words the static site, the Streamlit public site and the public
reports use, so the three cannot say different things about the same figure.

What is here (plain text only: the caller escapes it, nothing here reads a file):

- ``MEASURE_WORDS`` / ``ACTION_WORDS``: a ``StatusWords`` per ``Status`` ("On track", "A little
  behind", ...), with ``ICONS`` and ``measure_label`` / ``action_label`` ("▲ A little behind"): a
  status is always a word and a shape, never a colour alone. ``family_audience(defaults)`` is the
  public ``Audience`` carrying these words, for the view functions that take an audience.
- Figures that are not real published figures: ``ILLUSTRATIVE_FIGURE`` ("Example figure, not a
  real measurement"), ``ILLUSTRATIVE_UPDATE``, ``ESTIMATE`` and ``estimated_points(metric)`` for
  the plan numbers the partnership assumed ("the starting point is an estimate ...").
- Terms explained once: ``TERMS`` (the Written Statement of Action, a strategy priority, ...) with
  the anchor of each one's glossary entry, and ``split_terms(text)`` to link the term wherever a
  text uses it.
- ``source_title(source, document_titles(plan))``: a plan's ``source`` as a person reads it
  ("Written Statement of Action, January 2022, section 5, area 1, action 1.1.1"), never a file name.
- ``LEGEND``: the chart's lines and marks in families' words; ``status_key(words)`` for a key.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from metrics.domain.plan import Defaults, Metric, Plan
from metrics.domain.status import KEY_ORDER, Status
from metrics.views.audience import (
    FAMILY_ACTION_WORDS,
    ICONS,
    Audience,
    StatusWords,
    public_audience,
)

# -- statuses ----------------------------------------------------------------------------------

# The amber of a measure is the tolerance band: a little behind the plan line, not far behind.
MEASURE_WORDS: Mapping[Status, StatusWords] = MappingProxyType({
    Status.BLUE: StatusWords("Target met", "target met", "The latest figure already reaches the target.", "target met"),
    Status.GREEN: StatusWords("On track", "on track", "The latest figure is where the plan expected it to be by now, or better.", "on track"),
    Status.AMBER: StatusWords(
        "A little behind", "a little behind",
        "The latest figure is a little behind where the plan expected it to be by now, or it is on plan but the way it is going will not reach the target in time.",
        "a little behind",
    ),
    Status.RED: StatusWords("Off track", "off track", "The latest figure is well behind where the plan expected it to be by now, or the deadline has passed without the target being met.", "off track"),
    Status.GREY: StatusWords("No figures yet", "no figures yet", "There are no figures for this measure yet, and its deadline has not passed.", "with no figures yet"),
})
ACTION_WORDS: Mapping[Status, StatusWords] = FAMILY_ACTION_WORDS  # Done, On track, Some concerns, Serious concerns, Not started yet

__all__ = [
    "ACTION_WORDS", "ESTIMATE", "ICONS", "ILLUSTRATIVE_FIGURE", "ILLUSTRATIVE_UPDATE", "LEGEND", "MEASURE_WORDS",
    "OVERDUE", "TERMS", "Term", "action_label", "estimated_points", "family_audience", "measure_label",
    "DocumentTitles", "document_titles", "source_title", "split_terms", "status_key", "with_source_titles",
]


def measure_label(status: Status) -> str:
    """'▲ A little behind': the shape and the word together."""
    return f"{ICONS[status]} {MEASURE_WORDS[status].word}"


def action_label(status: Status) -> str:
    """'✖ Serious concerns'."""
    return f"{ICONS[status]} {ACTION_WORDS[status].word}"


def family_audience(defaults: Defaults) -> Audience:
    """The public audience, speaking these words (its thresholds come from the plan's defaults)."""
    return dataclasses.replace(public_audience(defaults), metric_words=MEASURE_WORDS, action_words=ACTION_WORDS)


OVERDUE = "overdue"  # after an action's due date once it has passed unfinished: '31 Mar 2024 (overdue)'

# The order a key lists the statuses in.
STATUS_ORDER: tuple[Status, ...] = KEY_ORDER

# -- figures that are not published figures -----------------------------------------------------

ILLUSTRATIVE_FIGURE = "Example figure, not a real measurement"  # beside an illustrative value
ILLUSTRATIVE_UPDATE = "Example update, not a real report"  # before an illustrative action update
ESTIMATE = "estimate"  # a plan number in no published document, set by the partnership

_PLAN_POINT_WORDS = {"baseline": "the starting point", "target": "the target"}


def estimated_points(metric: Metric) -> list[str]:
    """'the starting point', 'the target', 'a step along the way': the plan numbers that are estimates."""
    names = [_PLAN_POINT_WORDS.get(name, "a step along the way") for name, point in metric.plan_points if point.assumed]
    return list(dict.fromkeys(names))


# -- the chart's legend --------------------------------------------------------------------------

# (key, words): the same keys as metrics.render.svgchart's legend classes (k-<key>).
LEGEND: Mapping[str, str] = MappingProxyType({
    "published": "Published figure",
    "illustrative": "Example figure, not a real measurement",
    "plan": "The plan: where the figure should be on each date",
    "england": "England",
    "neighbours": "Similar areas (mean): the average of areas like ours",
    "forecast": "Published forecast (not a figure)",
    "baseline": "Starting point",
    "milestone": "Step along the way",
    "target": "Target",
    "band": "A little behind: the margin before off track",
    "projection": "Where the recent trend leads",
    "event": "Something that happened (numbered below)",
})

# -- terms explained once -----------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    anchor: str  # the id of its glossary entry: 'wsoa' -> about.html#wsoa
    term: str  # as the glossary heads it
    explained: str  # one or two sentences
    pattern: str  # a regular expression for the term as texts write it (case-insensitive)


TERMS: tuple[Term, ...] = (
    Term(
        "wsoa",
        "Written Statement of Action",
        "An improvement plan a local area has to write when Ofsted and the Care Quality Commission inspect its "
        "support for children and young people with SEND and find significant weaknesses. It says how each "
        "weakness will be put right.",
        r"Written Statement of Action|WSoA",
    ),
    Term(
        "strategy-priority",
        "Strategy priority",
        "One of the priorities of the local area's SEND strategy, its longer-term plan. Each priority is a part of "
        "this plan.",
        r"strategy priority|strategy priorities",
    ),
    Term(
        "i-statement",
        "I statement",
        "A sentence in the plan written as a child, young person or parent carer would say it: what things should "
        "be like for them when that part of the plan works.",
        r"I statements?",
    ),
    Term(
        "tolerance",
        "A little behind",
        "A measure is a little behind when its latest figure is behind where the plan expected it to be, but only "
        "by a small margin (usually a tenth of the way from the starting point to the target). Further behind is "
        "off track.",
        r"a little behind",
    ),
    Term(
        "estimate",
        "Estimate",
        "A number in the plan that is not in any published document, so the partnership set it. We say so "
        "wherever one is shown.",
        r"estimates?",
    ),
    Term(
        "example-figure",
        "Example figure",
        "A figure made up to show how the site works, not a real measurement. Every one is labelled.",
        r"example figures?",
    ),
)

_TERM_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(f"(?:{t.pattern})" for t in TERMS) + r")(?![\w-])", re.IGNORECASE)


def _term_for(text: str) -> Term:
    return next(t for t in TERMS if re.fullmatch(t.pattern, text, re.IGNORECASE))


def split_terms(text: str, only: tuple[str, ...] = ("wsoa", "strategy-priority")) -> list[tuple[str, Term | None]]:
    """``text`` cut into pieces, each with the ``Term`` it is (to link to its explanation) or None.

    ``only``: the anchors of the terms to find (by default the two that name parts of the plan).
    Joining the pieces gives ``text`` back unchanged.
    """
    out: list[tuple[str, Term | None]] = []
    last = 0
    for match in _TERM_PATTERN.finditer(text or ""):
        term = _term_for(match.group(1))
        if term.anchor not in only:
            continue
        if match.start() > last:
            out.append((text[last : match.start()], None))
        out.append((match.group(1), term))
        last = match.end()
    if last < len(text or ""):
        out.append((text[last:], None))
    return out


# -- sources as people name them ------------------------------------------------------------------

# The plan's documents by file name (its `documents:`): their titles as a reader would cite them, and
# where the part a source names sits in the document ('Area 1' of the WSoA is in its section 5).
DocumentTitles = Mapping[str, tuple[str, str]]


def document_titles(plan: Plan) -> DocumentTitles:
    """The plan's documents as ``source_title`` reads them: file -> (title, 'section 5, ' or '')."""
    return MappingProxyType({d.file: (d.title, f"{d.part}, " if d.part else "") for d in plan.documents})


_FILE_AT_START = re.compile(r"(?:^|(?<=; ))([^;,()]*?\.(?:txt|csv|xlsx|xls|ods|pdf))\s*", re.IGNORECASE)
_FOLDER = re.compile(r"\(\.\./[^;()]*;\s*")  # '(../shared/dfe_send_statistics; ' before a release name
_VIA = re.compile(r",?\s*via\s+[^;,\s]+", re.IGNORECASE)  # ', via sample_data/statistics/x.csv'
_ARROW = re.compile(r"\s*->\s*")
_CODE = re.compile(r"\s*\((?:E\d{8}|\d{3})\)")  # a local authority code: '(E10000031)', '(937)'
_SHORT_REF = re.compile(r"\b(\d{3}), ")  # '003, Area 5' inside a note: a document named by its file's number (003_...)
ILLUSTRATIVE_SOURCE = "Example figure, not from a published source"


def _without_files(text: str) -> str:
    """'x.csv (DfE release (SEN2)), Warwickshire' -> 'DfE release (SEN2), Warwickshire': a file named
    with its release in brackets becomes the release; a file named alone is left out."""
    out, pos = [], 0
    for match in _FILE_AT_START.finditer(text):
        if match.start() < pos:
            continue
        out.append(text[pos : match.start()])
        pos = match.end()
        if text[pos : pos + 1] == "(":
            depth, end = 0, pos
            for end in range(pos, len(text)):
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                if depth == 0:
                    break
            out.append(text[pos + 1 : end])
            pos = end + 1
    out.append(text[pos:])
    return "".join(out)


def source_title(source: str | None, titles: DocumentTitles) -> str:
    """A plan's or a data row's ``source`` as a person reads it: each document by its title (from the
    plan's ``documents``, see ``document_titles``), the part of it named in words; file names,
    folders and codes left out.

    '003_bc988dd4f38747a2.txt, Area 1, action 1.1.1' ->
    'Written Statement of Action, January 2022, section 5, area 1, action 1.1.1'.
    """
    if not source:
        return ""
    if source.strip().lower().startswith("illustrative sample data"):
        return ILLUSTRATIVE_SOURCE
    text = _SHORT_REF.sub(lambda m: f"{_short_title(m.group(1), titles)}, ", source)
    parts = []
    for part in text.split("; "):
        part = part.strip()
        document = titles.get(part.split(",")[0].strip())
        if document is not None:
            title, where = document
            rest = part.split(",", 1)[1].strip() if "," in part else ""
            rest = re.sub(r"^Area (\d)", r"area \1", rest)
            parts.append(f"{title}, {where if rest.startswith('area ') else ''}{rest}" if rest else title)
        else:
            parts.append(part)
    text = "; ".join(parts)
    text = _FOLDER.sub("(", text)
    text = _VIA.sub("", text)
    text = _without_files(text)
    text = _CODE.sub("", text)
    text = _ARROW.sub(" to ", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ,;")


def with_source_titles(text: str, sources: Iterable[str], titles: DocumentTitles) -> str:
    """``text`` with each of ``sources`` it quotes (a forecast's, in a chart's description) read by
    its title, as ``source_title`` gives it."""
    for source in sources:
        if source:
            text = text.replace(source, source_title(source, titles))
    return text


def _short_title(number: str, titles: DocumentTitles) -> str:
    for name, (title, _) in titles.items():
        if name.startswith(number + "_"):
            return title.split(",")[0]
    return number


# -- the order of a key -------------------------------------------------------------------------


def status_key(words: Mapping[Status, StatusWords]) -> list[tuple[Status, str, str]]:
    """(status, 'icon word', what it means) in the key's order."""
    return [(s, f"{ICONS[s]} {words[s].word}", words[s].explained) for s in STATUS_ORDER]
