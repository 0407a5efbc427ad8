"""The store on PostgreSQL, through pytest-postgresql, with this machine's own PostgreSQL binaries.

The server is started once for the module, from the pg_ctl on PATH or in /usr/lib/postgresql/*/bin
(`make test` installs Debian's postgresql when neither has one). PostgreSQL refuses to run as
root, and CI runs as root: then the server runs as the `postgres` user (runuser). pytest-postgresql's
client factory makes a fresh database for each test (from a template) and drops it after.
Without the binaries the tests fail, saying what to install: they never skip.
"""

from __future__ import annotations

import datetime as dt
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import psycopg
import pytest
from pytest_postgresql import factories
from pytest_postgresql.executors import NoopExecutor

from metrics.domain.load import load
from metrics.domain.plan import load_plan
from metrics.domain.rules import plan_status
from metrics.store import StoreError, export_dir, load_from_store, open_store
from metrics.store import store as store_module
from metrics.store.migrations import HEAD
from metrics.views.audience import internal_audience
from metrics.views.records import status_records
from tests.helpers import SMALL

TARGETS = SMALL / "targets.yaml"
DATA = SMALL / "data"
PLAN, _ = load_plan(TARGETS, str(TARGETS))
MISSING = (
    "PostgreSQL binaries not found (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin): "
    "install them (Debian: apt-get install -y postgresql-15, or `make postgresql`), then run the tests again"
)


