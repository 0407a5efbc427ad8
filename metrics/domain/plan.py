"""The plan (targets.yaml): areas, metrics with baseline, milestones and target, and actions.

Declared once as frozen pydantic models with ``extra="forbid"``; ``docs/targets.md`` documents
every field and a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from metrics.domain.problems import Problem
from metrics.domain.yamlsource import LocatedYaml, format_path, read_yaml

Direction = Literal["increase", "decrease"]
Frequency = Literal["monthly", "quarterly", "termly", "annual"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)  # every date, in the plan and the data
DATE_RANGE = f"dates must lie between {FIRST_DATE} and {LAST_DATE}"


def parse_date(value: Any) -> dt.date:
    """A real calendar date written YYYY-MM-DD; nothing else (no timestamps, no 1/2/2023)."""
    if value is None:
        raise ValueError("is empty (give a date, YYYY-MM-DD)")
    if isinstance(value, dt.datetime):
        raise ValueError(f"'{value}' is a date and time; give the date only (YYYY-MM-DD)")
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a real date (use YYYY-MM-DD)") from None
    else:
        raise ValueError(f"'{value}' is not a date (use YYYY-MM-DD)")
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"{day} is out of range: {DATE_RANGE}")
    return day


MAX_NUMBER = 1e15  # every number, in the plan and the data, lies between -1e15 and 1e15


def parse_number(value: Any) -> float:
    if value is None:
        raise ValueError("is empty (give a number)")
    if isinstance(value, bool):  # YAML 1.1 reads true/false, yes/no, on/off as flags
        raise ValueError("YAML reads this as true/false, not a number")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"'{value}' is not a finite number")
    if abs(value) > MAX_NUMBER:  # compared as given: float() of a 400-digit whole number overflows
        raise ValueError(f"{value:g} is too large: a number must lie between -1e15 and 1e15" if isinstance(value, float) else f"a number of {len(str(abs(value)))} digits is too large: a number must lie between -1e15 and 1e15")
    return float(value)


def parse_text(value: Any) -> str:
    if value is None:
        raise ValueError("is empty")
    if isinstance(value, bool):
        raise ValueError("YAML reads this as true/false, not text (put it in quotes)")
    if not isinstance(value, str):
        raise ValueError(f"'{value}' is not text (put it in quotes)")
    if not value.strip():
        raise ValueError("is empty")
    return value.strip()


def parse_id(value: Any) -> str:
    if value is None:
        raise ValueError("is empty (give an id)")
    if isinstance(value, bool):
        raise ValueError("YAML reads this as true/false, not an id (put it in quotes)")
    if not isinstance(value, str):
        raise ValueError(f"'{value}' is not an id (put it in quotes: letters, digits, '_', '-' or '.')")
    if not _ID.match(value):
        raise ValueError(f"'{value}' is not a valid id (use letters, digits, '_', '-' or '.', no spaces)")
    return value


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        raise ValueError("is empty (give true or false)")
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "yes", "no"}:
        raise ValueError(f"'{value}' is text in quotes; write true or false without quotes")
    raise ValueError(f"'{value}' is not true or false")


_HTTPS = re.compile(r"^https://[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?#][^\s\"'<>\\`{}|^]*)?$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+$")


def parse_https(value: Any) -> str:
    """A web address readers can follow safely: https:// and a host name, no spaces or quotes."""
    text = parse_text(value)
    if re.match(r"^http://", text, re.I):
        raise ValueError(f"'{text}' starts with http://: give the secure address, starting https://")
    if not re.match(r"^https://", text, re.I):
        raise ValueError(f"'{text}' is not a web address: give the full address, starting https:// (e.g. https://www.example.org/feedback)")
    if not _HTTPS.match("https://" + text[8:]):
        raise ValueError(f"'{text}' is not a valid web address: after https:// give a host name, then any path, with no spaces, quotes or angle brackets")
    return "https://" + text[8:]


