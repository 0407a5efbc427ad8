"""The board reports: a progress report (the whole plan, area by area) and an exception report
(only what needs the board's attention), as one self-contained HTML file that prints to A4.

``build_report`` makes the report model (plain data: statuses, charts, tables); ``render_html``
turns it into HTML with inline CSS and its charts as SVG `data:` images, so the file opens with no network.
``metrics.render.pdf`` turns that HTML into a PDF (page numbers and the contents' page numbers come from
the ``@page`` CSS here). Pure Python: the CLI (``python -m metrics report``) and the Reports page
both call it, so they give the same report.

The public variant is built from ``metrics.domain.public.public_snapshot`` only: public items, small
numbers suppressed, public narratives, no notes, no data file names.

Every text from the plan or the data is HTML-escaped; texts placed in CSS are CSS-escaped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from metrics.domain.context import ContextReading, context_reading
from metrics.domain.control import metric_spc
from metrics.domain.data import Dataset, Series
from metrics.domain.plan import Area, ContextMeasure, Plan
from metrics.domain.public import public_snapshot
from metrics.domain.rules import ActionStatus, MetricStatus, PlanStatus, plan_status
from metrics.domain.spc import MIN_POINTS
from metrics.domain.statistics import EMPTY_STATISTICS, Comparison, Statistics
from metrics.domain.status import KEY_ORDER, PROGRESS_SCALE, Status, zero_counts
from metrics.views.audience import Audience
from metrics.views.benchmark import comparison_line
from metrics.views.chart import KpiChart, context_chart, kpi_chart
from metrics.views.family_words import (
    DocumentTitles,
    document_titles,
    source_title,
    with_source_titles,
)
from metrics.views.formatting import format_date
from metrics.views.offtrack import OffTrackItem, off_track
from metrics.views.overview import by_area
from metrics.views.sources import GLOSSARY
from metrics.views.wording import metric_reason

KINDS: tuple[str, ...] = ("progress", "exception")
KIND_TITLES = {"progress": "Progress report", "exception": "Exception report"}
COMPARISON_MONTHS = 3  # "the previous quarter"


# -- dates -----------------------------------------------------------------------------------


def months_before(day: dt.date, months: int = COMPARISON_MONTHS) -> dt.date:
    """The same day ``months`` calendar months earlier (31 May -> 28/29 Feb for three months)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_since(as_of: dt.date) -> dt.date:
    """The comparison date when none is given: the as-of date a quarter (three months) earlier."""
    return months_before(as_of, COMPARISON_MONTHS)


# -- the model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpcIcons:
    """The "Making Data Count" variation and assurance icons of one KPI, in words."""

    variation: str  # common_cause, improvement_high, improvement_low, concern_high, concern_low
    variation_label: str
    assurance: str | None  # consistent_pass, consistent_fail, inconsistent, or None
    assurance_label: str | None
    points: int


@dataclass(frozen=True)
class KpiEntry:
    status: MetricStatus
    then: MetricStatus | None  # the same KPI at the comparison date
    chart: KpiChart
    spc: SpcIcons | None
    area_title: str
    comparison: str = ""  # '2024: England 46.4%, similar areas 33.5%; 126th of 151', or ''


@dataclass(frozen=True)
class ActionEntry:
    status: ActionStatus
    then: ActionStatus | None
    area_title: str


@dataclass(frozen=True)
class ContextEntry:
    """A context measure in the progress report: its latest figure and chart, no status."""

    reading: ContextReading
    chart: KpiChart
    comparison: str  # 'England 46.4%, similar areas 34.1%; 126th of 151' or ''
    source: str = ""  # where its figures come from, as the audience reads it (families: by document title)


@dataclass(frozen=True)
class AreaEntry:
    area: Area
    kpis: tuple[KpiEntry, ...]
    actions: tuple[ActionEntry, ...]
    actions_sentence: str
    context: tuple[ContextEntry, ...] = ()


@dataclass(frozen=True)
class Change:
    """One item's status at the comparison date and at the as-of date."""

    kind: str  # "KPI" or "Action"
    id: str
    title: str
    area_title: str
    then: Status
    now: Status
    reason: str

    @property
    def changed(self) -> bool:
        return self.then is not self.now

    @property
    def direction(self) -> str:
        """'better', 'worse', 'no change', or from grey (no data then) 'first data', to grey 'changed'."""
        if not self.changed:
            return "no change"
        if self.then in PROGRESS_SCALE and self.now in PROGRESS_SCALE:
            return "better" if PROGRESS_SCALE.index(self.now) > PROGRESS_SCALE.index(self.then) else "worse"
        return "first data" if self.then is Status.GREY else "changed"


