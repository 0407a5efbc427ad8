"""The benchmark generator writes a valid plan in the real format, with the counts it reports."""

import datetime as dt

from benchmarks.generate import generate, month_end
from metrics.domain.load import load
from metrics.domain.rules import plan_status


def test_generated_plan_loads_without_problems_and_counts_match(tmp_path):
    counts = generate(tmp_path, 40, 24, seed=3)
    loaded = load(tmp_path / "targets.yaml", tmp_path / "data")
    assert loaded.problems == ()
    assert loaded.ok
    plan, data = loaded.plan, loaded.dataset
    assert (len(plan.areas), len(plan.metrics), len(plan.actions)) == (counts.areas, counts.metrics, counts.actions) == (6, 40, 20)
    assert len(data.observations) == counts.observations
    assert len(data.updates) == counts.updates > 0
    assert len(data.files) == counts.files
    # every metric has at most 24 monthly observations, most have all of them
    per_metric = data.observations.groupby("metric_id").size()
    assert per_metric.max() == 24 and (per_metric == 24).sum() >= 35
    # statuses of every colour, so the pages have something of each to draw
    status = plan_status(plan, data, dt.date.fromisoformat(counts.last_date) + dt.timedelta(days=15))
    assert all(n > 0 for s, n in status.counts().items() if s != "grey") and sum(status.counts().values()) == 60


def test_generator_is_deterministic(tmp_path):
    generate(tmp_path / "a", 12, 6, seed=1)
    generate(tmp_path / "b", 12, 6, seed=1)
    for name in ("targets.yaml", "data/observations_01.csv", "data/action_updates.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_month_end():
    assert month_end(dt.date(2015, 1, 31), 1) == dt.date(2015, 2, 28)
    assert month_end(dt.date(2015, 1, 31), 11) == dt.date(2015, 12, 31)
    assert month_end(dt.date(2015, 1, 31), -1) == dt.date(2014, 12, 31)