def parse_email(value: Any) -> str:
    """An email address as name@host.domain (no display name, no 'mailto:')."""
    text = parse_text(value)
    if text.lower().startswith("mailto:"):
        raise ValueError(f"'{text}' starts with mailto:: give the address only (name@example.org)")
    if not _EMAIL.match(text) or ".." in text:
        raise ValueError(f"'{text}' is not an email address (write it as name@example.org, with no spaces or angle brackets)")
    return text


Date = Annotated[dt.date, BeforeValidator(parse_date)]
Number = Annotated[float, BeforeValidator(parse_number)]
Text = Annotated[str, BeforeValidator(parse_text)]
Id = Annotated[str, BeforeValidator(parse_id)]
Flag = Annotated[bool, BeforeValidator(parse_bool)]
HttpsAddress = Annotated[str, BeforeValidator(parse_https)]
Email = Annotated[str, BeforeValidator(parse_email)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Defaults(_Model):
    amber_tolerance: Annotated[Number, Field(ge=0)] = 0.1
    suppress_below: Annotated[int, Field(ge=1, strict=True)] = 5
    min_public_n: Annotated[int, Field(ge=1, strict=True)] = 10
    update_every_days: Annotated[int, Field(ge=1, le=3650, strict=True)] = 42  # the WSoA's six-weekly exception reports; at most ten years


class Area(_Model):
    id: Id
    title: Text
    description: Text | None = None


class Point(_Model):
    date: Date
    value: Number
    assumed: Flag = False  # not from a source: assumed by the partnership, and marked wherever shown
    note: Text | None = None  # why (and by whom) it was assumed, or where it comes from


class Event(_Model):
    date: Date
    label: Text


class IStatement(_Model):
    """An "I statement": what the plan should mean for a child, young person or parent carer, in
    their words ("I can find the information I need ..."), shown beside the measure."""

    text: Text  # as the plan document writes it, without the quotation marks
    who: Text | None = None  # whose words, e.g. "parent carers", "children and young people"
    source: Text | None = None  # where the plan document says it, e.g. "003_...txt, Area 5, 5.1"


class SpcSettings(_Model):
    screen_outliers: Flag = True
    rebase: tuple[Date, ...] = ()
    baseline_points: Annotated[int, Field(ge=12, strict=True)] | None = None
    rules: Literal["nhsr", "mdc_excel"] = "nhsr"
    run_length: Annotated[int, Field(ge=2, strict=True)] = 7
    trend_length: Annotated[int, Field(ge=2, strict=True)] = 7


def parse_code(value: Any) -> str:
    """A local-authority code as written: 937 or '937' or 'E10000031'."""
    if isinstance(value, bool) or value is None:
        raise ValueError("is not a local-authority code (give e.g. 937 or E10000031)")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9]+", value.strip()):
        return value.strip()
    raise ValueError(f"'{value}' is not a local-authority code (give e.g. 937 or E10000031)")


Code = Annotated[str, BeforeValidator(parse_code)]
FilterValue = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else parse_text(v))]


class LocalAuthority(_Model):
    """Whose figures the plan is about, and who it is compared with (the DfE's statistical neighbours)."""

    name: Text
    code: Code  # new_la_code, e.g. E10000031
    old_code: Code  # old_la_code, e.g. 937
    neighbours: tuple[Code, ...] = ()  # old or new codes
    neighbours_file: Text | None = None  # the DfE statistical neighbours workbook, relative to the plan


class StatisticColumns(_Model):
    """Column names in a statistics file: the Explore Education Statistics names unless renamed."""

    time_period: Text = "time_period"
    time_identifier: Text = "time_identifier"
    geographic_level: Text = "geographic_level"
    new_la_code: Text = "new_la_code"
    old_la_code: Text = "old_la_code"
    la_name: Text = "la_name"
    region_code: Text = "region_code"


