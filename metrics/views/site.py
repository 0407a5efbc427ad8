"""What each page of the static public site shows (``python -m metrics publish``), as plain data.

Built from a ``PublicSnapshot`` only (``metrics.domain.public.public_snapshot``): what is not in the
snapshot cannot be shown, withheld values reach the pages only as their withheld text, and the plan's
withheld numbers only through the view functions that know about them (``plan_value_text`` and the
like). Every word comes from ``metrics.views.family_words`` and ``metrics.views.plain_english``; the
renderer (``metrics.render.site_html``) escapes it and lays it out, deciding nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from metrics.domain.context import ContextReading, context_reading
from metrics.domain.plan import ContextMeasure, IStatement, Plan
from metrics.domain.public import PublicSnapshot
from metrics.domain.rules import ActionStatus, MetricStatus
from metrics.domain.statistics import EMPTY_STATISTICS, Statistics
from metrics.domain.status import KEY_ORDER, Status, zero_counts
from metrics.views.audience import Audience, withheld_short
from metrics.views.chart import (
    ILLUSTRATIVE_LABEL,
    KpiChart,
    context_chart,
    context_definition_rows,
    definition_rows,
    kpi_chart,
    series_rows,
)
from metrics.views.family_words import (
    ACTION_WORDS,
    ILLUSTRATIVE_FIGURE,
    ILLUSTRATIVE_UPDATE,
    LEGEND,
    MEASURE_WORDS,
    TERMS,
    DocumentTitles,
    Term,
    document_titles,
    family_audience,
    source_title,
    split_terms,
    with_source_titles,
)
from metrics.views.formatting import format_date, format_value
from metrics.views.overview import by_area
from metrics.views.plain_english import (
    NO_PUBLIC_UPDATE,
    Abbreviations,
    assumed_start,
    better_means,
    count_sentence,
    figures_late,
    how_often,
    promise_sentence,
    what_happens_next,
    where_it_stands,
)
from metrics.views.ranking import plain_comparison
from metrics.views.wording import plan_point_text

SITE_NAME = "SEND improvement plan: our progress"
GENERIC_CONTACT = "Contact the parent carer forum"

# Pages by file name, in the menu's order: (file, menu label).
MENU: tuple[tuple[str, str], ...] = (
    ("index.html", "Our progress"),
    ("actions.html", "What we are doing"),
    ("about.html", "About this site"),
    ("feedback.html", "Tell us what you think"),
)


def measure_file(measure_id: str) -> str:
    return f"measures/{measure_id}.html"


def measure_csv(measure_id: str) -> str:
    return f"measures/{measure_id}.csv"


# -- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactDetails:
    """Where feedback goes: the plan's ``contact:`` or, with none, a generic line with no address."""

    name: str
    website: str | None = None
    email: str | None = None
    form: str | None = None

    @property
    def configured(self) -> bool:
        return bool(self.website or self.email or self.form)


@dataclass(frozen=True)
class Quote:
    """An "I statement" of the plan: what a measure should mean for families, in their words."""

    text: str  # as the plan writes it, without quotation marks
    who: str  # 'parent carers' ('' when the plan does not say whose words they are)
    source: str  # the document it is in, by its title ('' when the plan gives none)


@dataclass(frozen=True)
class MeasureCard:
    id: str
    title: str
    status: Status | None  # None: a context measure (no target, no status)
    figure: str  # '22 weeks', 'Fewer than 5', 'No figures yet'
    figure_date: dt.date | None
    illustrative: bool
    where: str  # where it stands, in a sentence or two
    promise: str  # 'To bring this down to 13 weeks by 31 Mar 2024.' ('' for a context measure)
    i_statement: Quote | None = None
    # What the live (Streamlit) site's cards also show; the static cards link to the measure's page instead.
    description: str = ""  # as the plan writes it
    next: str = ""  # what happens next (a context measure: its published forecasts, or '')
    comparison: str = ""  # how it compares with England and similar areas ('' with no published statistics)


@dataclass(frozen=True)
class AreaBlock:
    id: str
    title: str
    description: str
    summary: str  # '3 measures: 1 on track, 2 off track.'
    actions: int
    cards: tuple[MeasureCard, ...]
    context: tuple[MeasureCard, ...]


@dataclass(frozen=True)
class Progress:
    intro: str
    measures_sentence: str
    actions_sentence: str
    counts: tuple[tuple[Status, int], ...]  # measures by status, every status (0 included), in key order
    areas: tuple[AreaBlock, ...]


