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
            ("PCF", "Parent carer forum: the group of parents and carers of children with SEND that works with the council and the NHS"),
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
