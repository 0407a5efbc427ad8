"""python -m metrics check | status: the same words and numbers as the pages."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from metrics import settings
from metrics.domain.load import Loaded, load, parse_as_of
from metrics.domain.plan import Plan, plan_warnings
from metrics.domain.problems import (
    format_problems,
    format_warnings,
    os_error_message,
    problems_summary,
)
from metrics.domain.public import public_snapshot
from metrics.domain.rules import plan_status
from metrics.domain.window import as_of_window, clamp
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
    "publish": "the public site as static files (HTML, one CSS file, a CSV per measure) in a folder any web server can host",
    "import": "import a data folder's CSV files into the database (--db): what is new is added, a changed figure supersedes the old one, importing twice adds nothing",
    "export": "write the figures in the database to a data folder of CSV files (the same format, re-importable)",
    "add-observation": "record one figure in the database, checked by the same rules as check",
    "add-update": "record one action update in the database, checked by the same rules as check",
    "history": "every change to the database: who, when (UTC), what, why, the values before and after",
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
    if args.command in STORE_COMMANDS:
        return _store_command(args)
    loaded = _load(args)
    if isinstance(loaded, int):  # the database could not be opened: said why
        return loaded
    if not loaded.ok:
        return _report_problems(loaded, listing=args.command == "check")
    if args.command == "check":
        _list_files(loaded, skipped_only=False)
        warnings = plan_warnings(loaded.plan, str(args.targets))
        if warnings:  # put right before publishing, but not refused: still exit 0
            print(format_warnings(warnings), file=sys.stderr)
        print(_summary(args, loaded))
        return EXIT_OK
    if args.command == "benchmark":
        return _benchmark(loaded, args.metric, args.format, str(args.targets))
    try:
        as_of = parse_as_of(args.as_of)
    except ValueError as exc:
        print(f"--as-of: {exc}", file=sys.stderr)
        return EXIT_USAGE
    assert loaded.plan is not None and loaded.dataset is not None
    as_of, moved = clamp(as_of, as_of_window(loaded.plan, loaded.dataset))
    if moved:  # the pages say the same and show the nearest allowed date
        print(f"--as-of: {moved}", file=sys.stderr)
    if args.command == "spc":
        return _spc(loaded, args.metric, as_of, args.format)
    if args.command == "report":
        return _write_report(args, loaded, as_of)
    if args.command == "publish":
        return _publish(args, loaded, as_of)
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


SITE_MARK = ".metrics-site"  # in a folder `publish` wrote: the files it wrote there, one a line


def _publish(args: argparse.Namespace, loaded: Loaded, as_of) -> int:
    """python -m metrics publish: the public site, from the public snapshot only, into --out.

    A folder written before is brought up to date: files the earlier run wrote and this one does not
    (a measure no longer public) are removed. Any other folder must be new or empty."""
    import time

    from metrics.render.site_html import site_files
    from metrics.views.site import build_site

    assert loaded.plan is not None and loaded.dataset is not None
    started = time.perf_counter()
    out: Path = args.out
    wrong = _unpublishable(out, args, loaded)
    if wrong:
        print(f"--out: {wrong}", file=sys.stderr)
        return EXIT_USAGE
    files = site_files(build_site(public_snapshot(loaded.plan, loaded.dataset, as_of), loaded.statistics))
    mark = out / SITE_MARK
    before = set(mark.read_text(encoding="utf-8").split()) if mark.is_file() else set()
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            wrong = _write(out / name, files[name])
            if wrong:
                print(f"--out: {wrong}", file=sys.stderr)
                return EXIT_USAGE
        for name in sorted(before - set(files)):
            stale = (out / name).resolve()
            if stale.is_file() and out.resolve() in stale.parents:
                stale.unlink()
        wrong = _write(mark, "".join(f"{name}\n" for name in sorted(files)).encode("utf-8"))
    except OSError as exc:
        wrong = f"cannot write into '{out}' ({os_error_message(exc)})"
    if wrong:
        print(f"--out: {wrong}", file=sys.stderr)
        return EXIT_USAGE
    pages = [n for n in files if n.endswith(".html")]
    largest = max(pages, key=lambda n: len(files[n]))
    seconds = time.perf_counter() - started
    print(
        f"Wrote {out}: {len(pages)} pages, {sum(n.endswith('.csv') for n in files)} CSV files and site.css "
        f"(figures as at {as_of.isoformat()}; largest page {largest}, {len(files[largest]) / 1024:.0f} KB; {seconds:.1f} s)"
    )
    return EXIT_OK


def _unpublishable(out: Path, args: argparse.Namespace, loaded: Loaded) -> str | None:
    """Why the site cannot be written into ``out`` (None: it can). Never into the inputs."""
    if out.exists() and not out.is_dir():
        return f"'{out}' is a file: give a folder for the site, e.g. site/"
    where = out.resolve()
    data = Path(args.data).resolve()
    if where == data or data in where.parents or where in data.parents:
        return f"'{out}' is or holds the data folder ({args.data}): write the site somewhere else (the data folder is only ever read)"
    inputs = _input_files(args, loaded)
    if any(where == f or where in f.parents for f in inputs):
        return f"'{out}' holds an input file: choose another folder (input files are never changed)"
    if out.is_dir() and not (out / SITE_MARK).is_file() and any(out.iterdir()):
        return f"'{out}' is not empty and was not written by publish: choose a new or empty folder"
    parent = where.parent if not out.exists() else where
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK):
        return f"cannot write into '{out}' (permission denied)"
    return None


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


# -- the database (metrics/store): --db URL or DASHBOARD_DB ------------------------------------

STORE_COMMANDS = ("import", "export", "add-observation", "add-update", "history")
_FLAGS = {"metric_id": "--metric", "action_id": "--action", "public_narrative": "--public-narrative", "": ""}


def _load(args: argparse.Namespace) -> Loaded | int:
    """The plan and the figures: from --data, or with --db from the database (as recorded by --as-of)."""
    if not getattr(args, "db", None):
        return load(args.targets, args.data)
    from metrics.store import StoreError, load_from_store, open_store

    try:
        recorded_by = parse_as_of(args.as_of) if getattr(args, "as_of", None) else None
    except ValueError:
        recorded_by = None  # said below, where --as-of is read
    try:
        with open_store(args.db) as store:
            return load_from_store(args.targets, store, recorded_by)
    except StoreError as exc:
        return _store_problems(exc)


def _summary(args: argparse.Namespace, loaded: Loaded) -> str:
    if not getattr(args, "db", None):
        return loaded.summary(str(args.targets), str(args.data))
    assert loaded.dataset is not None
    return re.sub(r" \(\d+ CSV files?\)", "", loaded.summary(str(args.targets), f"the database {loaded.dataset.files[0]}"))


def _store_problems(exc) -> int:
    """A refused write (or a database that cannot be opened): each problem on a line, beside its flag."""
    from metrics.store import describe

    for problem in exc.problems:
        if problem.file:
            print(problem, file=sys.stderr)
        else:
            flag = _FLAGS.get(problem.field, f"--{problem.field.replace('_', '-')}")
            print(f"{flag}: {problem.message}" if flag else describe(problem), file=sys.stderr)
    if any(p.file for p in exc.problems):
        print(problems_summary(exc.problems), file=sys.stderr)
    return EXIT_PROBLEMS


def _store_command(args: argparse.Namespace) -> int:
    """import | export | add-observation | add-update | history."""
    from metrics.domain.plan import load_plan
    from metrics.store import StoreError, export_dir, open_store

    if not args.db:
        print("--db: no database given: --db URL (sqlite:///FILE.db, postgresql://USER@HOST/NAME, or a file name) or DASHBOARD_DB", file=sys.stderr)
        return EXIT_USAGE
    plan = None
    if args.command in ("import", "add-observation", "add-update"):  # new figures are checked against the plan
        plan, problems = load_plan(Path(args.targets), str(args.targets))
        if problems:
            print(format_problems(problems), file=sys.stderr)
            print(problems_summary(problems), file=sys.stderr)
            return EXIT_PROBLEMS
    try:
        with open_store(args.db, plan) as store:
            if args.command == "import":
                print(store.import_dir(Path(args.data), by=args.by or _user()).summary())
            elif args.command == "export":
                try:
                    recorded_by = parse_as_of(args.as_of) if args.as_of else None
                except ValueError as exc:
                    print(f"--as-of: {exc}", file=sys.stderr)
                    return EXIT_USAGE
                observations, updates = export_dir(store, args.out, recorded_by)
                print(f"Wrote {args.out / 'observations.csv'} ({observations:,} observations) and {args.out / 'action_updates.csv'} ({updates:,} action updates)")
            elif args.command == "add-observation":
                entry = store.add_observation(
                    args.metric, args.date, args.value, by=args.by or "", n=args.n, source=args.source or "", note=args.note or "",
                    illustrative=bool(args.illustrative), origin="command line",
                )  # fmt: skip
                print(f"Added entry {entry.id}: metric '{entry.subject}' on {entry.date.isoformat()}: {args.value.strip()} (by {entry.recorded_by})")
            elif args.command == "add-update":
                entry = store.add_update(
                    args.action, args.date, args.status, args.narrative or "", by=args.by or "", public_narrative=args.public_narrative or "",
                    illustrative=bool(args.illustrative), origin="command line",
                )  # fmt: skip
                print(f"Added entry {entry.id}: action '{entry.subject}' on {entry.date.isoformat()}: {entry.status} (by {entry.recorded_by})")
            else:
                _print_history(store.history(), args.format)
    except StoreError as exc:
        return _store_problems(exc)
    return EXIT_OK


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "command line"


def _print_history(entries, fmt: str) -> None:
    records = [e.record() for e in entries]
    if fmt == "json":
        print(json.dumps(records, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        print(_csv(records), end="")
    else:
        for e in entries:
            change = _change_text(e.old, e.new)
            why = f" because {e.why}" if e.why else ""
            print(f"{e.record()['at']}  {e.by}  {e.what} {e.entity} {e.id} ({e.subject}, {e.date.isoformat()}): {change}{why}")
        print(f"{len(entries):,} change{'s' if len(entries) != 1 else ''}")


def _change_text(old: dict | None, new: dict | None) -> str:
    def shown(values: dict) -> str:
        return ", ".join(f"{k} {v}" for k, v in values.items() if v not in ("", None, False) and k != "date")

    if new is None:
        return f"was {shown(old or {})}"
    if old is None:
        return shown(new)
    changed = {k: v for k, v in new.items() if old.get(k) != v}
    return "; ".join(f"{k} {old.get(k)!r} -> {v!r}" for k, v in changed.items())