@dataclass(frozen=True)
class MeasurePage:
    id: str
    title: str
    area_id: str
    area_title: str
    status: Status | None
    description: str
    chart: KpiChart
    legend: tuple[tuple[str, str], ...]  # (key, words): each line and mark the chart draws
    events: tuple[tuple[int, dt.date, str], ...]  # (number on the chart, date, what happened)
    figure: str
    figure_date: dt.date | None
    illustrative: bool
    promise: str
    where: str
    next: str
    comparison: str
    table_columns: tuple[str, ...]
    table_rows: tuple[tuple[str, ...], ...]  # newest first
    facts: tuple[tuple[str, str], ...]  # the definition: (question, answer)
    csv_rows: tuple[dict, ...]
    i_statement: Quote | None = None


@dataclass(frozen=True)
class ActionItem:
    id: str
    title: str
    status: Status
    due: dt.date
    overdue: bool
    update: str
    update_date: dt.date | None
    illustrative: bool


@dataclass(frozen=True)
class ActionArea:
    id: str
    title: str
    summary: str
    items: tuple[ActionItem, ...]


@dataclass(frozen=True)
class Weakness:
    text: str  # as the inspectors wrote it
    area_id: str  # the part of the plan that answers it ('' when the plan does not say, or it is not public)
    area_title: str
    source: str


@dataclass(frozen=True)
class Inspection:
    """The inspection that led to the plan, from the plan's ``background`` (and nothing else)."""

    by: str
    when: str  # 'between 12 Jul 2021 and 16 Jul 2021' or 'on 16 Jul 2021'
    reported: str  # '14 Sep 2021' ('' when the plan does not say)
    summary: str
    weaknesses: tuple[Weakness, ...]
    source: str


@dataclass(frozen=True)
class Background:
    inspection: Inspection | None
    plan: tuple[tuple[str, str], ...]  # (paragraph, where it comes from)


@dataclass(frozen=True)
class AboutPage:
    """The about page's own parts (the Site carries the same fields)."""

    plan_title: str
    organisation: str
    terms: tuple[Term, ...]
    abbreviations: tuple[tuple[str, str], ...]
    sources: tuple[tuple[str, str], ...]
    suppress_below: int
    min_public_n: int
    tolerance_percent: str
    latest_figure: dt.date | None
    latest_update: dt.date | None
    background: Background | None


@dataclass(frozen=True)
class Site:
    plan_title: str
    organisation: str
    as_of: dt.date
    contact: ContactDetails
    progress: Progress
    measures: tuple[MeasurePage, ...]
    actions: tuple[ActionArea, ...]
    actions_sentence: str
    terms: tuple[Term, ...]
    abbreviations: tuple[tuple[str, str], ...]  # (abbreviation, spelt out) used on the site
    sources: tuple[tuple[str, str], ...]  # (measure title, where its figures come from)
    suppress_below: int
    min_public_n: int
    tolerance_percent: str  # '10%'
    latest_figure: dt.date | None
    latest_update: dt.date | None
    background: Background | None = None  # None: the plan says nothing about why it exists


# -- building it ----------------------------------------------------------------------------------


INTRO = (
    "This site shows how the partnership is doing against its plan to improve support for children and young "
    "people with special educational needs and disabilities (SEND) and their families. For each part of the plan "
    "you can see what was promised, where things stand now and what happens next."
)


def contact_details(plan: Plan) -> ContactDetails:
    contact = getattr(plan, "contact", None)
    if contact is None:
        return ContactDetails(GENERIC_CONTACT)
    return ContactDetails(contact.name, getattr(contact, "website", None), getattr(contact, "email", None), getattr(contact, "form", None))


def build_site(snapshot: PublicSnapshot, statistics: Statistics = EMPTY_STATISTICS) -> Site:
    """Every page's content, from the public snapshot (and the published statistics, all public)."""
    plan, status = snapshot.plan, snapshot.status
    audience = family_audience(plan.defaults)
    progress_model = progress(snapshot, statistics)
    area_titles = {a.id: a.title for a in plan.areas}
    pages = [_measure_page(s, snapshot, statistics, audience, area_titles) for s in status.metrics]
    pages += [_context_page(m, snapshot, statistics, audience, area_titles) for m in plan.context]
    about_model = about(snapshot)
    return Site(
        plan_title=about_model.plan_title,
        organisation=about_model.organisation,
        as_of=status.as_of,
        contact=contact_details(plan),
        progress=progress_model,
        measures=tuple(pages),
        actions=actions(snapshot),
        actions_sentence=progress_model.actions_sentence,
        terms=about_model.terms,
        abbreviations=about_model.abbreviations,
        sources=about_model.sources,
        suppress_below=about_model.suppress_below,
        min_public_n=about_model.min_public_n,
        tolerance_percent=about_model.tolerance_percent,
        latest_figure=about_model.latest_figure,
        latest_update=about_model.latest_update,
        background=about_model.background,
    )


