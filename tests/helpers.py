"""Building small plans for the domain tests: a valid base plan, one-place edits, problem lines.

Import as ``from tests.helpers import ...`` (the repository root is on ``sys.path``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from metrics.domain.data import Series
from metrics.domain.load import load
from metrics.domain.plan import Defaults, Metric

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small"

# A valid plan. Line numbers matter: the tests quote them in expected messages.
#   7 metric 'wait' starts; 12 baseline; 14 milestone; 15 target; 19 public
#   20 metric 'confidence' starts; 25 baseline; 26 target
#   31 actions; 32 action 'act-1' starts; 35 due
BASE_YAML = """\
title: Test plan
organisation: Test council
areas:
  - id: waits
    title: Waiting times
metrics:
  - id: wait
    title: Longest wait
    area: waits
    unit: weeks
    direction: decrease
    baseline: {date: 2024-01-01, value: 50}
    milestones:
      - {date: 2024-07-01, value: 30}
    target: {date: 2025-01-01, value: 10}
    frequency: monthly
    lead: Pathway lead
    source: Health data
    public: true
  - id: confidence
    title: Parents confident
    area: waits
    unit: percent
    direction: increase
    baseline: {date: 2024-01-01, value: 40}
    target: {date: 2026-01-01, value: 80}
    frequency: termly
    lead: Forum
    source: Survey
    public: true
actions:
  - id: act-1
    title: Publish pathway
    area: waits
    due: 2024-06-30
    lead: Pathway lead
    public: true
"""

OBS_HEADER = "metric_id,date,value\n"
UPDATE_HEADER = "action_id,date,status,narrative\n"
BASE_CSVS = {
    "observations.csv": OBS_HEADER + "wait,2024-03-01,45\nconfidence,2024-03-01,50\n",
    "updates.csv": UPDATE_HEADER + "act-1,2024-03-01,green,Going well\n",
}


def edit(text: str, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) with ``new``."""
    count = text.count(old)
    assert count == 1, f"{old!r} occurs {count} times in the text being edited"
    return text.replace(old, new)


def write_plan(tmp_path: Path, yaml_text: str | None = BASE_YAML, csvs: dict[str, str | bytes] | None = None) -> tuple[Path, Path]:
    """Write targets.yaml and data/*.csv under ``tmp_path``; return (targets, data folder).

    ``yaml_text=None`` leaves targets.yaml out; ``csvs=None`` writes BASE_CSVS; ``csvs={}``
    makes an empty data folder.
    """
    targets = tmp_path / "targets.yaml"
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    if yaml_text is not None:
        targets.write_text(yaml_text, encoding="utf-8")
    for name, content in (BASE_CSVS if csvs is None else csvs).items():
        path = data / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return targets, data


def problem_lines(tmp_path: Path, yaml_text: str | None = BASE_YAML, csvs: dict[str, str | bytes] | None = None) -> list[str]:
    """Every problem as `check` prints it, with paths relative to ``tmp_path``."""
    targets, data = write_plan(tmp_path, yaml_text, csvs)
    loaded = load(targets, data)
    prefix = f"{tmp_path}/"
    return [str(p).replace(prefix, "") for p in loaded.problems]


def load_ok(tmp_path: Path, yaml_text: str = BASE_YAML, csvs: dict[str, str | bytes] | None = None):
    """Load a plan that must be free of problems; return the ``Loaded``."""
    targets, data = write_plan(tmp_path, yaml_text, csvs)
    loaded = load(targets, data)
    assert loaded.ok, "\n".join(str(p) for p in loaded.problems)
    return loaded


def make_metric(**fields) -> Metric:
    """A valid metric with any field overridden: weeks, decreasing from 100 on 1 Jan 2024 to 20 on
    21 Jan 2024, so the plan falls by exactly 4 a day and the default tolerance is 0.1 x 80 = 8."""
    base = dict(
        id="m",
        title="A metric",
        area="a",
        unit="weeks",
        direction="decrease",
        baseline={"date": "2024-01-01", "value": 100},
        target={"date": "2024-01-21", "value": 20},
        frequency="monthly",
        lead="Lead",
        source="Source",
        public=True,
    )
    base.update(fields)
    return Metric.model_validate(base)


def make_series(metric_id: str, points: list[tuple]) -> Series:
    """A series from (date, value) or (date, value, n) tuples, which must be in date order."""
    dates = np.array([np.datetime64(dt.date.fromisoformat(p[0]) if isinstance(p[0], str) else p[0], "D") for p in points], dtype="datetime64[D]")
    values = np.array([float(p[1]) for p in points], dtype=float)
    n = np.array([float(p[2]) if len(p) > 2 and p[2] is not None else np.nan for p in points], dtype=float)
    return Series(metric_id, dates, values, n, np.zeros(len(points), dtype=bool), ("",) * len(points), ("",) * len(points))


DEFAULTS = Defaults()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every file under ``root``: to show nothing was changed."""
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


PANGO_INSTALL = "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"


def require_pdf(engine: str = "auto") -> None:
    """Fail, never skip, when PDFs cannot be made here (by ``engine``: "chromium", "weasyprint" or
    either): a skipped PDF test would hide a broken set-up."""
    import pytest

    from metrics.render.pdf import pdf_unavailable_reason

    reason = pdf_unavailable_reason(engine)
    if reason:
        install = "Chromium: CHROMIUM_PATH, or 'apt-get install -y chromium'" if engine == "chromium" else f"Pango (Debian/Ubuntu, as root): {PANGO_INSTALL}"
        pytest.fail(
            f"PDF reports cannot be made on this machine, so this PDF test cannot run: {reason}\n"
            f"Install {install}; or run `make test` as root, which installs it.",
            pytrace=False,
        )


def reason_of(status) -> str:
    """Why a KPI or an action has its status, in the board's words (as the pages and the CLI say it)."""
    from metrics.domain.plan import Defaults
    from metrics.domain.rules import MetricStatus
    from metrics.views.audience import internal_audience
    from metrics.views.wording import action_reason, metric_reason

    return metric_reason(status) if isinstance(status, MetricStatus) else action_reason(status, internal_audience(Defaults()))
