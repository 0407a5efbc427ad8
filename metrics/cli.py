"""python -m metrics check | status: the same words and numbers as the pages."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import sys
import tempfile
from pathlib import Path

from metrics import settings
from metrics.domain.load import Loaded, load, parse_as_of
from metrics.domain.plan import Plan
from metrics.domain.problems import format_problems, os_error_message, problems_summary
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
    try:
        code = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:  # the output went to a program that stopped reading (`| head`): nothing more to say
        _quiet_stdout()
        return EXIT_OK
    return code


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so Python's exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test's captured output)
        pass


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = settings.resolve(parser.parse_args(argv))  # the command line, else DASHBOARD_* variables, else defaults
    loaded = load(args.targets, args.data)
    if not loaded.ok:
        return _report_problems(loaded, listing=args.command == "check")
    if args.command == "check":
        _list_files(loaded, skipped_only=False)
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


def _report_problems(loaded: Loaded, listing: bool = False) -> int:
    print(format_problems(loaded.problems), file=sys.stderr)
    if listing:
        _list_files(loaded, skipped_only=True)
    print(problems_summary(loaded.problems), file=sys.stderr)
    return EXIT_PROBLEMS


def _list_files(loaded: Loaded, skipped_only: bool) -> None:
    """`check`: every file in the data folder, read (and what it held) or skipped (and why), on
    stderr before the summary line. With problems, only the skipped ones: the problems name the rest."""
    for file in loaded.files:
        if not (skipped_only and file.read):
            print(file, file=sys.stderr)


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
        except ValueError as exc:
            wrong = "is out of range: " + str(exc).split("out of range: ")[1] if "out of range" in str(exc) else "is not a date (use YYYY-MM-DD)"
            print(f"--since: '{args.since}' {wrong}", file=sys.stderr)
            return EXIT_USAGE
    out: Path = args.out
    only_pdf = out.suffix.lower() == ".pdf"
    targets = [out] if only_pdf or not args.pdf else [out, out.with_suffix(".pdf")]
    for target in targets:
        wrong = _unwritable(target, args, loaded)
        if wrong:
            print(f"--out: {wrong}", file=sys.stderr)
            return EXIT_USAGE
    try:
        report = build_report(loaded.plan, loaded.dataset, as_of, kind=args.kind, since=since, audience=_audience(args, loaded.plan), statistics=loaded.statistics)
    except ValueError as exc:
        print(f"--since: {exc}", file=sys.stderr)
        return EXIT_USAGE
    html = render_html(report)
    if not only_pdf:
        wrong = _write(out, html.encode("utf-8"))
        if wrong:
            print(f"--out: {wrong}", file=sys.stderr)
            return EXIT_USAGE
        print(f"Wrote {out} ({report.title}; HTML)")
    if only_pdf or args.pdf:
        target = targets[-1]
        try:
            pdf = html_to_pdf(html)
        except PdfUnavailable as exc:
            print(f"Cannot write the PDF: {exc}", file=sys.stderr)
            return EXIT_USAGE
        wrong = _write(target, pdf)
        if wrong:
            print(f"--out: {wrong}", file=sys.stderr)
            return EXIT_USAGE
        print(f"Wrote {target} ({report.title}; PDF)")
    return EXIT_OK


def _unwritable(out: Path, args: argparse.Namespace, loaded: Loaded) -> str | None:
    """Why the report cannot be written to ``out`` (None: it can). Never over an input file."""
    if out.is_dir():
        return f"'{out}' is a folder: give a file name, e.g. {out / 'report.html'}"
    if not out.parent.is_dir():
        return f"the folder '{out.parent}' does not exist"
    where = out.resolve()
    if where.parent == Path(args.data).resolve():
        return f"'{out}' is in the data folder ({args.data}): write the report somewhere else (the data folder is only ever read)"
    if where in _input_files(args, loaded):
        return f"'{out}' is an input file: choose another name (input files are never changed)"
    if out.exists() and not os.access(out, os.W_OK):
        return f"cannot write '{out}' (permission denied)"
    if not os.access(out.parent, os.W_OK):
        return f"cannot write '{out}' (permission denied: the folder '{out.parent}' cannot be written to)"
    return None


def _input_files(args: argparse.Namespace, loaded: Loaded) -> set[Path]:
    """The plan and the published statistics files it names (the data files are in --data)."""
    targets = Path(args.targets)
    files = {targets.resolve()}
    plan = loaded.plan
    if plan is not None:
        named = [s.file for s in plan.statistics]
        if plan.local_authority is not None and plan.local_authority.neighbours_file:
            named.append(plan.local_authority.neighbours_file)
        files |= {(targets.parent / name).resolve() for name in named}
    return files


def _write(out: Path, content: bytes) -> str | None:
    """Write ``out`` whole or not at all: into a file beside it, then renamed over it, so a full
    disk or a failure half-way leaves any earlier file as it was. Returns what went wrong, or None."""
    temporary = None
    try:
        handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
        temporary = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        if out.exists():
            os.chmod(temporary, out.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, out)
        temporary = None
    except OSError as exc:
        return f"cannot write '{out}' ({os_error_message(exc)})"
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
    return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
