"""python -m metrics check | status: the same words and numbers as the pages."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from metrics.domain.load import DEFAULT_DATA, DEFAULT_TARGETS, Loaded, load, parse_as_of
from metrics.domain.problems import format_problems, problems_summary
from metrics.domain.public import public_snapshot
from metrics.views.records import safe_cell, status_records, table_rows
from metrics.domain.rules import plan_status

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
    spc = sub.add_parser("spc", help="statistical process control (XmR chart) of one metric")
    _common(spc)
    spc.add_argument("--metric", required=True, help="the metric's id")
    spc.add_argument("--as-of", dest="as_of", default=None, help="the date to judge at, YYYY-MM-DD (default: today)")
    spc.add_argument("--format", choices=("table", "json"), default="table")
    report = sub.add_parser("report", help="the board's progress or exception report: one self-contained HTML file, or a PDF")
    _common(report)
    report.add_argument("--kind", choices=("progress", "exception"), required=True, help="progress: the whole plan, area by area; exception: only what needs the board's attention")
    report.add_argument("--as-of", dest="as_of", default=None, help="the date to judge at, YYYY-MM-DD (default: today)")
    report.add_argument("--since", default=None, help="compare with the plan as it stood on this date, YYYY-MM-DD (default: three months before --as-of)")
    report.add_argument("--public", action="store_true", help="the public version: public items only, small numbers suppressed, public narratives")
    report.add_argument("--out", type=Path, required=True, help="the file to write: .html, or .pdf for a PDF")
    report.add_argument("--pdf", action="store_true", help="write a PDF too (to --out with .pdf), or only a PDF when --out ends in .pdf")
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
    if args.command == "spc":
        return _spc(loaded, args.metric, as_of, args.format)
    if args.command == "report":
        return _write_report(args, loaded, as_of)
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
        report = build_report(loaded.plan, loaded.dataset, as_of, kind=args.kind, since=since, public=args.public)
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
