"""SPC as the plan and the command line use it: options from targets.yaml, the `spc` command."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from metrics.domain.control import metric_spc, spc_options
from metrics.domain.load import load
from metrics.domain.spc import calculate_spc
from tests.conftest import ROOT

MONTHS = [dt.date(2023, m, 28) for m in range(1, 13)] + [dt.date(2024, m, 28) for m in range(1, 13)]


def write(tmp_path, spc_yaml: str, values: list[float]):
    (tmp_path / "data").mkdir()
    (tmp_path / "targets.yaml").write_text(
        f"""title: SPC plan
organisation: Test
areas: [{{id: a, title: Area}}]
metrics:
  - id: waits
    title: Weeks waited
    area: a
    unit: weeks
    direction: decrease
    baseline: {{date: 2022-12-31, value: 30}}
    target: {{date: 2026-12-31, value: 10}}
    frequency: monthly
    lead: Lead
    source: test
    public: true
{spc_yaml}
""",
        encoding="utf-8",
    )
    rows = "\n".join(f"waits,{d.isoformat()},{v}" for d, v in zip(MONTHS, values))
    (tmp_path / "data" / "obs.csv").write_text("metric_id,date,value\n" + rows + "\n", encoding="utf-8")
    return tmp_path


VALUES = [20, 22, 19, 21, 20, 23, 18, 21, 20, 22, 19, 21, 20, 21, 12, 11, 12, 11, 13, 12, 11, 12, 11, 12]


def test_spc_settings_from_the_plan_reach_the_calculation(tmp_path):
    plan_dir = write(tmp_path, "    spc: {rebase: [2024-03-01], screen_outliers: false, rules: mdc_excel, run_length: 8}", VALUES)
    loaded = load(plan_dir / "targets.yaml", plan_dir / "data")
    assert loaded.ok, loaded.problems
    metric = loaded.plan.metric("waits")
    options = spc_options(metric)
    assert options.rebase == (dt.date(2024, 3, 1),) and options.rules == "mdc_excel" and options.run_length == 8
    # fewer than 13 points after the rebase: no chart, and the reason in words
    spc = metric_spc(metric, loaded.dataset.series("waits"), dt.date(2025, 1, 1))
    assert spc.result is None
    assert "at least 13" in spc.unavailable


def test_spc_command_json_matches_the_module(tmp_path):
    plan_dir = write(tmp_path, "", VALUES)
    out = subprocess.run(
        [sys.executable, "-m", "metrics", "spc", "--metric", "waits", "--targets", str(plan_dir / "targets.yaml"), "--data", str(plan_dir / "data"), "--as-of", "2025-01-01", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    got = json.loads(out)
    expected = calculate_spc(MONTHS, VALUES, "decrease", 10.0)
    assert got["mean"] == pytest.approx(expected.mean, abs=1e-6)
    assert got["lpl"] == pytest.approx(expected.lpl, abs=1e-6) and got["upl"] == pytest.approx(expected.upl, abs=1e-6)
    assert [p["special_cause"] for p in got["points"]] == [p.special_cause for p in expected.points]
    # the fall to ~12 weeks is a run below the mean: improvement, for a waiting time
    assert got["points"][-1]["special_cause"] == "improvement"
    assert got["variation"] == "improvement_low"
    assert got["assurance"] in {"consistent_fail", "inconsistent"}


def test_spc_command_unknown_metric_is_a_clear_error():
    result = subprocess.run([sys.executable, "-m", "metrics", "spc", "--metric", "nope"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("--metric: no metric 'nope' in the plan (known: autism_longest_wait,")
    assert "Traceback" not in result.stderr


def test_sample_plan_has_a_monthly_series_long_enough_for_spc():
    loaded = load(ROOT / "targets.yaml", ROOT / "sample_data")
    metric = loaded.plan.metric("autism_longest_wait")
    spc = metric_spc(metric, loaded.dataset.series(metric.id), dt.date(2026, 11, 23))
    assert spc.result is not None and len(spc.result.periods[-1:]) == 1
    assert spc.result.periods[-1].n >= 13


# -- what the SPC chart draws, and its value axis (metrics.domain.control) ---------------------------


def _two_periods(target=None, low=15.0):
    """22 points falling from 240 to 22, then 26 around 15-24 after a rebase."""
    first = [240 - 10 * i for i in range(22)]
    second = [low + (i * 7 % 10) for i in range(26)]
    dates = [dt.date(2020 + (i // 12), i % 12 + 1, 28) for i in range(48)]
    from metrics.domain.spc import SpcOptions

    return calculate_spc(dates, first + second, "decrease", target, SpcOptions(rebase=(dates[22],)))


def test_the_chart_draws_the_current_period_unless_asked_for_all():
    from metrics.domain.control import shown_periods

    result = _two_periods()
    assert list(shown_periods(result)) == [1]
    assert list(shown_periods(result, all_periods=True)) == [0, 1]


def test_the_axis_fits_the_period_drawn_and_cuts_nothing_off():
    from metrics.domain.control import shown_periods, spc_axis_range

    result = _two_periods(target=13)
    current = shown_periods(result)
    low, high = spc_axis_range(result, current)
    drawn = [p.value for p in result.points if p.period == 1] + [result.mean, result.lpl, result.upl, 13]
    assert low < min(drawn) and high > max(drawn)  # every point, limit and the target, with room
    span = max(drawn) - min(drawn)
    assert min(drawn) - low == pytest.approx(0.08 * span) and high - max(drawn) == pytest.approx(0.08 * span)
    assert high < 40  # not stretched by the 240s of the earlier period
    # every period: the axis reaches the highest point; a padded axis of weeks stops at 0
    low, high = spc_axis_range(result, shown_periods(result, all_periods=True))
    assert low == 0 and high > 240
    # a target far below the period stretches the axis to show its line; without the line it does not
    far = _two_periods(target=1)
    assert spc_axis_range(far, current)[0] < 1 < spc_axis_range(far, current, target_drawn=False)[0]


def test_a_negative_lower_limit_stays_on_the_axis():
    from metrics.domain.control import shown_periods, spc_axis_range

    values = [0, 9, 0, 8, 1, 0, 9, 0, 7, 0, 8, 0, 9, 1]
    dates = [dt.date(2024, 1, 1) + dt.timedelta(days=30 * i) for i in range(len(values))]
    result = calculate_spc(dates, values, "decrease", None)
    assert result.lpl < 0
    low, _ = spc_axis_range(result, shown_periods(result))
    assert low < result.lpl
