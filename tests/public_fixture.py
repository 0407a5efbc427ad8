"""The public-site fixture: a plan with distinctive non-public entries and small numbers,
and the list of everything in it the public must never see."""

from __future__ import annotations

from pathlib import Path

from metrics.domain.load import load

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "public"
TARGETS = FIXTURE / "targets.yaml"
DATA = FIXTURE / "data"
AS_OF = "2025-08-01"

# Distinctive strings planted in the fixture that must never reach the public.
PLANTED = [
    "Zanzibar",
    "Quokka",
    "Quixotic",
    "zanzibar_quokka",
    "quokka_backoffice",
    "act-quokka",
    "backoffice",
    "PRIVATE-NARRATIVE-XYZZY",
    "INTERNAL-NARRATIVE",
    "PLUGH",
    "FROBOZZ",
    "GRUE",
    "ZORK",
    "NOTE-SECRET",
    "NOTE-SMALL",
]
# The suppressed values, as the site would format them.
SMALL_VALUES = [r"(?<![\d.,])3 children\b", r"(?<![\d.,])58\.3", r"(?<![\d.,])58%"]


def forbidden_strings() -> list[str]:
    """Everything the fixture holds that is not public, read from the files themselves."""
    loaded = load(TARGETS, DATA)
    assert loaded.ok, loaded.problems
    plan, data = loaded.plan, loaded.dataset
    out = set(PLANTED)
    public_areas = {m.area for m in plan.metrics if m.public} | {a.area for a in plan.actions if a.public}
    for m in plan.metrics:
        if not m.public:
            out |= {m.id, m.title, m.lead, m.source, m.description or ""}
    for a in plan.actions:
        if not a.public:
            out |= {a.id, a.title, a.lead, a.description or ""}
    for area in plan.areas:
        if area.id not in public_areas:
            out |= {area.id, area.title, area.description or ""}
    public_actions = {a.id for a in plan.actions if a.public}
    for u in data.updates:
        out.add(u.narrative)  # internal narratives, on public actions too
        if u.action_id not in public_actions:
            out.add(u.public_narrative)
    out |= {n for n in data.observations["note"] if n}
    return sorted(s for s in out if s)
