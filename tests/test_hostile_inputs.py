"""Hostile inputs: every bad plan, data file, folder or output path gets a clear problem line or a
one-line CLI error with exit code 2 — never a traceback, never unbounded time or memory, and never
a changed input file.

The corpus is ``tests/hostile/``: one folder per case, holding what the case needs (a
``targets.yaml``, a ``data/`` folder; what it leaves out is taken from ``tests/hostile/_base/``,
a valid plan and its data), and ``expected.txt``, the exact output on stderr. ``args.txt`` gives
other arguments than ``check`` ({tmp} is a fresh empty folder); ``simulate.txt`` names a condition
a file cannot hold: ``unreadable PATH`` (chmod 000, or as root, where chmod cannot stop a read, a
PermissionError from the same calls), ``unwritable DIR`` and ``disk full`` (ENOSPC while writing).

Inputs too big to commit (a 21 MB plan, 5,000 columns, 200,000-character fields) are made here.

To add a case: make its folder, run ``HOSTILE_WRITE=1 .venv/bin/python -m pytest tests/test_hostile_inputs.py``
to write its expected.txt, and read what was written before committing it.

Times are measured in-process (after imports) and held to 5 s, a loose safety bound for a noisy
machine: each case takes well under a second (``make bench`` is where speed is measured). Memory is
the peak traced by tracemalloc while the case runs, held to 200 MB.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import pathlib
import shlex
import signal
import stat
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from metrics import settings
from metrics.cli import main
from tests.helpers import ROOT, snapshot

HOSTILE = ROOT / "tests" / "hostile"
BASE = HOSTILE / "_base"
CASES = sorted(p.name for p in HOSTILE.iterdir() if p.is_dir() and not p.name.startswith("_"))
MAX_SECONDS = 5.0  # each case takes well under 1 s; this only catches a runaway
MAX_MEMORY = 200e6  # bytes traced at the peak
TIMEOUT = 60  # seconds before a case is stopped outright
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(autouse=True)
def _no_dashboard_environment(monkeypatch):
    for option in settings.OPTIONS:
        if option.env:
            monkeypatch.delenv(option.env, raising=False)


def run(args: list[str], capsys) -> tuple[int, str, str, float, float]:
    """python -m metrics ARGS in this process: exit code, stdout, stderr, seconds, peak bytes traced."""
    def stop(signum, frame):  # noqa: ARG001
        raise TimeoutError(f"python -m metrics {' '.join(args)}: still running after {TIMEOUT} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(TIMEOUT)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        code = main(args)
    finally:
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    out, err = capsys.readouterr()
    return code, out, err, seconds, peak


def case_args(folder: Path, tmp: Path) -> list[str]:
    args_file = folder / "args.txt"
    if args_file.exists():
        return shlex.split(args_file.read_text(encoding="utf-8").replace("{tmp}", str(tmp)))
    targets = "targets.yaml" if (folder / "targets.yaml").exists() else "../_base/targets.yaml"
    data = "data" if (folder / "data").exists() else "../_base/data"
    return ["check", "--targets", targets, "--data", data]


# -- conditions a file cannot hold ------------------------------------------------------------


@contextlib.contextmanager
def simulated(folder: Path, tmp: Path):
    """The condition in the case's simulate.txt, for the duration of the run only."""
    spec = (folder / "simulate.txt").read_text(encoding="utf-8").strip().replace("{tmp}", str(tmp)) if (folder / "simulate.txt").exists() else ""
    condition, _, target = spec.partition(" ")
    with pytest.MonkeyPatch.context() as patch:
        if not condition:
            yield
        elif condition == "unreadable":
            with unreadable(folder / target, patch):
                yield
        elif condition == "unwritable":
            with unwritable(Path(target), patch):
                yield
        elif condition == "disk":  # disk full
            with disk_full(patch):
                yield
        else:
            raise AssertionError(f"{folder.name}/simulate.txt: unknown condition {spec!r}")


def _denied(path) -> PermissionError:
    return PermissionError(errno.EACCES, "Permission denied", str(path))