@dataclass(frozen=True)
class SourceRow:
    title: str
    kind: str
    source: str
    observed: str  # the sources named on the observations


@dataclass(frozen=True)
class Report:
    kind: str
    audience: Audience
    plan_title: str
    organisation: str
    as_of: dt.date
    since: dt.date
    generated_on: dt.date
    counts: dict[str, dict[str, int]]  # {"KPIs": {status: n}, "Actions": {status: n}}
    areas: tuple[AreaEntry, ...]
    comparison: tuple[Change, ...]  # every KPI: status at `since` -> now, in plan order
    then: dict[tuple[str, str], str]  # ("metric" or "action", id) -> status at `since`
    changes: tuple[Change, ...]  # KPIs whose status changed since `since`, worst first
    attention: tuple[OffTrackItem, ...]  # exception report: worst first, nothing blue
    attention_kpis: tuple[KpiEntry, ...]  # the red and amber KPIs, worst first
    overdue_actions: tuple[ActionEntry, ...]
    overdue_data: tuple[KpiEntry, ...]
    sources: tuple[SourceRow, ...]
    data_files: tuple[str, ...]
    glossary: tuple[tuple[str, str], ...]
    sections: tuple[tuple[str, str], ...] = field(default=())  # (anchor id, heading), in order

    @property
    def public(self) -> bool:
        return self.audience.public

    @property
    def title(self) -> str:
        suffix = " (public version)" if self.public else ""
        return f"{KIND_TITLES[self.kind]}{suffix}: {self.plan_title}"

    @property
    def newly_overdue(self) -> tuple[ActionEntry, ...]:
        """The overdue actions (exception report) that were not overdue at the comparison date."""
        return tuple(a for a in self.overdue_actions if a.then is None or not a.then.overdue)

    @property
    def total_counts(self) -> dict[Status, int]:
        return {s: self.counts["KPIs"][s] + self.counts["Actions"][s] for s in KEY_ORDER}