def find_pg_ctl() -> Path | None:
    """pg_ctl on PATH, else the newest Debian one; its real folder also holds initdb."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve()
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for these tests, as this user, or as `postgres` when this is root."""
    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        pytest.fail(MISSING, pytrace=False)
    run_as: list[str] = []
    if os.getuid() == 0:  # initdb and postgres refuse root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root, and there is no `postgres` user to run the PostgreSQL server as (Debian's postgresql package makes one)", pytrace=False)
        runuser = shutil.which("runuser") or next((p for p in ("/usr/sbin/runuser", "/sbin/runuser") if Path(p).exists()), None)
        if runuser is None:
            pytest.fail("running as root, and runuser (util-linux) is not installed: it is needed to run the PostgreSQL server as `postgres`", pytrace=False)
        run_as = [runuser, "-u", "postgres", "--"]
    work = Path(tempfile.mkdtemp(prefix="store-pg-"))
    if run_as:
        shutil.chown(work, "postgres")
    data, log, port = work / "data", work / "server.log", _free_port()

    def run(*args: str | Path) -> None:
        result = subprocess.run([*run_as, *map(str, args)], cwd=work, capture_output=True, text=True, timeout=120)
        if result.returncode:
            pytest.fail(f"{' '.join(map(str, args))} failed:\n{result.stdout}{result.stderr}{log.read_text() if log.exists() else ''}", pytrace=False)

    run(pg_ctl.parent / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    options = f"-p {port} -k {work} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    run(pg_ctl, "-D", data, "-l", log, "-w", "-o", options, "start")
    try:
        server = NoopExecutor(host="127.0.0.1", port=port, user="postgres", password=None, dbname="store_tests", options="")
        with psycopg.connect(host=server.host, port=port, user=server.user, dbname="postgres", autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {server.template_dbname}")  # each test's database is made from it
        yield server
    finally:
        subprocess.run([*run_as, str(pg_ctl), "-D", str(data), "-m", "immediate", "-w", "stop"], cwd=work, capture_output=True, timeout=120)
        shutil.rmtree(work, ignore_errors=True)


postgresql = factories.postgresql("pg_server")  # a fresh database for each test, dropped after it


@pytest.fixture
def url(postgresql) -> str:
    info = postgresql.info
    return f"postgresql://{info.user}@{info.host}:{info.port}/{info.dbname}"


@pytest.fixture
def store(url):
    with open_store(url, PLAN) as opened:
        yield opened


def statuses(loaded) -> list[dict]:
    return status_records(plan_status(loaded.plan, loaded.dataset, dt.date(2025, 8, 1)), internal_audience(loaded.plan.defaults))


def test_the_binaries_are_this_machines_and_the_store_is_migrated(store):
    assert find_pg_ctl() is not None
    assert store.dialect == "postgresql" and store.revision() == HEAD
    assert store.display.startswith("postgresql+psycopg://postgres@127.0.0.1:")


def test_entries_corrections_and_retractions(store, monkeypatch):
    moments = iter(dt.datetime(2025, month, 1, 9) for month in (2, 3, 4, 5, 6))
    monkeypatch.setattr(store_module, "_now", lambda: next(moments))
    first = store.add_observation("confidence", "2025-01-31", 52.5, by="ann@council.example", n=120, source="Survey")
    with pytest.raises(StoreError) as refused:
        store.add_observation("confidence", "2025-01-31", 101, by="bob@council.example")
    assert [(p.field, p.message) for p in refused.value.problems] == [("value", "101 is not a percentage (must lie between 0 and 100)")]
    with pytest.raises(StoreError) as taken:
        store.add_observation("confidence", "2025-01-31", 50, by="bob@council.example")
    assert taken.value.problems[0].message.startswith("there is already a figure for 2025-01-31 (52.5, entry 1, recorded 2025-02-01 09:00 UTC")
    second = store.correct(first.id, by="bob@council.example", reason="typo", value=53.5)
    update = store.add_update("act-1", "2025-01-31", "green", "Fine", by="ann@council.example")
    store.retract(update.id, by="bob@council.example", reason="wrong action")
    assert [float(v) for v in store.dataset(PLAN, as_recorded_by=dt.date(2025, 2, 28)).series("confidence").values] == [52.5]
    series = store.dataset(PLAN).series("confidence")
    assert [float(v) for v in series.values] == [53.5] and series.correction_at(0).previous == 52.5
    assert store.dataset(PLAN).history("act-1") == ()
    assert [(h.what, h.by, h.why) for h in store.history()] == [
        ("added", "ann@council.example", ""), ("corrected", "bob@council.example", "typo"),
        ("added", "ann@council.example", ""), ("retracted", "bob@council.example", "wrong action"),
    ]  # fmt: skip
    assert second.supersedes == first.id and store.count() == 4


def test_import_is_idempotent_and_gives_the_folders_statuses(store, tmp_path):
    assert store.import_dir(DATA, by="ann@council.example").added == 11
    assert store.import_dir(DATA, by="ann@council.example").added == 0
    assert store.count() == 11
    assert statuses(load_from_store(TARGETS, store)) == statuses(load(TARGETS, DATA))
    export_dir(store, tmp_path / "out")
    assert store.preview_import(tmp_path / "out").unchanged == 11


def test_an_import_that_fails_half_way_writes_nothing(store, monkeypatch):
    monkeypatch.setattr(store_module, "CHUNK", 3)
    real = store_module.Connection.exec_driver_sql
    calls = []

    def failing(self, sql, *args, **kwargs):
        if sql.startswith("INSERT"):
            calls.append(sql)
            if len(calls) == 2:
                raise OSError("the network went away")
        return real(self, sql, *args, **kwargs)

    monkeypatch.setattr(store_module.Connection, "exec_driver_sql", failing)
    with pytest.raises(OSError):
        store.import_dir(DATA, by="ann@council.example")
    monkeypatch.undo()
    assert store.count() == 0


def test_writers_at_once_all_land_and_the_same_date_only_once(url):
    errors: list[str] = []

    def write(i: int, date: str) -> None:
        try:
            with open_store(url, PLAN) as mine:
                mine.add_observation("longest_wait", date, i, by=f"editor{i}@council.example")
        except StoreError as exc:
            errors.append(str(exc))

    open_store(url).close()  # made (migrated) first
    threads = [threading.Thread(target=write, args=(i, f"2030-01-{i + 1:02d}")) for i in range(10)]
    threads += [threading.Thread(target=write, args=(100 + i, "2031-01-31")) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    with open_store(url) as store:
        assert store.count() == 11  # ten dates, and one of the four writers of 2031-01-31
        assert len(store.history()) == 11
    assert len(errors) == 3 and all("there is already a figure for 2031-01-31" in e for e in errors)
