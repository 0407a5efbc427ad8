"""Synthetic plans in the real format: targets.yaml plus CSV observations and action updates.

    python -m benchmarks.generate OUT_DIR --metrics 1000 [--observations 120] [--areas N] [--seed 0]

writes ``OUT_DIR/targets.yaml`` and ``OUT_DIR/data/*.csv``; ``python -m metrics check
--targets OUT_DIR/targets.yaml --data OUT_DIR/data`` finds no problem. The plan is
deterministic for a seed, and mixes what real plans have: weeks, counts and percentages,
both directions, milestones, survey sizes (n) for percentages, small counts that are
suppressed on the public site, illustrative values, quoted sources with commas, and statuses
of every colour (values wander around the planned path, some targets are already past).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
from dataclasses import asdict, dataclass
from pathlib import Path

FIRST_MONTH = dt.date(2015, 1, 31)  # month-end observations from here
ROWS_PER_FILE = 250_000  # observations are split over several CSV files, as a real data folder would be
STATUSES = ("blue", "green", "amber", "red", "grey")


@dataclass(frozen=True)
class Counts:
    areas: int
    metrics: int
    actions: int
    observations: int
    updates: int
    files: int
    first_date: str
    last_date: str


def month_end(start: dt.date, months: int) -> dt.date:
    """The last day of the month ``months`` after ``start``'s month."""
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def default_areas(metrics: int) -> int:
    """About sqrt(N) areas: 40 metrics -> 6 areas, 1,000 -> 32, 10,000 -> 100."""
    return max(1, round(math.sqrt(metrics)))


def _q(text: str) -> str:
    return json.dumps(text)  # a double-quoted YAML string