class Statistic(_Model):
    """A published statistics file (one figure for England, each region and each local authority)."""

    id: Id
    file: Text  # relative to the plan file; absolute paths allowed
    value: Text  # the column with the figure
    filters: dict[Text, FilterValue] = {}  # keep only the rows with these values
    columns: StatisticColumns = StatisticColumns()
    release: Text | None = None  # named as the source of every value, e.g. "DfE, EHC plans 2025 (SEN2)"


class Forecast(_Model):
    """A published forecast, drawn as a labelled forecast, never as data."""

    date: Date
    value: Number
    label: Text
    source: Text | None = None


class Metric(_Model):
    id: Id
    title: Text
    area: Id
    unit: Text
    direction: Direction
    baseline: Point
    milestones: tuple[Point, ...] = ()
    target: Point
    tolerance: Annotated[Number, Field(ge=0)] | None = None
    frequency: Frequency
    lead: Text
    source: Text
    public: Flag
    description: Text | None = None
    suppress_small: Flag = False
    events: tuple[Event, ...] = ()
    spc: SpcSettings | None = None
    compare: Id | None = None  # a statistic id: England, region and similar areas beside ours
    observations_from: Id | None = None  # take the observations from this statistic's file
    i_statement: IStatement | None = None  # what it should mean for families, in their words

    @property
    def is_percent(self) -> bool:
        return self.unit.lower() in {"percent", "%", "percentage"}

    @property
    def trajectory(self) -> tuple[Point, ...]:
        """Baseline, milestones and target in date order: the planned path."""
        return (self.baseline, *self.milestones, self.target)

    @property
    def plan_points(self) -> tuple[tuple[str, Point], ...]:
        """Each plan number with its field name ('baseline', 'milestones[0]', 'target')."""
        return (("baseline", self.baseline), *((f"milestones[{i}]", m) for i, m in enumerate(self.milestones)), ("target", self.target))

    @property
    def assumed(self) -> tuple[str, ...]:
        """The names of the plan numbers marked assumed: provenance shown wherever they are."""
        return tuple(name for name, point in self.plan_points if point.assumed)


class ContextMeasure(_Model):
    """A measure with no target (an entry under ``metrics`` without ``target``): its trend, SPC,
    events and comparisons are shown, but it never has a BRAG status and is never counted."""

    id: Id
    title: Text
    area: Id
    unit: Text
    direction: Direction | None = None  # which way is better, when either is (ranks need it)
    frequency: Frequency
    lead: Text
    source: Text
    public: Flag
    description: Text | None = None
    suppress_small: Flag = False
    events: tuple[Event, ...] = ()
    spc: SpcSettings | None = None
    forecasts: tuple[Forecast, ...] = ()
    compare: Id | None = None
    observations_from: Id | None = None
    i_statement: IStatement | None = None

    @property
    def is_percent(self) -> bool:
        return self.unit.lower() in {"percent", "%", "percentage"}


class Action(_Model):
    id: Id
    title: Text
    area: Id
    due: Date
    lead: Text
    public: Flag
    description: Text | None = None
    source: Text | None = None


class Contact(_Model):
    """Where families send what they think of the site and the plan: every public page ends with it."""

    name: Text  # the parent carer forum (or whoever collects feedback), e.g. "Warwickshire Parent Carer Voice"
    website: HttpsAddress | None = None
    email: Email | None = None
    form: HttpsAddress | None = None  # an online feedback form

    @property
    def reachable(self) -> bool:
        """Whether a reader has a way to reach them (an address, an email or a form), not just a name."""
        return bool(self.website or self.email or self.form)


class Weakness(_Model):
    """One weakness the inspectors named: the part of the plan that answers it."""

    text: Text  # as the inspectors wrote it
    area: Id | None = None  # the plan's area that puts it right
    source: Text | None = None