@contextlib.contextmanager
def unreadable(path: Path, monkeypatch):
    if not AS_ROOT:  # the real thing
        mode = path.stat().st_mode
        path.chmod(0)
        try:
            yield
        finally:
            path.chmod(stat.S_IMODE(mode))
        return
    # root reads whatever the mode says: refuse the calls that would read it
    real_open, real_scandir = pathlib.Path.open, os.scandir
    target = os.path.realpath(path)

    def guarded_open(self, *args, **kwargs):
        if os.path.realpath(self) == target:
            raise _denied(self)
        return real_open(self, *args, **kwargs)

    def guarded_scandir(where="."):
        if os.path.realpath(where) == target:
            raise _denied(where)
        return real_scandir(where)

    monkeypatch.setattr(pathlib.Path, "open", guarded_open)
    monkeypatch.setattr(os, "scandir", guarded_scandir)
    yield


@contextlib.contextmanager
def unwritable(folder: Path, monkeypatch):
    if not AS_ROOT:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(stat.S_IMODE(mode))
        return
    import tempfile

    real = tempfile.mkstemp

    def guarded(*args, dir=None, **kwargs):  # noqa: A002 (tempfile's own name)
        if dir is not None and os.path.realpath(dir) == os.path.realpath(folder):
            raise _denied(folder)
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", guarded)
    yield


