"""python -m metrics check | status: the same words and numbers as the pages."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from metrics import settings
from metrics.domain.load import Loaded, load, parse_as_of
from metrics.domain.plan import Plan
from metrics.domain.problems import format_problems, problems_summary
from metrics.domain.public import public_snapshot
from metrics.domain.rules import plan_status
from metrics.render.tables import safe_cell
from metrics.views.audience import Audience, internal_audience, public_audience
from metrics.views.records import status_records, table_rows

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 2, 2


COMMAND_HELP = {
    "check": "read everything and report every problem",
    "status": "the BRAG status of every KPI and action",
    "spc": "statistical process control (XmR chart) of one metric",
    "report": "the board's progress or exception report: one self-contained HTML file, or a PDF",
    "benchmark": "one measure beside England, its region and similar areas (published statistics), year by year",
}


def build_parser() -> argparse.ArgumentParser:
    """Each subcommand's options come from metrics/settings.py, the one place each option is declared."""
    parser = argparse.ArgumentParser(prog="python -m metrics", description="Check the SEND improvement plan and its data, and say where every KPI and action stands.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command, options in settings.COMMANDS.items():
        settings.add_options(sub.add_parser(command, help=COMMAND_HELP[command]), options)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = settings.resolve(parser.parse_args(argv))  # the command line, else DASHBOARD_* variables, else defaults
    loaded = load(args.targets, args.data)
    if not loaded.ok:
        return _report_problems(loaded)
    if args.command == "check":
        print(loaded.summary(str(args.targets), str(args.data)))
        return EXIT_OK
    if args.command == "benchmark":
        return _benchmark(loaded, args.metric, args.format, str(args.targets))
    try:
        as_of = parse_as_of(args.as_of)
    except ValueError as exc:
        print(f"--as-of: {exc}", file=sys.stderr)
        return EXIT_USAGE
    assert loaded.plan is not None and loaded.dataset is not None
    if args.command == "spc":
        return _spc(loaded, args.metric, as_of, args.format)
    if args.command == "report":
        return _write_report(args, loaded, as_of)
    audience = _audience(args, loaded.plan)
    if audience.public:
        result = public_snapshot(loaded.plan, loaded.dataset, as_of).status
    else:
        result = plan_status(loaded.plan, loaded.dataset, as_of)
    if args.format == "json":
        print(json.dumps(status_records(result, audience), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        print(_csv(status_records(result, audience)), end="")
    else:
        print(_table(result, audience))
    return EXIT_OK


def _audience(args: argparse.Namespace, plan: Plan) -> Audience:
    """--public: the families' words, columns and thresholds; else the board's."""
    return public_audience(plan.defaults) if args.public else internal_audience(plan.defaults)


def _spc(loaded: Loaded, metric_id: str, as_of, fmt: str) -> int:
    from metrics.domain.control import metric_spc

    assert loaded.plan is not None and loaded.dataset is not None
    metric = loaded.plan.metric(metric_id)
    if metric is None:
        known = ", ".join(m.id for m in loaded.plan.metrics)
        print(f"--metric: no metric '{metric_id}' in the plan (known: {known})", file=sys.stderr)
        return EXIT_USAGE
    spc = metric_spc(metric, loaded.dataset.series(metric_id), as_of)
    if spc.result is None:
        if fmt == "json":
            print(json.dumps({"metric": metric_id, "available": False, "reason": spc.unavailable}, indent=2))
        else:
            print(f"{metric.title}: no SPC chart. {spc.unavailable}")
        return EXIT_OK
    if fmt == "json":
        print(json.dumps({"metric": metric_id, "available": True, **spc.result.to_dict()}, indent=2, ensure_ascii=False))
    else:
        r = spc.result
        print(f"{metric.title}: SPC as at {as_of.isoformat()}")
        print(f"Mean {r.mean:.6g}; process limits {r.lpl:.6g} to {r.upl:.6g} ({len(r.periods)} period(s))")
        print(f"Variation: {spc.variation_text}")
        print(f"Assurance: {spc.assurance_text}")
        flagged = [p for p in r.points if p.special_cause != "neither"]
        print(f"Special-cause points: {len(flagged)} of {len(r.points)}")
    return EXIT_OK


def _benchmark(loaded: Loaded, measure_id: str, fmt: str, targets: str) -> int:
    """python -m metrics benchmark: a measure's comparison, period by period."""
    from metrics.views.benchmark import (
        benchmark_periods,
        benchmark_record,
        comparison_columns,
        comparison_note,
        comparison_rows,
    )

    plan = loaded.plan
    assert plan is not None
    measure = plan.metric(measure_id) or plan.context_measure(measure_id)
    if measure is None:
        known = ", ".join(m.id for m in plan.measures)
        print(f"--metric: no metric '{measure_id}' in the plan (known: {known})", file=sys.stderr)
        return EXIT_USAGE
    comparison = loaded.statistics.comparison(measure_id)
    if comparison is None:
        compared = ", ".join(m.id for m in plan.measures if m.compare) or "none"
        print(
            f"--metric: metric '{measure_id}' is not compared with published statistics "
            f"(give it compare: STATISTIC_ID in {targets}; metrics compared: {compared})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if fmt == "json":
        print(json.dumps(benchmark_record(comparison), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        print(_csv(benchmark_periods(comparison)), end="")
    else:
        columns = comparison_columns(comparison)
        rows = comparison_rows(comparison, measure.unit)
        widths = {k: max(len(heading), *(len(r[k]) for r in rows)) if rows else len(heading) for k, heading in columns}
        print(f"{measure.title}: {comparison.area_name} beside England, {comparison.region_name or 'its region'} and similar areas")
        print("  ".join(heading.upper().ljust(widths[k]) for k, heading in columns).rstrip())
        for r in rows:
            print("  ".join(r[k].ljust(widths[k]) for k, _ in columns).rstrip())
        print(comparison_note(comparison))
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
        flat = {k: (json.dumps(v) if isinstance(v, dict) else safe_cell("; ".join(map(str, v)) if isinstance(v, list) else v)) for k, v in record.items()}
        writer.writerow(flat)
    return out.getvalue()


def _table(result, audience: Audience) -> str:
    rows = table_rows(result, audience)
    heads = {"type": "TYPE", "id": "ID", "status": "STATUS", "latest": "LATEST", "assumed": "ASSUMED", "reason": "REASON"}
    widths = {k: max(len(heads[k]), *(len(r[k]) for r in rows)) if rows else len(heads[k]) for k in heads if k != "reason"}
    lines = [f"{result.plan.title}: status as at {result.as_of.isoformat()}"]
    lines.append("  ".join(heads[k].ljust(widths[k]) for k in widths) + "  REASON")
    for r in rows:
        lines.append("  ".join(r[k].ljust(widths[k]) for k in widths) + "  " + r["reason"])
    counts = result.counts()
    lines.append("Totals: " + ", ".join(f"{k.value} {v}" for k, v in counts.items()))
    return "\n".join(lines)


def _write_report(args: argparse.Namespace, loaded: Loaded, as_of) -> int:
    """python -m metrics report: the HTML report (and with --pdf or a .pdf name, its PDF)."""
    from metrics.render.pdf import PdfUnavailable, html_to_pdf
    from metrics.render.report_html import render_html
    from metrics.views.report import build_report

    since = None
    if args.since is not None and args.since.strip():
        try:
            since = parse_as_of(args.since)
        except ValueError:
            print(f"--since: '{args.since}' is not a date (use YYYY-MM-DD)", file=sys.stderr)
            return EXIT_USAGE
    out: Path = args.out
    if not out.parent.is_dir():
        print(f"--out: the folder '{out.parent}' does not exist", file=sys.stderr)
        return EXIT_USAGE
    only_pdf = out.suffix.lower() == ".pdf"
    try:
        report = build_report(loaded.plan, loaded.dataset, as_of, kind=args.kind, since=since, audience=_audience(args, loaded.plan), statistics=loaded.statistics)
    except ValueError as exc:
        print(f"--since: {exc}", file=sys.stderr)
        return EXIT_USAGE
    html = render_html(report)
    if not only_pdf:
        out.write_text(html, encoding="utf-8")
        print(f"Wrote {out} ({report.title}; HTML)")
    if only_pdf or args.pdf:
        target = out if only_pdf else out.with_suffix(".pdf")
        try:
            pdf = html_to_pdf(html)
        except PdfUnavailable as exc:
            print(f"Cannot write the PDF: {exc}", file=sys.stderr)
            return EXIT_USAGE
        target.write_bytes(pdf)
        print(f"Wrote {target} ({report.title}; PDF)")
    return EXIT_OK