def generate(
    out_dir: Path | str,
    metrics: int,
    observations: int = 120,
    *,
    areas: int | None = None,
    actions: int | None = None,
    updates_per_action: int = 4,
    seed: int = 0,
) -> Counts:
    """Write a plan of ``metrics`` metrics x ``observations`` monthly observations to ``out_dir``."""
    out = Path(out_dir)
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    for old in data.glob("*.csv"):
        old.unlink()
    rng = random.Random(seed)
    n_areas = areas or default_areas(metrics)
    n_actions = metrics // 2 if actions is None else actions
    dates = [month_end(FIRST_MONTH, i) for i in range(observations)]
    last = dates[-1] if dates else FIRST_MONTH
    baseline_date = month_end(FIRST_MONTH, -1)

    yaml_lines = [
        "# Synthetic plan written by benchmarks/generate.py (not real data).",
        f"title: Synthetic plan, {metrics:,} metrics",
        "organisation: Benchmark partnership",
        "defaults: {amber_tolerance: 0.1, suppress_below: 5, min_public_n: 10}",
        "areas:",
    ]
    for a in range(n_areas):
        yaml_lines += [f"  - id: area{a:03d}", f"    title: {_q(f'Area {a + 1}: improvement priority {a + 1}')}"]
        if a % 3 == 0:
            yaml_lines.append(f"    description: {_q(f'What area {a + 1} is about, in a sentence or two.')}")

    obs_rows: list[list[str]] = []
    yaml_lines.append("metrics:")
    for i in range(metrics):
        kind = ("weeks", "percent", "count")[i % 3]
        direction = "decrease" if kind in ("weeks", "count") and i % 4 != 1 else "increase"
        if kind == "percent":
            base = rng.uniform(20, 60) if direction == "increase" else rng.uniform(40, 80)
            goal = min(95.0, base + rng.uniform(10, 30)) if direction == "increase" else max(5.0, base - rng.uniform(10, 30))
        elif kind == "weeks":
            base = rng.uniform(20, 200)
            goal = base * rng.uniform(0.1, 0.6) if direction == "decrease" else base * rng.uniform(1.2, 2.0)
        else:
            base = rng.uniform(3, 60)
            goal = base * rng.uniform(0.05, 0.5) if direction == "decrease" else base * rng.uniform(1.2, 2.0)
        # Most targets fall after the data (green/amber/red on the path); some have already passed.
        target_months = observations + rng.randint(6, 36) if i % 5 else max(12, observations // 2 + rng.randint(-6, 6))
        target_date = month_end(FIRST_MONTH, target_months)
        milestone = None
        if i % 2 == 0 and target_months > 4:
            m_date = month_end(FIRST_MONTH, target_months // 2)
            milestone = (m_date, base + (goal - base) * rng.uniform(0.3, 0.7))
        suppress = kind == "count" and i % 6 == 2
        mid = f"m{i:05d}_{kind}"
        area = f"area{i % n_areas:03d}"
        yaml_lines += [
            f"  - id: {mid}",
            f"    title: {_q(f'Synthetic measure {i + 1} ({kind})')}",
            f"    area: {area}",
            f"    unit: {kind}",
            f"    direction: {direction}",
            f"    baseline: {{date: {baseline_date.isoformat()}, value: {base:.1f}}}",
        ]
        if milestone:
            yaml_lines.append(f"    milestones:\n      - {{date: {milestone[0].isoformat()}, value: {milestone[1]:.1f}}}")
        yaml_lines += [
            f"    target: {{date: {target_date.isoformat()}, value: {goal:.1f}}}",
            "    frequency: monthly",
            f"    lead: {_q(f'Lead officer {i % 17 + 1}')}",
            f"    source: {_q(f'Synthetic source {i % 7 + 1}, table {i % 11 + 1}')}",
            f"    public: {'true' if i % 4 else 'false'}",
        ]
        if suppress:
            yaml_lines.append("    suppress_small: true")
        if i % 10 == 0:
            yaml_lines.append(f"    description: {_q('A synthetic measure for the benchmarks; higher or lower is better as its direction says.')}")

        # Values: the planned path (linear baseline -> target) plus a drift and noise, so statuses vary.
        total_days = (target_date - baseline_date).days or 1
        drift = rng.choice((-0.25, -0.1, 0.0, 0.05, 0.15)) * abs(goal - base)
        noise = 0.03 * abs(goal - base) + 0.2
        stop = observations if i % 50 != 7 else max(0, observations - 6)  # a few with overdue data
        if i % 97 == 5:
            stop = 0  # and a few with no data yet (grey)
        survey = kind == "percent" and i % 2 == 0
        for j in range(stop):
            when = dates[j]
            frac = min(1.0, (when - baseline_date).days / total_days)
            planned = base + (goal - base) * frac
            better = 1 if direction == "increase" else -1
            value = planned + better * drift * frac + rng.gauss(0, noise)
            if kind == "percent":
                value = min(100.0, max(0.0, value))
            else:
                value = max(0.0, value)
                if kind == "count" or suppress:
                    value = float(round(value))
            n = str(rng.randint(6, 400)) if survey else ""
            source = "Synthetic monthly return" if j % 3 else "Synthetic return, table 2, row 7"  # some quoted
            note = "" if j % 12 else "Year-end figure, checked"
            illustrative = "true" if (i + j) % 9 == 0 else "false"
            obs_rows.append([mid, when.isoformat(), f"{value:.2f}".rstrip("0").rstrip("."), n, source, note, illustrative])

    yaml_lines.append("actions:")
    upd_rows: list[list[str]] = []
    for k in range(n_actions):
        aid = f"act-{k:05d}"
        due = month_end(FIRST_MONTH, rng.randint(max(1, observations // 3), observations + 24))
        yaml_lines += [
            f"  - id: {aid}",
            f"    title: {_q(f'Synthetic action {k + 1}')}",
            f"    area: area{k % n_areas:03d}",
            f"    due: {due.isoformat()}",
            f"    lead: {_q(f'Action lead {k % 13 + 1}')}",
            f"    public: {'true' if k % 3 else 'false'}",
        ]
        if k % 4 == 0:
            yaml_lines.append(f"    description: {_q('What this action will do, in plain words.')}")
        if not dates or k % 11 == 3:
            continue  # some actions have no update yet (grey)
        months = sorted(rng.sample(range(len(dates)), min(updates_per_action, len(dates))))
        for u, j in enumerate(months):
            status = rng.choice(("green", "green", "amber", "red")) if u < len(months) - 1 else rng.choice(STATUSES[:4])
            upd_rows.append([aid, dates[j].isoformat(), status, f"Internal update {u + 1}: progress, risks, next steps", f"Update {u + 1}"])

    (out / "targets.yaml").write_text("\n".join(yaml_lines) + "\n", encoding="utf-8")
    files = 0
    for start in range(0, len(obs_rows), ROWS_PER_FILE):
        _write_csv(data / f"observations_{files + 1:02d}.csv", ["metric_id", "date", "value", "n", "source", "note", "illustrative"], obs_rows[start : start + ROWS_PER_FILE])
        files += 1
    if upd_rows or not obs_rows:
        _write_csv(data / "action_updates.csv", ["action_id", "date", "status", "narrative", "public_narrative"], upd_rows)
        files += 1
    return Counts(
        areas=n_areas,
        metrics=metrics,
        actions=n_actions,
        observations=len(obs_rows),
        updates=len(upd_rows),
        files=files,
        first_date=dates[0].isoformat() if dates else "",
        last_date=last.isoformat(),
    )


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--metrics", type=int, default=1000)
    parser.add_argument("--observations", type=int, default=120, help="monthly observations per metric")
    parser.add_argument("--areas", type=int, default=None)
    parser.add_argument("--actions", type=int, default=None, help="default: half the number of metrics")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    counts = generate(args.out_dir, args.metrics, args.observations, areas=args.areas, actions=args.actions, seed=args.seed)
    print(json.dumps(asdict(counts)))
    print(f"--targets {args.out_dir / 'targets.yaml'} --data {args.out_dir / 'data'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