@contextlib.contextmanager
def disk_full(monkeypatch):
    """Every file opened for writing by descriptor (how the CLI writes) fails with ENOSPC."""
    real = os.fdopen

    class Full(io.RawIOBase):
        def __init__(self, fd):
            self._stream = real(fd, "wb")

        def writable(self):
            return True

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self._stream.close()
            super().close()

    def fdopen(fd, mode="r", *args, **kwargs):
        return Full(fd) if "w" in mode else real(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    yield


# -- the corpus ------------------------------------------------------------------------------


def test_the_corpus_is_there():
    assert len(CASES) >= 30
    assert (BASE / "targets.yaml").is_file() and (BASE / "data").is_dir()
    for name in CASES:
        assert (HOSTILE / name / "expected.txt").is_file() or os.environ.get("HOSTILE_WRITE"), f"tests/hostile/{name}: no expected.txt"


def test_the_base_plan_and_data_are_valid(capsys, monkeypatch):
    monkeypatch.chdir(BASE)
    code, out, err, _, _ = run(["check", "--targets", "targets.yaml", "--data", "data"], capsys)
    assert code == 0, err
    assert out.startswith("OK: targets.yaml and data (2 CSV files)")


@pytest.mark.parametrize("name", CASES)
def test_hostile_case(name, capsys, monkeypatch, tmp_path):
    folder = HOSTILE / name
    monkeypatch.chdir(folder)
    before, base_before = snapshot(folder), snapshot(BASE)
    with simulated(folder, tmp_path):
        code, out, err, seconds, peak = run(case_args(folder, tmp_path), capsys)
    got = err.replace(str(tmp_path), "{tmp}")
    expected_file = folder / "expected.txt"
    if os.environ.get("HOSTILE_WRITE"):
        expected_file.write_text(got, encoding="utf-8")
        before = snapshot(folder)
    assert "Traceback" not in err
    assert (code, out) == (2, ""), f"{name}: exit {code}, stdout {out!r}, stderr {err!r}"
    assert got == expected_file.read_text(encoding="utf-8")
    assert seconds <= MAX_SECONDS, f"{name}: {seconds:.2f} s"
    assert peak <= MAX_MEMORY, f"{name}: {peak / 1e6:.0f} MB"
    assert snapshot(folder) == before, f"{name}: an input file was changed"
    assert snapshot(BASE) == base_before
    assert [p.name for p in tmp_path.iterdir()] == [], f"{name}: left {[p.name for p in tmp_path.iterdir()]} behind"


# -- inputs too big to commit, made here ------------------------------------------------------

PLAN = (BASE / "targets.yaml").read_text(encoding="utf-8")
OBSERVATIONS = (BASE / "data" / "observations.csv").read_text(encoding="utf-8")
UPDATES = (BASE / "data" / "updates.csv").read_text(encoding="utf-8")
LONG = 40_000  # characters: more than a spreadsheet cell holds (32,767)


def _plan(text: str):
    return lambda folder: (folder / "targets.yaml").write_text(text, encoding="utf-8")


def _observations(text: str):
    return lambda folder: (folder / "data" / "observations.csv").write_text(text, encoding="utf-8")


def _many_files(folder: Path) -> None:
    for i in range(1_001):
        (folder / "data" / f"part_{i:04}.csv").write_text("metric_id,date,value\n", encoding="utf-8")


def _copied_file(folder: Path) -> None:
    rows = "".join(f"longest_wait,{2000 + i // 12}-{i % 12 + 1:02}-01,{i}\n" for i in range(150))
    for name in ("waits.csv", "waits (copy).csv"):
        (folder / "data" / name).write_text("metric_id,date,value\n" + rows, encoding="utf-8")


def _quoted_lines(folder: Path) -> None:
    note = "\n".join(["x" * 70] * (LONG // 71 + 1))
    (folder / "data" / "observations.csv").write_text(f'metric_id,date,value,note\nlongest_wait,2023-01-31,20,"{note}"\n', encoding="utf-8")


def _bad_rows(folder: Path) -> None:
    rows = "".join(f"longest_wait,{dt.date(2000, 1, 1) + dt.timedelta(days=i)},x{i}\n" for i in range(1_000))
    (folder / "data" / "observations.csv").write_text("metric_id,date,value\n" + rows, encoding="utf-8")


TOO_LONG_FIELD = "a field is {n:,} characters long: a value may have at most 32,767 (the most a spreadsheet cell holds)"
GENERATED = [
    ("plan of 21 MB", _plan("# " + "x" * 98 + "\n" + PLAN + ("#" * 99 + "\n") * 210_000), ["targets.yaml: is 21.0 MB: a plan may be at most 20 MB (a plan of 10,000 metrics is about 4.5 MB)"]),
    ("nested 20,000 deep", _plan("title: " + "[" * 20_000 + "]" * 20_000 + "\n"), ["targets.yaml:1: values are nested more than 50 levels deep (a plan needs 6)"]),
    ("nested 5,000,000 deep", _plan("title: " + "[" * 5_000_000 + "]" * 5_000_000 + "\n"), ["targets.yaml:1: values are nested more than 50 levels deep (a plan needs 6)"]),
    ("nested 5,000 deep in blocks", _plan("title:\n" + "- " * 5_000 + "x\n"), ["targets.yaml:2: values are nested more than 50 levels deep (a plan needs 6)"]),
    ("a title of 40,000 characters", _plan(PLAN.replace("title: Test partnership plan", "title: " + "x" * LONG)), ["targets.yaml:2: title: is 40,000 characters long: a value may have at most 32,767 (the most a spreadsheet cell holds)"]),
    ("a 10,000-digit number", _plan(PLAN.replace("value: 242}", "value: " + "9" * 10_000 + "}")), ["targets.yaml:19: metric 'longest_wait': baseline.value: '999999999999...' is a number 10,000 characters long: a number must lie between -1e15 and 1e15 (put it in quotes if it is text)"]),
    ("5,000 columns", _observations("metric_id,date,value," + ",".join(f"c{i}" for i in range(4, 5_001)) + "\nlongest_wait,2023-01-31,20\n"), ["data/observations.csv:1: header: has 5,000 columns: at most 100 are read (observations have 7 at most, action updates 6)"]),
    ("a field of 40,000 characters", _observations(f"metric_id,date,value,note\nlongest_wait,2023-01-31,20,ok\nlongest_wait,2023-02-28,20,{'x' * LONG}\n"), ["data/observations.csv:3: " + TOO_LONG_FIELD.format(n=LONG)]),
    ("a field of 200,000 characters (more than Python's csv reads)", _observations(f'metric_id,date,value,note\nlongest_wait,2023-01-31,20,"{"x" * 200_000}"\n'), ["data/observations.csv:2: " + TOO_LONG_FIELD.format(n=200_000)]),
    ("a quoted field of 40,000 characters over short lines", _quoted_lines, ["data/observations.csv:2: " + TOO_LONG_FIELD.format(n=(LONG // 71 + 1) * 71 - 1)]),
    ("1,000 rows with the same problem", _bad_rows, [f"data/observations.csv:{i + 2}: metric 'longest_wait': value: 'x{i}' is not a number" for i in range(100)] + ["data/observations.csv:102: value: 900 more rows from here on with the same problem (only the first 100 are listed)"]),
    ("a file copied in the data folder", _copied_file, [f"data/waits.csv:{i + 2}: metric 'longest_wait': date: a second row for {2000 + i // 12}-{i % 12 + 1:02}-01 (the first is at data/waits (copy).csv:{i + 2}); keep one" for i in range(100)] + ["data/waits.csv:102: date: 50 more rows from here on with the same problem (only the first 100 are listed)"]),
    ("1,001 CSV files", _many_files, ["data: has 1,003 CSV files: at most 1,000 are read (combine them into fewer files)"]),
]


@pytest.mark.parametrize(("make", "expected"), [g[1:] for g in GENERATED], ids=[g[0] for g in GENERATED])
def test_generated_hostile_input(make, expected, capsys, monkeypatch, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "targets.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "data" / "observations.csv").write_text(OBSERVATIONS, encoding="utf-8")
    (tmp_path / "data" / "updates.csv").write_text(UPDATES, encoding="utf-8")
    make(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    code, out, err, seconds, peak = run(["check", "--targets", "targets.yaml", "--data", "data"], capsys)
    lines = err.splitlines()
    assert (code, out) == (2, "")
    assert lines[:-1] == expected
    assert lines[-1] == f"{len(expected)} problem{'s' if len(expected) != 1 else ''} found; nothing was changed."
    assert seconds <= MAX_SECONDS, f"{seconds:.2f} s"
    assert peak <= MAX_MEMORY, f"{peak / 1e6:.0f} MB"
    assert snapshot(tmp_path) == before


def test_more_data_than_the_limit_is_refused_before_reading(capsys, monkeypatch, tmp_path):
    from metrics.domain import data

    monkeypatch.setattr(data, "MAX_DATA_BYTES", 500)
    monkeypatch.chdir(BASE)
    code, out, err, _, _ = run(["check", "--targets", "targets.yaml", "--data", "data"], capsys)
    size = sum(p.stat().st_size for p in (BASE / "data").iterdir())
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"data: the CSV files in the data folder come to {size:,} bytes: at most 500 bytes are read (10,000 metrics with ten years of monthly figures come to 85 MB)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_named_csv_is_skipped_not_waited_on(capsys, monkeypatch, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for path in (BASE / "data").iterdir():
        (data / path.name).write_bytes(path.read_bytes())
    os.mkfifo(data / "pipe.csv")  # reading it would wait for a writer for ever
    code, out, err, seconds, _ = run(["check", "--targets", str(BASE / "targets.yaml"), "--data", str(data)], capsys)
    assert code == 0 and out.startswith("OK: ")
    assert f"{data}/pipe.csv: not a file (a device, pipe or socket), skipped" in err.splitlines()
    assert seconds <= MAX_SECONDS


def test_a_device_as_the_plan_is_refused_not_read(capsys):
    code, out, err, seconds, _ = run(["check", "--targets", "/dev/zero", "--data", str(BASE / "data")], capsys)
    assert (code, out) == (2, "")
    assert err.splitlines() == ["/dev/zero: is not a file (a device, pipe or socket), not a YAML file", "1 problem found; nothing was changed."]
    assert seconds <= MAX_SECONDS


def test_a_reader_that_stops_early_gets_no_traceback():
    """`python -m metrics status | head -1`: the pipe closes before the output is written."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")} | {"PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "metrics", "status", "--targets", str(BASE / "targets.yaml"), "--data", str(BASE / "data"), "--as-of", "2025-08-01"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    process.stdout.close()  # nobody reads: the first print meets a broken pipe
    _, err = process.communicate(timeout=120)
    assert (process.returncode, err.decode()) == (0, "")


def test_the_limits_leave_room_for_the_benchmark_plan(tmp_path):
    """The 10,000-metric plan of benchmarks/ must still load: it is ten times the 1,000-metric one
    made here (4.4 MB and 445,000 values), which must be under a tenth of every limit."""
    from benchmarks.generate import generate
    from metrics.domain import yamlsource

    generate(tmp_path, metrics=1_000, observations=1)
    text = (tmp_path / "targets.yaml").read_text(encoding="utf-8")
    builder = yamlsource._read(text, "targets.yaml")
    assert 10 * len(text.encode()) < yamlsource.MAX_PLAN_BYTES
    assert 10 * builder.values < yamlsource.MAX_VALUES
    assert builder.repeated == 0 and not builder.problems


# -- downloads hold whatever check accepts ------------------------------------------------------


def test_every_download_writes_any_text_check_accepts(tmp_path):
    """A title with tabs, line breaks, accents, emoji, right-to-left text and the longest value
    check accepts: check passes, and the CSV and Excel downloads write it back exactly."""
    import openpyxl

    from metrics.domain.load import load
    from metrics.domain.problems import MAX_TEXT
    from metrics.render.tables import to_csv_bytes, to_excel_bytes

    odd = 'Tab\there, line\nbreak, "quotes", =SUM(A1), é ü ß, 😀, עברית, \u200b zero width'
    plan = PLAN.replace("title: Test partnership plan", "title: " + yaml_quote(odd)).replace("lead: Autism pathway lead", "lead: " + "L" * MAX_TEXT)
    (tmp_path / "targets.yaml").write_text(plan, encoding="utf-8")
    loaded = load(tmp_path / "targets.yaml", BASE / "data")
    assert loaded.ok, [str(p) for p in loaded.problems]
    records = [{"title": loaded.plan.title, "lead": loaded.plan.metrics[0].lead, "value": float("nan")}]
    assert to_csv_bytes(records).decode("utf-8-sig").splitlines()[1].startswith('"Tab\there')
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(records)))
    title, lead, value = (c.value for c in book.active[2])
    assert (title, lead, value) == (odd, "L" * MAX_TEXT, None)


def test_a_control_character_from_elsewhere_does_not_break_the_excel_download():
    """check refuses control characters; text that did not come through check (a statistics
    file, a future source) still makes a workbook, with U+FFFD where the character was."""
    import openpyxl

    from metrics.render.tables import to_excel_bytes

    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes([{"title": "a\x0bb\x00c", "n": float("inf")}], sheet="Off track: [all]")))
    assert [c.value for c in book.active[2]] == ["a\ufffdb\ufffdc", None]
    assert book.sheetnames == ["Off track- -all-"]


def yaml_quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a double-quoted YAML string


def test_the_limits_are_documented():
    from metrics.domain import data, yamlsource
    from metrics.domain.problems import MAX_TEXT

    targets = (ROOT / "docs" / "targets.md").read_text(encoding="utf-8")
    data_format = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for value in (f"{yamlsource.MAX_PLAN_BYTES // 1_000_000} MB", f"{yamlsource.MAX_VALUES:,}", f"{yamlsource.MAX_DEPTH} levels", f"{yamlsource.MAX_REPEATED:,} in all", "-1e15 to 1e15", f"{MAX_TEXT:,} characters", "1900-01-01 to 2199-12-31"):
        assert value in targets, f"docs/targets.md does not give the limit {value}"
    for value in (f"| {data.MAX_DATA_FILES:,} |", f"| {data.MAX_DATA_BYTES // 1_000_000} MB |", f"| {data.MAX_COLUMNS} |", f"| {MAX_TEXT:,} |", f"| {data.MAX_LISTED} |"):
        assert value in data_format, f"docs/data-format.md does not give the limit {value}"