def actions(snapshot: PublicSnapshot) -> tuple[ActionArea, ...]:
    """The actions page: each area with actions, in the plan's order, with its actions (the static
    site's actions.html and the live site's "What we are doing")."""
    words = Abbreviations()
    return tuple(
        ActionArea(
            s.area.id,
            words(s.area.title),
            count_sentence(_counts(s.actions), ACTION_WORDS, "action"),
            tuple(_action_item(a, words) for a in s.actions),
        )
        for s in by_area(snapshot.status)
        if s.actions
    )


def about(snapshot: PublicSnapshot) -> AboutPage:
    """The about page: why the plan exists, the words it uses, where its figures come from (the
    static site's about.html and the live site's "About this data")."""
    plan = snapshot.plan
    titles = document_titles(plan)
    glossary = Abbreviations()
    texts = _texts(snapshot)
    for text in texts:
        glossary(text)
    obs = snapshot.dataset.observations
    latest_figure = obs["date"].max().date() if len(obs) else None
    latest_update = max((u.date for u in snapshot.dataset.updates), default=None)
    return AboutPage(
        plan_title=plan.title,
        organisation=plan.organisation,
        terms=terms_used(plan, texts),
        abbreviations=tuple(glossary.used()),
        sources=tuple((m.title, source_title(m.source, titles)) for m in plan.measures),
        suppress_below=plan.defaults.suppress_below,
        min_public_n=plan.defaults.min_public_n,
        tolerance_percent=f"{plan.defaults.amber_tolerance * 100:g}%",
        latest_figure=latest_figure,
        latest_update=latest_update,
        background=background(plan),
    )


def progress(snapshot: PublicSnapshot, statistics: Statistics = EMPTY_STATISTICS) -> Progress:
    """The progress page: the summary of every measure and action, then each area with its cards
    (the static site's index.html and the live site's "Our progress")."""
    status = snapshot.status
    words = Abbreviations()
    titles = document_titles(snapshot.plan)
    blocks = []
    for summary in by_area(status):
        cards = tuple(_card(s, words, titles, statistics) for s in summary.metrics)
        context = tuple(_context_card(m, snapshot, words, statistics) for m in summary.context)
        counts = _counts(summary.metrics)
        if summary.metrics:
            sentence = count_sentence(counts, MEASURE_WORDS, "measure")
        elif summary.context:
            sentence = "Figures shown for context only, with no target."
        else:
            sentence = "No measures in this part of the plan, only actions."
        blocks.append(
            AreaBlock(summary.area.id, words(summary.area.title), words(summary.area.description or ""), sentence, len(summary.actions), cards, context)
        )
    counts = _counts(status.metrics)
    return Progress(
        intro=words(INTRO),
        measures_sentence=count_sentence(counts, MEASURE_WORDS, "measure"),
        actions_sentence=count_sentence(_counts(status.actions), ACTION_WORDS, "action"),
        counts=tuple((s, counts[s]) for s in KEY_ORDER),
        areas=tuple(blocks),
    )


def measure_page(snapshot: PublicSnapshot, statistics: Statistics, measure_id: str) -> MeasurePage | None:
    """One measure's page (a measure with a target or one shown for context), or None when the
    public snapshot has no measure with that id."""
    plan = snapshot.plan
    audience = family_audience(plan.defaults)
    area_titles = {a.id: a.title for a in plan.areas}
    status = snapshot.status.metric(measure_id)
    if status is not None:
        return _measure_page(status, snapshot, statistics, audience, area_titles)
    context = next((m for m in plan.context if m.id == measure_id), None)
    return _context_page(context, snapshot, statistics, audience, area_titles) if context is not None else None


def quote(statement: IStatement | None, titles: DocumentTitles) -> Quote | None:
    if statement is None:
        return None
    return Quote(statement.text, statement.who or "", source_title(statement.source, titles))