def build_report(
    plan: Plan,
    dataset: Dataset,
    as_of: dt.date,
    *,
    kind: str = "progress",
    since: dt.date | None = None,
    audience: Audience,
    generated_on: dt.date | None = None,
    statistics: Statistics = EMPTY_STATISTICS,
) -> Report:
    """The report of ``kind`` at ``as_of``, compared with ``since`` (default: a quarter earlier).

    Raises ValueError for an unknown kind, or a comparison date that is not before the as-of date.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown report kind '{kind}' (use {' or '.join(KINDS)})")
    since = default_since(as_of) if since is None else since
    if since >= as_of:
        raise ValueError(f"the comparison date {since.isoformat()} must be before the as-of date {as_of.isoformat()}")
    public = audience.public
    if public:
        snapshot = public_snapshot(plan, dataset, as_of)
        now, data = snapshot.status, snapshot.dataset
        then = public_snapshot(plan, dataset, since).status
    else:
        now, data = plan_status(plan, dataset, as_of), dataset
        then = plan_status(plan, dataset, since)
    titles = {a.id: a.title for a in now.plan.areas}
    documents = document_titles(plan)

    def sourced(text: str) -> str:
        """A source as this report's reader reads it: families by document title (never a file or
        folder name, as on their site); the board as the plan writes it, files included, to trace."""
        return source_title(text, documents) if public and text else text

    then_metrics = {s.metric.id: s for s in then.metrics}
    then_actions = {s.action.id: s for s in then.actions}

    kpi_cache: dict[str, KpiEntry] = {}

    def kpi(s: MetricStatus) -> KpiEntry:
        if s.metric.id not in kpi_cache:
            kpi_cache[s.metric.id] = _kpi_entry(s, then_metrics.get(s.metric.id), data.series(s.metric.id), titles, audience, statistics.comparison(s.metric.id))
        return kpi_cache[s.metric.id]

    def action(s: ActionStatus) -> ActionEntry:
        return ActionEntry(s, then_actions.get(s.action.id), titles.get(s.action.area, s.action.area))

    counts = {"KPIs": zero_counts(), "Actions": zero_counts()}
    for s in now.metrics:
        counts["KPIs"][s.status] += 1
    for s in now.actions:
        counts["Actions"][s.status] += 1

    comparison = tuple(
        Change("KPI", s.metric.id, s.metric.title, titles.get(s.metric.area, s.metric.area), then_metrics[s.metric.id].status, s.status, metric_reason(s, audience))
        for s in now.metrics
    )
    changed = [c for c in comparison if c.changed]
    # worst first: by the status now, then the biggest fall first; ties keep the plan's order
    changes = tuple(sorted(changed, key=lambda c: (c.now.rank, c.now.rank - c.then.rank)))

    areas: tuple[AreaEntry, ...] = ()
    attention: tuple[OffTrackItem, ...] = ()
    attention_kpis: tuple[KpiEntry, ...] = ()
    overdue_actions: tuple[ActionEntry, ...] = ()
    overdue_data: tuple[KpiEntry, ...] = ()
    if kind == "progress":
        areas = tuple(
            AreaEntry(
                a.area, tuple(kpi(s) for s in a.metrics), tuple(action(s) for s in a.actions), a.actions_sentence(audience),
                tuple(_context_entry(m, data.series(m.id), as_of, audience, statistics.comparison(m.id), sourced, documents) for m in a.context),
            )
            for a in by_area(now)
        )
    else:
        attention = tuple(item for item in off_track(now, audience) if item.status is not Status.BLUE)
        by_id = {s.metric.id: s for s in now.metrics}
        actions_by_id = {s.action.id: s for s in now.actions}
        attention_kpis = tuple(kpi(by_id[i.id]) for i in attention if i.kind == "metric" and i.status in (Status.RED, Status.AMBER))
        overdue_actions = tuple(action(actions_by_id[i.id]) for i in attention if i.kind == "action")
        overdue_data = tuple(kpi(by_id[i.id]) for i in attention if i.kind == "metric" and i.data_overdue)

    report = Report(
        kind=kind,
        audience=audience,
        plan_title=plan.title,
        organisation=plan.organisation,
        as_of=as_of,
        since=since,
        generated_on=generated_on or dt.date.today(),
        counts=counts,
        areas=areas,
        comparison=comparison,
        then={**{("metric", k): v.status for k, v in then_metrics.items()}, **{("action", k): v.status for k, v in then_actions.items()}},
        changes=changes,
        attention=attention,
        attention_kpis=attention_kpis,
        overdue_actions=overdue_actions,
        overdue_data=overdue_data,
        sources=_sources(now, data, sourced) if kind == "progress" else (),
        data_files=() if public else tuple(dataset.files),
        glossary=glossary(audience, _texts(now) + "\nKPI"),  # the report itself speaks of KPIs
    )
    return _with_sections(report)


def _context_entry(
    measure: ContextMeasure, series: Series, as_of: dt.date, audience: Audience, comparison: Comparison | None, sourced: Callable[[str], str], documents: DocumentTitles
) -> ContextEntry:
    reading = context_reading(measure, series, as_of)
    line = comparison_line(comparison, measure.unit) if comparison is not None else ""
    chart = context_chart(reading, series, audience, comparison)
    if audience.public:  # a forecast's source, quoted in the chart's words: by its title
        named = [f.source for f in measure.forecasts if f.source]
        chart = replace(chart, alt_text=with_source_titles(chart.alt_text, named, documents), summary=with_source_titles(chart.summary, named, documents))
    return ContextEntry(reading, chart, line, sourced(measure.source))


def _with_sections(report: Report) -> Report:
    since = format_date(report.since)
    if report.kind == "progress":
        quarter = "the previous quarter, " if report.since == default_since(report.as_of) else ""
        sections = [("summary", "Summary"), ("comparison", f"Comparison with {quarter}{since}")]
        sections += [(area_anchor(a.area.id), a.area.title) for a in report.areas]
        sections += [("sources", "Sources"), ("glossary", "Glossary")]
    else:
        sections = [
            ("summary", "Summary"),
            ("attention", "Needs the board's attention"),
            ("kpis", "Red and amber KPIs"),
            ("overdue-actions", "Overdue actions"),
            ("overdue-data", "Overdue data"),
            ("changes", f"Status changes since {since}"),
            ("glossary", "Glossary"),
        ]
    return Report(**{**report.__dict__, "sections": tuple(sections)})


def anchor_id(prefix: str, ident: str) -> str:
    return f"{prefix}-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in ident)


def area_anchor(area_id: str) -> str:
    return anchor_id("area", area_id)


def _kpi_entry(s: MetricStatus, then: MetricStatus | None, series: Series, titles: dict[str, str], audience: Audience, comparison: Comparison | None = None) -> KpiEntry:
    return KpiEntry(
        status=s,
        then=then,
        chart=kpi_chart(s, series, audience, comparison),
        spc=spc_icons(s, series, audience),
        area_title=titles.get(s.metric.area, s.metric.area),
        comparison=comparison_line(comparison, s.metric.unit) if comparison is not None else "",
    )


def spc_icons(s: MetricStatus, series: Series, audience: Audience) -> SpcIcons | None:
    """SPC icons when the KPI has enough values for SPC (``MIN_POINTS``), none withheld."""
    seen = series.upto(s.as_of)
    if len(seen) < MIN_POINTS:
        return None
    if any(w is not None for w in seen.withheld) or (audience.public and s.metric.suppress_small):
        return None  # limits through suppressed values would give them away
    try:
        spc = metric_spc(s.metric, seen, s.as_of)
    except (ValueError, TypeError):
        return None
    result = spc.result
    if result is None:
        return None
    return SpcIcons(result.variation, result.variation_label, result.assurance, result.assurance_label, len(seen))


def _sources(status: PlanStatus, data: Dataset, sourced: Callable[[str], str]) -> tuple[SourceRow, ...]:
    rows = []
    for s in status.metrics:
        seen = data.series(s.metric.id).upto(status.as_of)
        observed = "; ".join(dict.fromkeys(x for x in seen.sources if x))
        rows.append(SourceRow(s.metric.title, "KPI", sourced(s.metric.source), sourced(observed)))
    for a in status.actions:
        rows.append(SourceRow(a.action.title, "Action", sourced(a.action.source or ""), ""))
    return tuple(rows)


def _texts(status: PlanStatus) -> str:
    """Every text of the plan and its statuses that the report may show (to pick glossary terms)."""
    plan = status.plan
    parts = [plan.title, plan.organisation]
    parts += [t for a in plan.areas for t in (a.title, a.description or "")]
    parts += [t for s in status.metrics for t in (s.metric.title, s.metric.unit, s.metric.source, s.metric.lead, metric_reason(s))]
    parts += [t for s in status.actions for t in (s.action.title, s.action.lead, s.action.source or "", s.latest.narrative if s.latest else "")]
    return "\n".join(parts)


def _used(term: str, text: str) -> bool:
    """Whether any spelling of a glossary term ('EHCP / EHC plan') occurs in the text as a word."""
    for spelling in term.split("/"):
        spelling = spelling.strip()
        if spelling and re.search(rf"(?<![\w-]){re.escape(spelling)}s?(?![\w-])", text, flags=0 if spelling.isupper() else re.IGNORECASE):
            return True
    return False


def glossary(audience: Audience, text: str | None = None) -> tuple[tuple[str, str], ...]:
    """The words the report uses, then the plan's abbreviations (metrics.views.sources) that occur
    in ``text`` (all of them when no text is given)."""
    metric_scale = "; ".join(f"{w.word}: {w.meaning}" for w in audience.metric_words.values())
    action_scale = "; ".join(f"{w.word}: {w.meaning}" for w in audience.action_words.values())
    if audience.public:
        scale = ("Status words", f"For a measure: {metric_scale}. For an action: {action_scale}.")
    else:
        scale = ("BRAG (Blue, Red, Amber, Green, Grey)", f"The status scale. For a KPI: {metric_scale}. For an action: {action_scale}.")
    terms = [
        scale,
        ("Trajectory", "The planned path from the baseline through the milestones to the target."),
        ("Tolerance", "How far behind the trajectory a KPI may be and still be Amber rather than Red."),
        ("Projection", "Where a straight line through the latest values (up to six) leads by the target date. It does not change the status."),
        ("Data overdue", "No new value for one and a half reporting periods."),
        ("Illustrative value", "A value made up for the demonstration, not a published figure (hollow circles on the charts)."),
        (f"Fewer than {audience.suppress_below}", "A small number not shown, so that no child can be identified."),
    ]
    if not audience.public:
        terms.append(("SPC", f"Statistical process control (NHS \"Making Data Count\"): tells real change from normal variation once a KPI has at least {MIN_POINTS} values."))
    seen = {t.split(" ")[0].casefold() for t, _ in terms}
    terms += [(t, m) for t, m in GLOSSARY if t.casefold() not in seen and (text is None or _used(t, text))]
    return tuple(terms)


# -- conveniences ----------------------------------------------------------------------------


def file_name(report: Report, extension: str) -> str:
    """'progress-report-2025-08-01.html', 'exception-report-2025-08-01-public.pdf'."""
    return f"{report.kind}-report-{report.as_of.isoformat()}{'-public' if report.public else ''}.{extension}"


__all__ = [
    "KINDS",
    "Report",
    "build_report",
    "default_since",
    "file_name",
    "months_before",
]