class Inspection(_Model):
    """The inspection that led to the plan, as the public site's about page tells it."""

    by: Text  # who inspected, e.g. "Ofsted and the Care Quality Commission (CQC)"
    start: Date | None = None  # the first day of the visit
    end: Date  # the last day of the visit (the only day, without start)
    reported: Date | None = None  # when the findings (letter or report) were published
    summary: Text | None = None  # what they concluded, in a sentence or two
    weaknesses: tuple[Weakness, ...] = ()
    source: Text | None = None


class Passage(_Model):
    """A paragraph of plain words and where it comes from."""

    text: Text
    source: Text | None = None


class Background(_Model):
    """Why the plan exists: shown on the public site's about page (nothing there without it)."""

    inspection: Inspection | None = None
    plan: tuple[Passage, ...] = ()  # how the plan came about and how it is organised


class Document(_Model):
    """A document the plan and its figures come from, as its ``source`` fields name it (by file):
    its title, for readers who never see the file, and what it gives the dashboard."""

    file: Text  # as the plan's sources name it, e.g. "003_bc988dd4f38747a2.txt"
    title: Text  # as a reader would cite it, e.g. "Written Statement of Action, January 2022"
    part: Text | None = None  # where the areas a source names sit, e.g. "section 5" ('Area 1' is in section 5)
    what: Text | None = None  # what the document is (the internal Data & sources page)
    gives: Text | None = None  # what it gives the dashboard (the same page)


class Plan(_Model):
    title: Text
    organisation: Text
    defaults: Defaults = Defaults()
    areas: tuple[Area, ...]
    metrics: tuple[Metric, ...] = ()
    actions: tuple[Action, ...] = ()
    context: tuple[ContextMeasure, ...] = ()  # the entries under `metrics` without a target
    local_authority: LocalAuthority | None = None
    statistics: tuple[Statistic, ...] = ()
    contact: Contact | None = None  # where families send feedback; `check` warns when there is none
    background: Background | None = None  # the inspection that led to the plan, for the about page
    documents: tuple[Document, ...] = ()  # the source documents, by file, with their titles

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)

    def context_measure(self, measure_id: str) -> ContextMeasure | None:
        return next((m for m in self.context if m.id == measure_id), None)

    def statistic(self, statistic_id: str) -> Statistic | None:
        return next((s for s in self.statistics if s.id == statistic_id), None)

    @property
    def measures(self) -> tuple[Metric | ContextMeasure, ...]:
        """Every measure with data: the targeted metrics, then the context measures."""
        return (*self.metrics, *self.context)

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)


# -- warnings --------------------------------------------------------------------------------

CONTACT_HELP = "see docs/targets.md, Contact"
DOCUMENT_HELP = "see docs/targets.md, Document"


def plan_warnings(plan: Plan, display: str) -> list[Problem]:
    """What `check` reports without refusing the plan (it still exits 0): things to put right
    before the public site is published."""
    warnings = []
    if plan.contact is None:
        warnings.append(Problem(display, 0, "", "contact", f"missing: the public pages cannot say where families can send what they think. Add contact: with the parent carer forum's name and its website, email or feedback form ({CONTACT_HELP})"))
    elif not plan.contact.reachable:
        warnings.append(Problem(display, 0, "", "contact", f"names '{plan.contact.name}' but gives no website, email or form, so families cannot reach them from the site: add at least one ({CONTACT_HELP})"))
    return warnings + _unlisted_documents(plan, display)


# A document named by its file at the start of a source, or of a part of one after '; ' (a statistics
# file, .csv or .xlsx, names its release in brackets instead and is left to the statistics).
_DOCUMENT_FILE = re.compile(r"(?:^|;\s)\s*([^;,()]+?\.(?:txt|pdf|docx?|odt|rtf|html?))(?=$|[,;\s(])", re.IGNORECASE)


def _plan_sources(plan: Plan) -> list[str]:
    texts = [m.source for m in plan.measures] + [a.source or "" for a in plan.actions]
    texts += [m.i_statement.source or "" for m in plan.measures if m.i_statement is not None]
    texts += [f.source or "" for c in plan.context for f in c.forecasts]
    if plan.background is not None:
        if plan.background.inspection is not None:
            texts += [plan.background.inspection.source or "", *(w.source or "" for w in plan.background.inspection.weaknesses)]
        texts += [p.source or "" for p in plan.background.plan]
    return texts