def background(plan: Plan) -> Background | None:
    """The plan's ``background``, ready to show: dates in words, sources by their titles, each
    weakness with the public part of the plan that answers it."""
    given = plan.background
    if given is None or (given.inspection is None and not given.plan):
        return None
    titles = document_titles(plan)
    inspection = None
    if given.inspection is not None:
        i = given.inspection
        areas = {a.id: a.title for a in plan.areas}  # the public plan's areas: an internal one is not linked
        when = f"between {format_date(i.start)} and {format_date(i.end)}" if i.start is not None and i.start != i.end else f"on {format_date(i.end)}"
        weaknesses = tuple(
            Weakness(w.text, w.area if w.area in areas else "", areas.get(w.area or "", ""), source_title(w.source, titles)) for w in i.weaknesses
        )
        reported = format_date(i.reported) if i.reported is not None else ""
        inspection = Inspection(i.by, when, reported, i.summary or "", weaknesses, source_title(i.source, titles))
    return Background(inspection, tuple((p.text, source_title(p.source, titles)) for p in given.plan))


# Terms that name parts of a plan: explained only when this plan's words use them (another area's
# plan may have no Written Statement of Action and no strategy). The others are the site's own words.
PLAN_TERMS = ("wsoa", "strategy-priority", "i-statement")


def terms_used(plan: Plan, texts: list[str]) -> tuple[Term, ...]:
    words = "\n".join(texts)
    statements = any(m.i_statement is not None for m in plan.measures)
    return tuple(
        t for t in TERMS
        if t.anchor not in PLAN_TERMS or (statements if t.anchor == "i-statement" else any(term for _, term in split_terms(words, (t.anchor,))))
    )


def _counts(items) -> dict[Status, int]:
    out = zero_counts()
    for item in items:
        out[item.status] += 1
    return out


def _figure(s: MetricStatus) -> str:
    if s.latest_date is None:
        return MEASURE_WORDS[Status.GREY].word if s.basis.name == "NO_DATA" else "No figures"
    if s.withheld is not None:
        return withheld_short(s.withheld)
    return format_value(s.latest_value, s.metric.unit)


def _compared(statistics: Statistics, measure_id: str, unit: str) -> str:
    comparison = statistics.comparison(measure_id)
    return plain_comparison(comparison, unit) if comparison is not None else ""


def _card(s: MetricStatus, words: Abbreviations, titles: DocumentTitles, statistics: Statistics = EMPTY_STATISTICS) -> MeasureCard:
    where = where_it_stands(s)
    late = figures_late(s)
    return MeasureCard(
        s.metric.id,
        words(s.metric.title),
        s.status,
        _figure(s),
        s.latest_date,
        bool(s.latest_illustrative and s.latest_date),
        " ".join(p for p in (where, late) if p),
        promise_sentence(s),
        quote(s.metric.i_statement, titles),
        description=s.metric.description or "",
        next=what_happens_next(s),
        comparison=_compared(statistics, s.metric.id, s.metric.unit),
    )


def _context_figure(reading: ContextReading) -> str:
    if reading.latest_date is None:
        return "No figures yet"
    if reading.withheld is not None:
        return withheld_short(reading.withheld)
    return format_value(reading.latest_value, reading.measure.unit)


def _context_card(measure: ContextMeasure, snapshot: PublicSnapshot, words: Abbreviations, statistics: Statistics = EMPTY_STATISTICS) -> MeasureCard:
    reading = context_reading(measure, snapshot.dataset.series(measure.id), snapshot.status.as_of)
    where = "Shown for context: there is no target for this, so it is not marked on track or off track."
    titles = document_titles(snapshot.plan)
    return MeasureCard(
        measure.id, words(measure.title), None, _context_figure(reading), reading.latest_date, bool(reading.latest_illustrative and reading.latest_date), where, "",
        quote(measure.i_statement, titles),
        description=measure.description or "",
        next=_forecasts(measure, titles),
        comparison=_compared(statistics, measure.id, measure.unit),
    )


def _forecasts(measure: ContextMeasure, titles: DocumentTitles) -> str:
    return " ".join(
        f"A forecast of {format_value(f.value, measure.unit)} by {format_date(f.date)} has been published{f' ({source_title(f.source, titles)})' if f.source else ''}; it is a forecast, not a figure."
        for f in measure.forecasts
    )


