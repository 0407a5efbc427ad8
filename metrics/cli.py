"""python -m metrics check | status: the same words and numbers as the pages."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from metrics.load import DEFAULT_DATA, DEFAULT_TARGETS, Loaded, load, parse_as_of
from metrics.problems import format_problems, problems_summary
from metrics.public import public_snapshot
from metrics.records import safe_cell, status_records, table_rows
from metrics.rules import plan_status

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 2, 2


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--targets", type=Path, default=DEFAULT_TARGETS, help="the plan (default: targets.yaml)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of CSV files (default: sample_data/)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m metrics", description="Check the SEND improvement plan and its data, and say where every KPI and action stands.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="read everything and report every problem")
    _common(check)
    status = sub.add_parser("status", help="the BRAG status of every KPI and action")
    _common(status)
    status.add_argument("--as-of", dest="as_of", default=None, help="the date to judge at, YYYY-MM-DD (default: today)")
    status.add_argument("--public", action="store_true", help="only what the public view may show, with small numbers suppressed")
    status.add_argument("--format", choices=("table", "csv", "json"), default="table")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    loaded = load(args.targets, args.data)
    if not loaded.ok:
        return _report_problems(loaded)
    if args.command == "check":
        print(loaded.summary(str(args.targets), str(args.data)))
        return EXIT_OK
    try:
        as_of = parse_as_of(args.as_of)
    except ValueError as exc:
        print(f"--as-of: {exc}", file=sys.stderr)
        return EXIT_USAGE
    assert loaded.plan is not None and loaded.dataset is not None
    if args.public:
        result = public_snapshot(loaded.plan, loaded.dataset, as_of).status
    else:
        result = plan_status(loaded.plan, loaded.dataset, as_of)
    if args.format == "json":
        print(json.dumps(status_records(result), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        print(_csv(status_records(result)), end="")
    else:
        print(_table(result))
    return EXIT_OK


def _report_problems(loaded: Loaded) -> int:
    print(format_problems(loaded.problems), file=sys.stderr)
    print(problems_summary(loaded.problems), file=sys.stderr)
    return EXIT_PROBLEMS


def _csv(records: list[dict]) -> str:
    out = io.StringIO()
    fields: list[str] = []
    for record in records:
        fields.extend(k for k in record if k not in fields)
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for record in records:
        flat = {k: (json.dumps(v) if isinstance(v, dict) else safe_cell(v)) for k, v in record.items()}
        writer.writerow(flat)
    return out.getvalue()


def _table(result) -> str:
    rows = table_rows(result)
    heads = {"type": "TYPE", "id": "ID", "status": "STATUS", "latest": "LATEST", "reason": "REASON"}
    widths = {k: max(len(heads[k]), *(len(r[k]) for r in rows)) if rows else len(heads[k]) for k in heads if k != "reason"}
    lines = [f"{result.plan.title}: status as at {result.as_of.isoformat()}"]
    lines.append("  ".join(heads[k].ljust(widths[k]) for k in widths) + "  REASON")
    for r in rows:
        lines.append("  ".join(r[k].ljust(widths[k]) for k in widths) + "  " + r["reason"])
    counts = result.counts()
    lines.append("Totals: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return "\n".join(lines)