def _unlisted_documents(plan: Plan, display: str) -> list[Problem]:
    """A document the sources name by file but `documents` does not list: families would read those
    sources without it (they are never shown a file name), so give it a title."""
    listed = {d.file for d in plan.documents}
    named: dict[str, int] = {}
    for text in _plan_sources(plan):
        for match in _DOCUMENT_FILE.finditer(text):
            file = match.group(1).strip()
            if file not in listed:
                named[file] = named.get(file, 0) + 1
    return [
        Problem(display, 0, "", "documents", f"'{file}' is named by {count} source{'s' if count != 1 else ''} but is not listed: the public pages leave the file name out and have no title to give instead. Add it with its title ({DOCUMENT_HELP})")
        for file, count in sorted(named.items())
    ]


# -- loading ---------------------------------------------------------------------------------

_TOP_FIELDS = {"title", "organisation", "defaults", "areas", "metrics", "actions", "local_authority", "statistics", "contact", "background", "documents"}
_KINDS = {"areas": ("area", Area), "metrics": ("metric", Metric), "actions": ("action", Action)}


def load_plan(path: Path, display: str | None = None) -> tuple[Plan | None, list[Problem]]:
    """Read and check targets.yaml; return the plan only when there is no problem at all."""
    display = display or str(path)
    doc, problems = read_yaml(path, display)
    if doc is None:
        return None, problems
    problems = [_name_subject(doc, p) for p in problems]
    checker = _PlanChecker(doc, display)
    plan = checker.check()
    # A value the reader refused (a number out of range, a control character) is reported once, by the reader.
    refused = {(p.line, p.field) for p in (_name_subject(doc, Problem(display, doc.line(r), "", format_path(r), "")) for r in doc.refused)}
    problems.extend(p for p in checker.problems if (p.line, p.field) not in refused)
    return (plan if not problems else None), problems


def _name_subject(doc: LocatedYaml, problem: Problem) -> Problem:
    """'metrics[0].unit' from the YAML reader -> subject "metric 'wait'", field 'unit'."""
    match = re.fullmatch(r"(metrics|actions|areas)\[(\d+)\](?:\.(.*))?", problem.field)
    entries = doc.data.get(match.group(1)) if match and isinstance(doc.data, dict) else None
    if problem.subject or not isinstance(entries, list) or int(match.group(2)) >= len(entries):
        return problem
    entry = entries[int(match.group(2))]
    ident = entry.get("id") if isinstance(entry, dict) else None
    if not isinstance(ident, (str, int, float)):
        return problem
    kind = _KINDS[match.group(1)][0]
    return Problem(problem.file, problem.line, f"{kind} '{ident}'", match.group(3) or "", problem.message)