def _legend(chart: KpiChart) -> tuple[tuple[str, str], ...]:
    keys = []
    if len(chart.published):
        keys.append("published")
    if len(chart.illustrative):
        keys.append("illustrative")
    if chart.trajectory:
        keys.append("plan")
    keys += ["england" if line.kind == "england" else "neighbours" for line in chart.comparisons]
    if chart.forecasts:
        keys.append("forecast")
    keys += [kind for kind in ("baseline", "milestone", "target") if any(m.kind == kind for m in chart.markers)]
    if chart.band:
        keys.append("band")
    if chart.projection:
        keys.append("projection")
    if chart.events:
        keys.append("event")
    return tuple((k, LEGEND[k]) for k in keys)


def _table(rows: list[dict], surveys: bool, titles: DocumentTitles) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    columns = ("Date", "Figure", "Type of figure") + (("Responses",) if surveys else ()) + ("Where it comes from",)
    body = []
    for r in rows[::-1]:
        made_up = r["figure"] == ILLUSTRATIVE_LABEL
        kind = ILLUSTRATIVE_FIGURE if made_up else "Published figure"
        source = "None: an example" if made_up else source_title(r["source"], titles)
        cells = [format_date(r["date"]), r["value_text"], kind] + ([f"{r['n']:,}" if r["n"] is not None else ""] if surveys else []) + [source]
        body.append(tuple(cells))
    return columns, tuple(body)


def _csv_rows(rows: list[dict], unit: str, titles: DocumentTitles) -> tuple[dict, ...]:
    """One row per public figure: a withheld one has no value, only its words ('fewer than 5')."""
    out = []
    for r in rows:
        shown = not isinstance(r["value"], str)
        out.append({
            "date": r["date"].isoformat(),
            "value": f"{r['value']:.10g}" if shown else "",  # 57800, 52.9: no thousands separator, no exponent
            "shown_as": r["value_text"],
            "unit": unit,
            "type_of_figure": ILLUSTRATIVE_FIGURE if r["figure"] == ILLUSTRATIVE_LABEL else "Published figure",
            "responses": "" if r["n"] is None else str(r["n"]),
            "source": source_title(r["source"], titles),
        })
    return tuple(out)


def _family(text: str) -> str:
    """The chart's sentences in the families' words for figures that are not published ones."""
    return text.replace(" (assumed)", " (an estimate)").replace(" (illustrative)", " (an example figure)").replace("illustrative value", "example figure")


def _worded(chart: KpiChart) -> KpiChart:
    return dataclasses.replace(chart, summary=_family(chart.summary), alt_text=_family(chart.alt_text))


def _question(label: str) -> str:
    """The definition's questions in this vocabulary: the tolerance band is 'a little behind'."""
    return label.replace("'behind plan'", f"'{MEASURE_WORDS[Status.AMBER].meaning}'")


def _events(chart: KpiChart) -> tuple[tuple[int, dt.date, str], ...]:
    return tuple((n, when, label) for n, (when, label) in enumerate(chart.events, start=1))


def _measure_page(s: MetricStatus, snapshot: PublicSnapshot, statistics: Statistics, audience: Audience, area_titles: dict[str, str]) -> MeasurePage:
    m = s.metric
    series = snapshot.dataset.series(m.id).upto(s.as_of)
    comparison = statistics.comparison(m.id)
    chart = _worded(kpi_chart(s, series, audience, comparison))
    titles = document_titles(snapshot.plan)
    rows = series_rows(s, series)
    columns, body = _table(rows, any(r["n"] is not None for r in rows), titles)
    facts = [(q, source_title(a, titles) if q == "Where the figures come from" else a) for q, a in definition_rows(s, audience)]
    start = plan_point_text(s, "baseline", m.baseline, by=False)
    promise = f"{promise_sentence(s)} Starting point: {start}.{assumed_start(m)} {better_means(m)}"
    return MeasurePage(
        id=m.id,
        title=m.title,
        area_id=m.area,
        area_title=area_titles.get(m.area, ""),
        status=s.status,
        description=m.description or "",
        chart=chart,
        legend=_legend(chart),
        events=_events(chart),
        figure=_figure(s),
        figure_date=s.latest_date,
        illustrative=bool(s.latest_illustrative and s.latest_date),
        promise=promise.replace(" (assumed)", " (an estimate)"),
        where=" ".join(p for p in (where_it_stands(s), figures_late(s)) if p),
        next=what_happens_next(s),
        comparison=plain_comparison(comparison, m.unit) if comparison is not None else "",
        table_columns=columns,
        table_rows=body,
        facts=tuple((_question(q), a.replace(" (assumed)", " (an estimate)")) for q, a in facts),
        csv_rows=_csv_rows(rows, m.unit, titles),
        i_statement=quote(m.i_statement, titles),
    )


