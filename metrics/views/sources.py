"""Where the figures come from: the `check` line, how fresh each KPI's data is, the source
documents the plan was built from, and the abbreviations the plan and the documents use."""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass

from metrics.domain.data import Dataset
from metrics.domain.load import Loaded
from metrics.domain.plan import Plan
from metrics.domain.rules import PlanStatus

# -- the check -------------------------------------------------------------------------------


def check_command(targets: str, data: str) -> str:
    """The command a manager can run to check the same files."""
    return f"python -m metrics check --targets {shlex.quote(targets)} --data {shlex.quote(data)}"


def check_line(plan: Plan, dataset: Dataset, targets: str, data: str) -> str:
    """The line `python -m metrics check` prints when there is no problem (Loaded.summary)."""
    return Loaded(plan, dataset, ()).summary(targets, data)


# -- how fresh the data is ---------------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    metric_id: str
    title: str
    latest_date: dt.date | None  # the latest observation on or before the as-of date
    due_by: dt.date  # the next observation is due by this day
    overdue: bool
    frequency: str
    source: str  # the plan's source for the metric


def freshness(status: PlanStatus) -> list[Freshness]:
    """Every KPI, the one whose next data was due earliest first (so the overdue ones lead);
    ties keep the plan's order."""
    rows = [
        Freshness(s.metric.id, s.metric.title, s.latest_date, s.data_due_by, s.data_overdue, s.metric.frequency, s.metric.source)
        for s in status.metrics
    ]
    return sorted(rows, key=lambda r: r.due_by)


def overdue_sentence(rows: list[Freshness]) -> str:
    overdue = sum(r.overdue for r in rows)
    total = len(rows)
    if not total:
        return "The plan has no KPIs."
    if not overdue:
        return f"No KPI's data is overdue ({total} KPI{'s' if total != 1 else ''})."
    return f"Data is overdue for {overdue} of {total} KPI{'s' if total != 1 else ''}."


# -- the source documents --------------------------------------------------------------------


@dataclass(frozen=True)
class SourceDocument:
    file: str
    what: str  # what the document is
    gives: str  # what it gives the dashboard


SOURCE_DOCUMENTS: tuple[SourceDocument, ...] = (
    SourceDocument(
        "004_0d438a1616ad04c9.txt",
        "Ofsted/CQC joint local area SEND inspection letter, Warwickshire, 14 September 2021",
        "The five significant areas of weakness the plan answers; baseline facts "
        "(e.g. 90% of new EHC plans issued within 20 weeks).",
    ),
    SourceDocument(
        "003_bc988dd4f38747a2.txt",
        "Written Statement of Action (WSoA), January 2022 – June 2023",
        "The action plan: five areas, actions with leads and completion dates, KPIs and targets "
        "(autism wait 242 → 125 → 13 weeks, 52.9% → 70%, 27% → 15%, 80% confidence goals, "
        "100% training, +50% local offer visits), the BRAG rating scale and the monitoring cadence "
        "(monthly KPIs, quarterly board reports).",
    ),
    SourceDocument(
        "001_64e3e2f8964ad6f4.txt",
        "SEND and Inclusion Strategy 2024–2029 (November 2024)",
        "Six priorities; SRP places 272 (2024/25) → over 500 by 2028, target 231 by January 2025; "
        "EHCP counts in mainstream 1,430 → 2,132 and in special schools 1,544 → 1,723 (2021 → 2024); "
        "about 7,500 EHCPs forecast by 2027/28; quarterly KPI review.",
    ),
    SourceDocument(
        "000_9729ffdfda7c06fd.txt",
        "Council news release on the DfE/NHS England review (early 2024)",
        "Progress figures: longest autism assessment wait 22 weeks (September 2023), 2,400 autism "
        "support contacts since April 2023, local offer visits 20,000 → 50,000+, 16 trial schools, "
        "40 'Lost at School' schools.",
    ),
    SourceDocument(
        "002_35c0b211b197df13.txt",
        "Local newspaper article on the same review",
        "Context: \"most actions on track\", progress on the local offer and co-production.",
    ),
)


# -- the glossary ----------------------------------------------------------------------------

# Abbreviations as the Written Statement of Action (Appendix 4) and the other documents use them.
GLOSSARY: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            ("ASC / ASD", "Autistic spectrum condition / autistic spectrum disorder"),
            ("AP", "Alternative provision: education outside mainstream or special schools"),
            ("BRAG", "Blue, Red, Amber, Green (and Grey): the rating scale for KPIs and actions. Blue completed and embedded or target met; Green on track, no concerns; Amber on track, some concerns; Red no progress, major concerns or off track; Grey not due yet or no data"),
            ("CAMHS", "Child and Adolescent Mental Health Services"),
            ("CCG", "Clinical Commissioning Group (replaced by the ICB in July 2022)"),
            ("CQC", "Care Quality Commission: inspects health and care services, and inspects local area SEND arrangements jointly with Ofsted"),
            ("CYP", "Children and young people"),
            ("DBV", "Delivering Better Value: the DfE programme that helps councils make their high-needs spending sustainable"),
            ("DfE", "Department for Education"),
            ("EHCP / EHC plan", "Education, Health and Care plan: the legal plan setting out a child or young person's needs and the support they must get"),
            ("EHC needs assessment", "The assessment that decides whether a child needs an EHC plan (to be completed within 20 weeks)"),
            ("ICB", "Integrated Care Board: the NHS body that plans and buys health services for the area"),
            ("KPI", "Key performance indicator: a measure with a baseline, milestones and a target"),
            ("LA", "Local authority (the council)"),
            ("Local offer", "The council's published information about the SEND services and support available locally"),
            ("NHS", "National Health Service"),
            ("NHSE", "NHS England"),
            ("Ofsted", "Office for Standards in Education, Children's Services and Skills"),
            ("PCF", "Parent carer forum: the group of parents and carers of children with SEND that works with the council and the NHS (here Warwickshire Parent Carer Voice, WPCV)"),
            ("SEMH", "Social, emotional and mental health (needs)"),
            ("SEN", "Special educational needs"),
            ("SENCO", "Special educational needs coordinator: the teacher who coordinates SEND support in a school"),
            ("SEND", "Special educational needs and disabilities"),
            ("SPC", "Statistical process control: charts that tell real change from normal variation"),
            ("SRP", "Specialist resource provision: places for pupils with SEND in a unit within a mainstream school"),
            ("Tolerance", "How far behind the planned trajectory a KPI may be and still be Amber rather than Red"),
            ("Trajectory", "The planned path from baseline through the milestones to the target"),
            ("WSoA", "Written Statement of Action: the improvement plan the local area wrote after the 2021 inspection"),
        ),
        key=lambda pair: pair[0].casefold(),
    )
)