class _PlanChecker:
    def __init__(self, doc: LocatedYaml, display: str):
        self.doc = doc
        self.display = display
        self.problems: list[Problem] = []

    def add(self, path: tuple, subject: str, field: str, message: str) -> None:
        self.problems.append(Problem(self.display, self.doc.line(path), subject, field, message))

    def check(self) -> Plan | None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.add((), "", "", "the plan must be a mapping with title, organisation, areas, metrics and actions")
            return None
        for key in data:
            if key not in _TOP_FIELDS:
                self.add((key,), "", key, f"unknown field (allowed: {', '.join(sorted(_TOP_FIELDS))})")
        for key in ("title", "organisation", "areas"):
            if key not in data:
                self.add((), "", key, "missing (required)")
        header: dict[str, Any] = {}
        for key in ("title", "organisation"):
            if key in data:
                try:
                    header[key] = parse_text(data[key])
                except ValueError as exc:
                    self.add((key,), "", key, str(exc))
        defaults = Defaults()
        if "defaults" in data:
            defaults = self._model(Defaults, data["defaults"], ("defaults",), "", "defaults") or defaults
        items: dict[str, list[Any]] = {}
        for key, (kind, model) in _KINDS.items():
            items[key] = self._items(data.get(key, []), key, kind, model)
        areas, actions = items["areas"], items["actions"]
        metrics = [(i, m) for i, m in items["metrics"] if isinstance(m, Metric)]
        context = [(i, m) for i, m in items["metrics"] if isinstance(m, ContextMeasure)]
        local_authority = None
        if "local_authority" in data:
            local_authority = self._model(LocalAuthority, data["local_authority"], ("local_authority",), "", "local_authority")
        statistics = [s for _, s in self._items(data.get("statistics", []), "statistics", "statistic", Statistic)]
        contact = None
        if "contact" in data:
            contact = self._model(Contact, data["contact"], ("contact",), "", "contact")
        background = None
        if "background" in data:
            background = self._model(Background, data["background"], ("background",), "", "background")
        documents = self._documents(data["documents"]) if "documents" in data else []
        self._check_statistics(statistics, local_authority, items["metrics"], "local_authority" in data)
        if "areas" in data and not data.get("areas"):
            self.add(("areas",), "", "areas", "no areas: list at least one area (id and title)")
        if not data.get("metrics") and not data.get("actions"):
            self.add((), "", "", "the plan has no metrics and no actions: nothing to show")
        self._check_references(areas, items["metrics"], actions)
        if background is not None:
            self._check_background(background)
        for index, metric in metrics:
            self._check_metric(index, metric)
        for index, measure in context:
            self._check_spc(("metrics", index), f"context measure '{measure.id}'", measure)
        if self.problems:
            return None
        return Plan(
            title=header["title"],
            organisation=header["organisation"],
            defaults=defaults,
            areas=tuple(a for _, a in areas),
            metrics=tuple(m for _, m in metrics),
            actions=tuple(a for _, a in actions),
            context=tuple(m for _, m in context),
            local_authority=local_authority,
            statistics=tuple(statistics),
            contact=contact,
            background=background,
            documents=tuple(documents),
        )

    def _documents(self, raw: Any) -> list[Document]:
        if not isinstance(raw, list):
            self.add(("documents",), "", "documents", "must be a list of documents (each starting with '- file: ...')")
            return []
        good: list[Document] = []
        first_seen: dict[str, int] = {}
        for index, entry in enumerate(raw):
            path = ("documents", index)
            file = entry.get("file") if isinstance(entry, dict) else None
            subject = f"document '{file}'" if isinstance(file, str) else f"documents[{index}]"
            if isinstance(file, str):
                if file in first_seen:
                    self.add(path + ("file",), subject, "file", f"duplicate file (first listed on line {first_seen[file]})")
                else:
                    first_seen[file] = self.doc.line(path + ("file",))
            parsed = self._model(Document, entry, path, subject, "")
            if parsed is not None:
                good.append(parsed)
        return good

    def _check_statistics(self, statistics: list[Statistic], local_authority: LocalAuthority | None, measures: list, has_la: bool) -> None:
        known = {s.id for s in statistics}
        for index, measure in measures:
            kind = "metric" if isinstance(measure, Metric) else "context measure"
            for field in ("compare", "observations_from"):
                ref = getattr(measure, field)
                if ref is None:
                    continue
                if ref not in known:
                    self.add(("metrics", index, field), f"{kind} '{measure.id}'", field, f"unknown statistic '{ref}' (known statistics: {', '.join(sorted(known)) or 'none'})")
                elif local_authority is None and not has_la:
                    self.add(("metrics", index, field), f"{kind} '{measure.id}'", field, "needs the plan's local_authority (name, code, old_code) to find our figures")

    def _items(self, raw: Any, key: str, kind: str, model: type[_Model]) -> list[tuple[int, Any]]:
        if not isinstance(raw, list):
            self.add((key,), "", key, f"must be a list of {key} (each starting with '- id: ...')")
            return []
        good: list[tuple[int, Any]] = []
        first_seen: dict[str, int] = {}
        for index, entry in enumerate(raw):
            path = (key, index)
            ident = entry.get("id") if isinstance(entry, dict) else None
            subject = f"{kind} '{ident}'" if isinstance(ident, (str, int, float)) else f"{key}[{index}]"
            if isinstance(ident, str):
                if ident in first_seen:
                    self.add(path + ("id",), subject, "id", f"duplicate id (first used on line {first_seen[ident]})")
                else:
                    first_seen[ident] = self.doc.line(path + ("id",))
            chosen = model
            plan_fields = {"target", "baseline", "milestones", "tolerance"}
            if model is Metric and isinstance(entry, dict) and not plan_fields & set(entry):
                chosen = ContextMeasure  # a metric without a target (or any plan number) is a context measure
                subject = subject.replace("metric '", "context measure '", 1)
            parsed = self._model(chosen, entry, path, subject, "")
            if parsed is not None:
                good.append((index, parsed))
        return good

    def _model(self, model: type[_Model], raw: Any, path: tuple, subject: str, prefix: str) -> Any:
        if not isinstance(raw, dict):
            self.add(path, subject, prefix, "must be a mapping of fields (name: value)")
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                self._pydantic_error(error, raw, path, subject, prefix, model)
            return None

    def _pydantic_error(self, error: dict, raw: dict, path: tuple, subject: str, prefix: str, model: type[_Model]) -> None:
        loc = tuple(error["loc"])
        # Unions (e.g. 'Number | None') add the member type to the location: drop those parts.
        loc = tuple(p for p in loc if isinstance(p, int) or not _is_type_label(p))
        field = format_path(((prefix,) if prefix else ()) + loc)
        kind = error["type"]
        value = error.get("input")
        if kind == "missing":
            message = "missing (required)"
        elif kind == "extra_forbidden":
            message = f"unknown field (allowed here: {', '.join(_allowed_fields(model, loc))})"
        elif kind == "literal_error":
            message = f"'{value}' is not one of: {error['ctx']['expected'].replace(chr(39), '')}"
        elif kind == "value_error":
            message = str(error["ctx"]["error"])
        elif kind in {"greater_than_equal", "greater_than"}:
            message = f"'{value}' is too small (must be at least {error['ctx'].get('ge', error['ctx'].get('gt'))})"
        elif kind in {"less_than_equal", "less_than"}:
            message = f"'{value}' is too large (must be at most {error['ctx'].get('le', error['ctx'].get('lt'))})"
        elif kind in {"int_type", "int_parsing", "int_from_float"}:
            message = "YAML reads this as true/false, not a whole number" if isinstance(value, bool) else f"'{value}' is not a whole number"
        elif kind in {"tuple_type", "list_type"}:
            message = "must be a list (each item starting with '- ')"
        elif kind in {"model_type", "dict_type", "model_attributes_type"}:
            message = "must be a mapping of fields (name: value)"
        else:
            message = error["msg"]
        self.add(path + loc, subject, field, message)

    def _check_references(self, areas: list, metrics: list, actions: list) -> None:
        raw = self.doc.data.get("areas")
        # An area with a problem of its own still counts as known: report it once, not on every metric.
        known = list(dict.fromkeys(e["id"] for e in raw if isinstance(e, dict) and isinstance(e.get("id"), str))) if isinstance(raw, list) else []
        for key, entries, kind in (("metrics", metrics, "metric"), ("actions", actions, "action")):
            for index, item in entries:
                if item.area not in known:
                    self.add(
                        (key, index, "area"),
                        f"{'context measure' if isinstance(item, ContextMeasure) else kind} '{item.id}'",
                        "area",
                        f"unknown area '{item.area}' (known areas: {', '.join(known) or 'none'})",
                    )

    def _check_background(self, background: Background) -> None:
        inspection = background.inspection
        if inspection is None:
            return
        path = ("background", "inspection")
        if inspection.start is not None and inspection.start > inspection.end:
            self.add(path + ("start",), "", "background.inspection.start", f"{inspection.start} is after the end of the inspection ({inspection.end})")
        if inspection.reported is not None and inspection.reported < inspection.end:
            self.add(path + ("reported",), "", "background.inspection.reported", f"{inspection.reported} is before the end of the inspection ({inspection.end}): findings are published after it")
        raw = self.doc.data.get("areas")
        known = [e["id"] for e in raw if isinstance(e, dict) and isinstance(e.get("id"), str)] if isinstance(raw, list) else []
        for i, weakness in enumerate(inspection.weaknesses):
            if weakness.area is not None and weakness.area not in known:
                field = f"background.inspection.weaknesses[{i}].area"
                self.add(path + ("weaknesses", i, "area"), "", field, f"unknown area '{weakness.area}' (known areas: {', '.join(known) or 'none'})")

    def _check_metric(self, index: int, metric: Metric) -> None:
        path = ("metrics", index)
        subject = f"metric '{metric.id}'"

        def add(rel: tuple, field: str, message: str) -> None:
            self.add(path + rel, subject, field, message)

        base, target = metric.baseline, metric.target
        if base.date >= target.date:
            add(("baseline", "date"), "baseline.date", f"{base.date} is not before the target date {target.date}")
        previous = base.date
        for i, milestone in enumerate(metric.milestones):
            if not base.date < milestone.date < target.date:
                add(
                    ("milestones", i, "date"),
                    f"milestones[{i}].date",
                    f"{milestone.date} is outside the plan's window: it must fall after the baseline "
                    f"({base.date}) and before the target ({target.date})",
                )
            elif milestone.date <= previous:
                add(("milestones", i, "date"), f"milestones[{i}].date", f"{milestone.date} is not after the milestone before it ({previous}); list milestones in date order")
            previous = max(previous, milestone.date)
        if metric.is_percent:
            named = [("baseline", "value"), ("target", "value")] + [("milestones", i, "value") for i in range(len(metric.milestones))]
            for rel in named:
                value = metric.baseline.value if rel[0] == "baseline" else metric.target.value if rel[0] == "target" else metric.milestones[rel[1]].value
                if not 0 <= value <= 100:
                    add(rel, format_path(rel), f"{_num(value)} is not a percentage (must lie between 0 and 100)")
        worse = target.value < base.value if metric.direction == "increase" else target.value > base.value
        if worse:
            add(
                ("target", "value"),
                "target.value",
                f"{_num(target.value)} is {'below' if metric.direction == 'increase' else 'above'} the baseline "
                f"{_num(base.value)}, but direction is '{metric.direction}' (which way is better?)",
            )
        for name, point in metric.plan_points:
            if point.assumed and point.note is None:
                rel = (name,) if "[" not in name else ("milestones", int(name[11:-1]))
                add(rel + ("assumed",), f"{name}.assumed", "an assumed number needs a note saying why, and by whom, it was assumed")
        self._check_spc(path, subject, metric)

    def _check_spc(self, path: tuple, subject: str, measure: Metric | ContextMeasure) -> None:
        if measure.spc is not None:
            for i, when in enumerate(measure.spc.rebase):
                if i and when <= measure.spc.rebase[i - 1]:
                    self.add(path + ("spc", "rebase", i), subject, f"spc.rebase[{i}]", f"{when} is not after the date before it; list rebase dates in order")


def _num(value: float) -> str:
    return f"{value:g}"


def _is_type_label(part: Any) -> bool:
    # pydantic names union members in error locations, e.g. 'float', 'function-before[...]'.
    return isinstance(part, str) and ("[" in part or part in {"float", "int", "str", "bool", "none"})


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            break
        current = _inner_model(field.annotation) or current
    return sorted(current.model_fields) if hasattr(current, "model_fields") else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