def _context_page(measure: ContextMeasure, snapshot: PublicSnapshot, statistics: Statistics, audience: Audience, area_titles: dict[str, str]) -> MeasurePage:
    series = snapshot.dataset.series(measure.id).upto(snapshot.status.as_of)
    reading = context_reading(measure, series, snapshot.status.as_of)
    comparison = statistics.comparison(measure.id)
    chart = _worded(context_chart(reading, series, audience, comparison))
    named = [f.source for f in measure.forecasts if f.source]  # a forecast names its document: by its title
    titles = document_titles(snapshot.plan)

    def retitle(text: str) -> str:
        return with_source_titles(text, named, titles)

    chart = dataclasses.replace(chart, alt_text=retitle(chart.alt_text), summary=retitle(chart.summary))
    rows = series_rows(reading, series)
    columns, body = _table(rows, any(r["n"] is not None for r in rows), titles)
    facts = [(q, source_title(a, titles) if q == "Where the figures come from" else retitle(a)) for q, a in context_definition_rows(reading, audience)]
    forecasts = _forecasts(measure, titles)
    return MeasurePage(
        id=measure.id,
        title=measure.title,
        area_id=measure.area,
        area_title=area_titles.get(measure.area, ""),
        status=None,
        description=measure.description or "",
        chart=chart,
        legend=_legend(chart),
        events=_events(chart),
        figure=_context_figure(reading),
        figure_date=reading.latest_date,
        illustrative=bool(reading.latest_illustrative and reading.latest_date),
        promise="",
        where="Shown for context: there is no target for this, so it is not marked on track or off track."
        + (" We do not publish this figure exactly, so that no one can be identified." if reading.withheld is not None else ""),
        next=forecasts or f"We update these figures {how_often(measure.frequency)}.",
        comparison=plain_comparison(comparison, measure.unit) if comparison is not None else "",
        table_columns=columns,
        table_rows=body,
        facts=tuple(facts),
        csv_rows=_csv_rows(rows, measure.unit, titles),
        i_statement=quote(measure.i_statement, titles),
    )


def _action_item(s: ActionStatus, words: Abbreviations) -> ActionItem:
    latest = s.latest
    text = (latest.narrative or "").strip() if latest else ""
    illustrative = bool(text and latest is not None and latest.illustrative)
    return ActionItem(
        s.action.id,
        words(s.action.title),
        s.status,
        s.action.due,
        s.overdue,
        words(text) if text else NO_PUBLIC_UPDATE,
        latest.date if latest is not None and text else None,
        illustrative,
    )


def _texts(snapshot: PublicSnapshot) -> list[str]:
    """The plan's words the site shows, for the list of abbreviations."""
    plan = snapshot.plan
    titles = document_titles(plan)
    texts = [plan.title, plan.organisation, INTRO]
    for area in plan.areas:
        texts += [area.title, area.description or ""]
    for m in plan.measures:
        texts += [m.title, m.description or "", source_title(m.source, titles), *(e.label for e in m.events)]
        if m.i_statement is not None:
            texts += [m.i_statement.text, m.i_statement.who or ""]
    if plan.background is not None:
        if plan.background.inspection is not None:
            texts += [plan.background.inspection.by, plan.background.inspection.summary or ""]
            texts += [w.text for w in plan.background.inspection.weaknesses]
        texts += [p.text for p in plan.background.plan]
    for a in plan.actions:
        texts.append(a.title)
    for s in snapshot.status.actions:
        if s.latest is not None:
            texts.append(s.latest.narrative)
    return texts


__all__ = [
    "ILLUSTRATIVE_UPDATE",
    "MENU",
    "AboutPage",
    "ActionArea",
    "ActionItem",
    "AreaBlock",
    "Background",
    "ContactDetails",
    "Inspection",
    "MeasureCard",
    "MeasurePage",
    "Progress",
    "Quote",
    "Site",
    "Weakness",
    "about",
    "actions",
    "background",
    "build_site",
    "contact_details",
    "measure_csv",
    "measure_file",
    "measure_page",
    "progress",
    "quote",
    "terms_used",
]
