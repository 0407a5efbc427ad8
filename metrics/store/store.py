"""The store: figures and action updates in a database, every change kept with who, when and why.

    store = open_store("sqlite:///dashboard.db", plan)        # or postgresql://user@host/db
    entry = store.add_observation("autism_longest_wait", "2025-03-31", 14, by="ann@council.gov.uk")
    store.correct(entry.id, by="bob@council.gov.uk", reason="typo: the report says 15", value=15)
    store.retract(entry.id, by=..., reason=...)               # a row saying so, never a delete
    store.preview_import(Path("sample_data")) / store.import_dir(Path("sample_data"), by=...)
    store.dataset(plan, as_recorded_by=dt.date(2025, 4, 1))  # the figures as the board saw them then
    store.history(subject="autism_longest_wait")               # who, when (UTC), what, why, old -> new

No entry is ever updated or deleted (see schema.py; the snapshot table is derived from the entries). Every write is one transaction: SQLite runs
in WAL mode (readers go on while a writer writes) and a writer takes the write lock at the start
(BEGIN IMMEDIATE, waiting up to ``BUSY_TIMEOUT_S``), so two editors saving at once both land, one
after the other; PostgreSQL writers take one advisory lock for the same effect. A check made
before writing (is there already a figure for that date?) therefore holds when the row is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Literal

import numpy as np
import pandas as pd
from sqlalchemy import (
    Engine,
    create_engine,
    event,
    exists,
    func,
    select,
    text,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from metrics.domain.data import ActionUpdate, Correction, Dataset, read_data
from metrics.domain.plan import Plan
from metrics.domain.problems import Problem
from metrics.domain.status import Status
from metrics.store import schema
from metrics.store.migrations import HEAD, HERE
from metrics.store.schema import (
    ADD,
    CORRECT,
    IMPORT,
    OBSERVATION,
    RETRACT,
    UPDATE,
    entry,
)
from metrics.store.validate import (
    OBSERVATION_FIELDS,
    UPDATE_FIELDS,
    as_text,
    check_observation,
    check_update,
    check_who,
)

BUSY_TIMEOUT_S = 30  # how long a writer waits for another to finish before giving up
CHUNK = 5_000  # rows per INSERT statement in an import
_PG_LOCK = 0x5E4D  # the advisory lock PostgreSQL writers take (any constant, the same for all)

Kind = Literal["observation", "update"]
ENTITY = {OBSERVATION: "observation", UPDATE: "action update"}
WHAT = {ADD: "added", IMPORT: "imported", CORRECT: "corrected", RETRACT: "retracted"}
_FIELDS = {OBSERVATION: OBSERVATION_FIELDS, UPDATE: UPDATE_FIELDS}
_ID_FIELD = {OBSERVATION: "metric_id", UPDATE: "action_id"}
_SUBJECT = {OBSERVATION: "metric", UPDATE: "action"}


class StoreError(Exception):
    """Nothing was written: every problem, each naming its field (``value``, ``date``, ``by``, ...)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(describe(p) for p in self.problems))


def describe(problem: Problem) -> str:
    """A problem as one line: the file and line when it has them, else 'field: message'."""
    if problem.file:
        return str(problem)
    return ": ".join(part for part in (problem.subject, problem.field, problem.message) if part)


@dataclass(frozen=True)
class Entry:
    """One row of the store: a figure, an action update, a correction of one, or a retraction."""

    id: int
    kind: Kind  # "observation" or "update"
    subject: str  # the metric's or the action's id
    date: dt.date
    action: str  # "add", "import", "correct" or "retract"
    recorded_at: dt.datetime  # UTC
    recorded_by: str
    reason: str
    origin: str
    supersedes: int | None = None  # the entry this one corrects or retracts
    value: float | None = None
    n: float | None = None
    source: str = ""
    note: str = ""
    status: str | None = None
    narrative: str = ""
    public_narrative: str = ""
    illustrative: bool = False

    @property
    def fields(self) -> dict[str, Any]:
        """What the entry says (for a retraction: nothing)."""
        if self.action == RETRACT:
            return {}
        return {name: getattr(self, name) for name in _FIELDS[self.kind]}


@dataclass(frozen=True)
class AuditEntry:
    """One change: who, when (UTC), what, why, to which figure or update, and the values before and after."""

    id: int  # the entry written
    at: dt.datetime  # UTC
    by: str
    what: str  # added, imported, corrected, retracted
    why: str
    entity: str  # "observation" or "action update"
    subject: str  # the metric's or the action's id
    date: dt.date
    old: dict[str, Any] | None  # the values it replaced (a correction, a retraction)
    new: dict[str, Any] | None  # the values it records (None: a retraction)
    origin: str = ""
    supersedes: int | None = None

    def record(self) -> dict[str, Any]:
        """As written by `history --format json|csv` and the audit page's download."""
        return {
            "id": self.id,
            "at": self.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "by": self.by,
            "what": self.what,
            "why": self.why,
            "entity": self.entity,
            "subject": self.subject,
            "date": self.date.isoformat(),
            "old": self.old,
            "new": self.new,
            "origin": self.origin,
            "supersedes": self.supersedes,
        }


@dataclass(frozen=True, eq=False)
class ImportPreview:
    """What an import would do, and every problem; nothing is written by looking.

    ``added`` and ``changed`` have one row per figure or update: kind, subject, date, the new
    fields (value, n, source, note, status, narrative, public_narrative, illustrative) and origin
    (file:line); ``changed`` also has ``entry_id`` (the entry it supersedes) and each field's
    value before as ``old_<field>``."""

    source: str
    added: pd.DataFrame
    changed: pd.DataFrame
    unchanged: int
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            count = len(self.problems)
            return f"{count} problem{'s' if count != 1 else ''} in {self.source}: nothing can be imported until {'they are' if count != 1 else 'it is'} put right."
        return f"{self.source}: {_counts(self.added)} to add, {_counts(self.changed)} to change, {self.unchanged:,} unchanged."


@dataclass(frozen=True)
class ImportResult:
    source: str
    added: int
    changed: int
    unchanged: int
    first_id: int | None = None  # the entries written: first_id .. last_id
    last_id: int | None = None

    def summary(self) -> str:
        if not self.added and not self.changed:
            return f"Imported {self.source}: nothing new ({self.unchanged:,} unchanged)."
        return f"Imported {self.source}: {self.added:,} added, {self.changed:,} changed, {self.unchanged:,} unchanged."


def _counts(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "nothing"
    observations = int((frame["kind"] == OBSERVATION).sum())
    updates = len(frame) - observations
    parts = [f"{observations:,} observation{'s' if observations != 1 else ''}"] if observations else []
    parts += [f"{updates:,} action update{'s' if updates != 1 else ''}"] if updates else []
    return " and ".join(parts)


# -- opening ---------------------------------------------------------------------------------


def database_url(url: str) -> str:
    """The SQLAlchemy URL for ``--db``: a URL as given (postgresql:// uses psycopg 3), or a file path for SQLite."""
    url = (url or "").strip()
    if not url:
        raise StoreError([Problem("", 0, "", "db", "no database given (--db URL or DASHBOARD_DB; e.g. sqlite:///dashboard.db)")])
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def open_store(url: str, plan: Plan | None = None) -> Store:
    """The store at ``url``, its tables made or brought up to date (Alembic ``upgrade head``).
    ``plan``: what new figures are checked against (unknown metrics, percentages); a call may pass another."""
    full = database_url(url)
    try:
        parsed = make_url(full)
    except ArgumentError:
        raise StoreError([Problem("", 0, "", "db", f"'{url}' is not a database URL (e.g. sqlite:///dashboard.db or postgresql://user@host/dashboard)")]) from None
    display = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            raise StoreError([Problem("", 0, "", "db", f"{display}: the folder '{folder}' does not exist")])
    try:
        engine = _engine(parsed)
        store = Store(engine, plan, display)
        store._migrate()
    except NoSuchModuleError:
        raise StoreError([Problem("", 0, "", "db", f"{display}: not a kind of database this dashboard can use (sqlite:/// or postgresql://)")]) from None
    except SQLAlchemyError as exc:
        raise StoreError([Problem("", 0, "", "db", f"{display}: cannot open the database ({_reason(exc)})")]) from None
    return store


def _reason(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None)
    return " ".join(str(original or exc).split())[:300]


def _engine(url) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            cursor.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            # A writer takes the write lock at once, so what it read before writing still holds.
            connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get("store_write") else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


# -- the store -------------------------------------------------------------------------------


@dataclass(eq=False)
class Store:
    engine: Engine
    plan: Plan | None = None
    display: str = ""  # the URL without its password, for messages
    _closed: bool = field(default=False, repr=False)
    # The rows in force as of an entry number, as this process last read them: the next read adds
    # only the rows written since (after a save, one row instead of the whole snapshot). Entries
    # are only ever added, one writer at a time, so the rows after that number are all that changed.
    _remembered: tuple[int, Any, pd.DataFrame] | None = field(default=None, repr=False)  # (entry number, its recording time, rows)

    def close(self) -> None:
        self.engine.dispose()
        self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One transaction holding the write lock: all of it is written, or none of it."""
        with self.engine.connect().execution_options(store_write=True) as conn, conn.begin():
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
            yield conn

    def _migrate(self) -> None:
        if self.revision() == HEAD:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(HERE))
        from alembic.util import CommandError

        with self._writing() as conn:  # another process may be migrating: the lock makes it one at a time
            config.attributes["connection"] = conn
            try:
                command.upgrade(config, "head")
            except CommandError as exc:  # e.g. a database made by a newer version of the dashboard
                raise StoreError([Problem("", 0, "", "db", f"{self.display}: cannot bring the database up to date ({exc}): is it from a newer version of the dashboard?")]) from None

    def revision(self) -> str | None:
        """The database's Alembic revision (None: a new, empty database)."""
        with self._reading() as conn:
            if not self.engine.dialect.has_table(conn, "alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    # -- writing one entry -------------------------------------------------------------------

    def add_observation(
        self, metric_id: str, date: Any, value: Any, *, by: str, n: Any = None, source: str = "", note: str = "",
        illustrative: bool = False, reason: str = "", plan: Plan | None = None, origin: str = "app",
    ) -> Entry:  # fmt: skip
        """Record a figure; refused (StoreError, nothing written) when `check` would refuse it,
        or when the metric already has a figure for that date (correct that one instead)."""
        fields = {"date": date, "value": value, "n": n, "source": source, "note": note, "illustrative": illustrative}
        return self._add(OBSERVATION, metric_id, fields, by=by, reason=reason, plan=plan, origin=origin)

    def add_update(
        self, action_id: str, date: Any, status: Any, narrative: str, *, by: str, public_narrative: str = "",
        illustrative: bool = False, reason: str = "", plan: Plan | None = None, origin: str = "app",
    ) -> Entry:  # fmt: skip
        """Record an action update (status, narrative, public narrative); checked like `add_observation`."""
        fields = {"date": date, "status": status, "narrative": narrative, "public_narrative": public_narrative, "illustrative": illustrative}
        return self._add(UPDATE, action_id, fields, by=by, reason=reason, plan=plan, origin=origin)

    def _check(self, kind: str, subject: Any, fields: dict, plan: Plan | None) -> tuple[dict | None, list[Problem]]:
        plan = plan if plan is not None else self.plan
        return (check_observation if kind == OBSERVATION else check_update)(plan, subject, fields)

    def _add(self, kind: str, subject: Any, fields: dict, *, by: str, reason: str, plan: Plan | None, origin: str) -> Entry:
        problems = check_who(by, reason, reason_needed=False)
        checked, more = self._check(kind, subject, fields, plan)
        problems += more
        if problems or checked is None:
            raise StoreError(problems)
        subject = as_text(subject)
        with self._writing() as conn:
            current = self._current(conn, kind, subject, checked["date"])
            if current is not None:
                raise StoreError([_taken(current)])
            row = {**checked, "kind": kind, "subject": subject, "action": ADD, "supersedes": None, "recorded_by": as_text(by), "reason": as_text(reason), "origin": origin}
            return self._insert(conn, row)

    def correct(self, entry_id: int, *, by: str, reason: str, plan: Plan | None = None, origin: str = "app", **new_fields: Any) -> Entry:
        """A new entry superseding ``entry_id`` with some fields changed (``value=15``, ``date=...``);
        the reason is required, and the old entry is kept (its history shows both)."""
        problems = check_who(by, reason, reason_needed=True)
        with self._writing() as conn:
            old = self._live_entry(conn, entry_id, "corrected")
            allowed = _FIELDS[old.kind]
            for name in new_fields:
                if name not in allowed:
                    problems.append(Problem("", 0, "", name, f"is not a field of an {ENTITY[old.kind]} (fields that can be corrected: {', '.join(allowed)})"))
            if problems:
                raise StoreError(problems)
            merged = {**old.fields, **new_fields}
            checked, more = self._check(old.kind, old.subject, merged, plan)
            if more or checked is None:
                raise StoreError(more)
            if _same(old.fields, checked):
                raise StoreError([Problem("", 0, "", "", f"nothing to correct: the values given are those of entry {old.id} already")])
            if checked["date"] != old.date:
                current = self._current(conn, old.kind, old.subject, checked["date"])
                if current is not None:
                    raise StoreError([_taken(current)])
            row = {**checked, "kind": old.kind, "subject": old.subject, "action": CORRECT, "supersedes": old.id, "recorded_by": as_text(by), "reason": as_text(reason), "origin": origin}
            return self._insert(conn, row)

    def retract(self, entry_id: int, *, by: str, reason: str, origin: str = "app") -> Entry:
        """Withdraw a figure or update: a new entry says so (with the reason); nothing is deleted."""
        problems = check_who(by, reason, reason_needed=True)
        if problems:
            raise StoreError(problems)
        with self._writing() as conn:
            old = self._live_entry(conn, entry_id, "retracted")
            row = {"kind": old.kind, "subject": old.subject, "date": old.date, "action": RETRACT, "supersedes": old.id, "recorded_by": as_text(by), "reason": as_text(reason), "origin": origin}
            return self._insert(conn, row)

    def entry(self, entry_id: int) -> Entry | None:
        with self._reading() as conn:
            row = conn.execute(select(entry).where(entry.c.id == entry_id)).mappings().first()
        return None if row is None else _entry(row)

    def current_entry(self, kind: Kind, subject: str, date: dt.date) -> Entry | None:
        """The entry in force for a metric (kind "observation") or an action ("update") and date."""
        with self._reading() as conn:
            return self._current(conn, kind, subject, date)

    def version(self) -> int:
        """The newest entry's number (0: empty). Rows are only ever added, so while it stays the same
        nothing has changed: a cheap key for caching what was read (one index look-up)."""
        with self._reading() as conn:
            return int(conn.execute(select(func.max(entry.c.id))).scalar() or 0)

    def count(self) -> int:
        """Every row ever written (figures, updates, corrections, retractions)."""
        with self._reading() as conn:
            return int(conn.execute(select(func.count()).select_from(entry)).scalar() or 0)

    def _insert(self, conn: Connection, row: dict) -> Entry:
        row = {**row, "recorded_at": self._clock(conn)}
        new_id = conn.execute(entry.insert().values(**row)).inserted_primary_key[0]
        stored = conn.execute(select(entry).where(entry.c.id == new_id)).mappings().one()
        self._maybe_refresh(conn)
        return _entry(stored)

    def _clock(self, conn: Connection) -> dt.datetime:
        """Now (UTC), and never before the last row written: with the write lock held, recording
        times follow the order of the rows even if the server's clock is put back."""
        latest = conn.execute(select(func.max(entry.c.recorded_at))).scalar()
        now = _now()
        if latest is not None:
            latest = _utc(latest).replace(tzinfo=None)
            if latest > now:
                return latest
        return now

    def _current(self, conn: Connection, kind: str, subject: str, date: dt.date) -> Entry | None:
        later = entry.alias("later")
        row = conn.execute(
            select(entry).where(
                entry.c.kind == kind, entry.c.subject == subject, entry.c.date == date, entry.c.action != RETRACT,
                ~exists().where(later.c.supersedes == entry.c.id),
            ).order_by(entry.c.id.desc())
        ).mappings().first()  # fmt: skip
        return None if row is None else _entry(row)

    def _live_entry(self, conn: Connection, entry_id: Any, done: str) -> Entry:
        """The entry ``entry_id`` if it is in force (not superseded, not a retraction), else StoreError."""
        try:
            entry_id = int(entry_id)
        except (TypeError, ValueError):
            raise StoreError([Problem("", 0, "", "entry", f"'{entry_id}' is not an entry number")]) from None
        row = conn.execute(select(entry).where(entry.c.id == entry_id)).mappings().first()
        if row is None:
            raise StoreError([Problem("", 0, "", "entry", f"there is no entry {entry_id}")])
        old = _entry(row)
        if old.action == RETRACT:
            raise StoreError([Problem("", 0, "", "entry", f"entry {entry_id} is a retraction (of entry {old.supersedes}): it cannot be {done}")])
        later = conn.execute(select(entry).where(entry.c.supersedes == entry_id)).mappings().first()
        if later is not None:
            newer = _entry(later)
            how = "retracted" if newer.action == RETRACT else f"corrected by entry {newer.id}"
            instead = "" if newer.action == RETRACT else f": {'correct' if done == 'corrected' else 'retract'} entry {newer.id} instead"
            raise StoreError([Problem("", 0, "", "entry", f"entry {entry_id} was already {how} on {_when(newer.recorded_at)} by {newer.recorded_by}{instead}")])
        return old

    # -- reading the figures -----------------------------------------------------------------

    def _live(self, conn: Connection, until: dt.datetime | None = None, *, remember: bool = False) -> pd.DataFrame:
        """The rows in force at ``until`` (None: now): recorded by then, not a retraction, and not
        superseded by a row recorded by then. Now: from the snapshot (the rows in force as of an
        entry number, kept in the database by writers), or what this process read last when that
        is as recent, and the few rows written since; else, and at an earlier moment, from every
        row. ``remember``: keep the result for the next read (only outside a writer's transaction,
        whose rows may yet be rolled back)."""
        if until is None:
            remembered = self._remembered
            base = None
            if remembered is not None:
                upto, made_at, rows = remembered
                # the same entry still carries that number (not a database put back from a copy), and not far behind the snapshot
                if self._recorded_at(conn, upto) == made_at and self._snapshot_upto(conn) - upto <= SNAPSHOT_EVERY:
                    base = (upto, rows)
            if base is None:
                base = self._snapshot(conn)
            if base is not None:
                upto, rows = base
                since = self._since(conn, upto)
                live = _apply(rows, since)
                if remember:
                    newest = int(since["id"].max()) if len(since) else upto
                    self._remembered = (newest, self._recorded_at(conn, newest), live)
                return live
        return self._live_from_rows(conn, until)

    def _recorded_at(self, conn: Connection, entry_id: int) -> Any:
        return conn.execute(select(entry.c.recorded_at).where(entry.c.id == entry_id)).scalar()

    def _snapshot_upto(self, conn: Connection) -> int:
        return conn.execute(select(func.max(schema.snapshot.c.upto)).where(schema.snapshot.c.format == SNAPSHOT_FORMAT)).scalar() or 0

    def _live_from_rows(self, conn: Connection, until: dt.datetime | None = None) -> pd.DataFrame:
        """`_live` from every row. Read through the driver's own cursor (no per-row conversion),
        observations and updates apart (each with only its own columns), and the superseded ids
        apart (from the index)."""
        since = " AND recorded_at <= :until" if until is not None else ""
        params = {"until": until} if until is not None else {}
        superseded = {row[0] for row in self._raw(conn, f"SELECT supersedes FROM entry WHERE supersedes IS NOT NULL{since}", params)}
        frames = []
        for kind, fields in ((OBSERVATION, _OBSERVATION_COLUMNS), (UPDATE, _UPDATE_COLUMNS)):
            columns = ["id", "subject", "date", *fields]
            rows = self._raw(conn, f"SELECT {', '.join(columns)} FROM entry WHERE kind = '{kind}' AND action <> '{RETRACT}'{since}", params)
            if not rows:
                continue
            built = _frame(rows, columns, kind)
            if superseded:
                built = built[~built["id"].isin(list(superseded))]
            frames.append(built)
        if not frames:
            return _frame([], ["id", "subject", "date"], OBSERVATION)
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)

    def _since(self, conn: Connection, upto: int) -> pd.DataFrame:
        """Every row after entry ``upto``, with what it does (action, supersedes)."""
        columns = ["id", "kind", "subject", "date", *_ALL_FIELDS, "action", "supersedes"]
        rows = self._raw(conn, f"SELECT {', '.join(columns)} FROM entry WHERE id > {int(upto)} ORDER BY id", {})
        return _frame(rows, columns, None)

    def _snapshot(self, conn: Connection) -> tuple[int, pd.DataFrame] | None:
        row = conn.execute(
            select(schema.snapshot.c.upto, schema.snapshot.c.data).where(schema.snapshot.c.format == SNAPSHOT_FORMAT).order_by(schema.snapshot.c.upto.desc()).limit(1)
        ).first()
        if row is None:
            return None
        return int(row.upto), _from_arrow(row.data)

    def _save_snapshot(self, conn: Connection, live: pd.DataFrame) -> None:
        """Keep the rows in force as of the newest entry (inside the writer's transaction)."""
        upto = conn.execute(select(func.max(entry.c.id))).scalar() or 0
        conn.execute(schema.snapshot.delete())
        conn.execute(schema.snapshot.insert().values(upto=upto, format=SNAPSHOT_FORMAT, made_at=_now(), data=_to_arrow(live)))

    def _maybe_refresh(self, conn: Connection) -> None:
        """After a write: a new snapshot once SNAPSHOT_EVERY rows have been written since the last."""
        upto = conn.execute(select(func.max(schema.snapshot.c.upto)).where(schema.snapshot.c.format == SNAPSHOT_FORMAT)).scalar() or 0
        newest = conn.execute(select(func.max(entry.c.id))).scalar() or 0
        if newest - upto >= SNAPSHOT_EVERY:
            self._save_snapshot(conn, self._live(conn))

    def _any_superseded(self, conn: Connection, until: dt.datetime | None) -> bool:
        query = select(entry.c.id).where(entry.c.supersedes.is_not(None), entry.c.action == CORRECT).limit(1)
        if until is not None:
            query = query.where(entry.c.recorded_at <= until)
        return conn.execute(query).first() is not None

    def _raw(self, conn: Connection, sql: str, params: dict) -> list[tuple]:
        """Rows as the driver gives them (tuples), inside ``conn``'s transaction; ``:until`` is the one parameter."""
        sqlite = self.dialect == "sqlite"
        if "until" in params:
            until = params["until"]
            sql = sql.replace(":until", "?" if conn.dialect.paramstyle == "qmark" else "%s")
            args: tuple = (until.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else until,)
        else:
            args = ()
        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.execute(sql, args)
            return cursor.fetchall()
        finally:
            cursor.close()

    def _corrections(self, conn: Connection, until: dt.datetime | None = None) -> dict[int, Correction]:
        """For each observation in force that corrects another: the value it replaced, when, who, why."""
        old, later = entry.alias("old"), entry.alias("later")
        superseded = select(later.c.id).where(later.c.supersedes == entry.c.id)
        query = select(entry.c.id, entry.c.recorded_at, entry.c.recorded_by, entry.c.reason, old.c.value).join(old, old.c.id == entry.c.supersedes).where(
            entry.c.action == CORRECT, entry.c.kind == OBSERVATION
        )
        if until is not None:
            query = query.where(entry.c.recorded_at <= until)
            superseded = superseded.where(later.c.recorded_at <= until)
        query = query.where(~superseded.exists())
        return {
            row.id: Correction(_utc(row.recorded_at), row.recorded_by, row.reason, float(row.value))
            for row in conn.execute(query)
        }

    def dataset(self, plan: Plan | None = None, as_recorded_by: dt.datetime | dt.date | None = None) -> Dataset:
        """The figures and updates in force, as they were recorded by ``as_recorded_by`` (a date:
        the end of that day, UTC; None: now). A correction recorded after it does not show; each
        corrected value carries a `Correction` (the value it replaced, when, who, why).
        With a plan, figures for metrics or actions not in it are problems (StoreError)."""
        dataset, problems = self.dataset_and_problems(plan, as_recorded_by)
        if problems or dataset is None:
            raise StoreError(problems)
        return dataset

    def dataset_and_problems(self, plan: Plan | None = None, as_recorded_by: dt.datetime | dt.date | None = None) -> tuple[Dataset | None, list[Problem]]:
        until = recorded_by_bound(as_recorded_by)
        with self._reading() as conn:
            live = self._live(conn, until, remember=True)
            corrections = self._corrections(conn, until) if self._any_superseded(conn, until) else {}
        problems = _unknown_ids(live, plan, self.display or "the database")
        if problems:
            return None, problems
        return _to_dataset(live, corrections, self.display or "the database"), []

    # -- import ------------------------------------------------------------------------------

    def preview_import(self, source: Path | str | Dataset, plan: Plan | None = None) -> ImportPreview:
        """What importing ``source`` (a data folder, or a Dataset from `read_upload`) would add and
        change, and every problem; nothing is written."""
        name, incoming, problems = self._incoming(source, plan)
        if problems:
            empty = _empty_incoming()
            return ImportPreview(name, empty, empty, 0, tuple(sorted(problems)))
        with self._reading() as conn:
            live = self._live(conn)
        added, changed, unchanged = _diff(incoming, live)
        return ImportPreview(name, added, changed, unchanged)

    def import_dir(self, source: Path | str | Dataset, *, by: str, reason: str = "", plan: Plan | None = None) -> ImportResult:
        """Import a data folder (or an uploaded Dataset) in one transaction: what is new is added,
        a different value for a date already held supersedes it, the same value adds nothing
        (importing twice adds nothing). Any problem: StoreError, and nothing is written."""
        problems = check_who(by, reason, reason_needed=False)
        name, incoming, more = self._incoming(source, plan)
        problems += more
        if problems:
            raise StoreError(sorted(problems))
        why = as_text(reason) or f"imported from {name}"
        with self._writing() as conn:
            live = self._live(conn)
            added, changed, unchanged = _diff(incoming, live)
            before = conn.execute(select(func.max(entry.c.id))).scalar() or 0
            now = self._clock(conn)
            parts = self._bulk_insert(conn, added, IMPORT, by, why, now)
            parts += self._bulk_insert(conn, changed, CORRECT, by, as_text(reason) or f"a different value in {name}", now)
            last = conn.execute(select(func.max(entry.c.id))).scalar() or 0
            if parts:
                self._save_snapshot(conn, self._after_import(conn, live, parts, changed, before))
        wrote = last > before
        return ImportResult(name, len(added), len(changed), unchanged, before + 1 if wrote else None, last if wrote else None)

    def _after_import(self, conn: Connection, live: pd.DataFrame, parts: list[pd.DataFrame], changed: pd.DataFrame, before: int) -> pd.DataFrame:
        """The rows in force after an import: those before it, less the ones it superseded, and the
        rows it wrote (numbered in the order written: the write lock keeps other writers out)."""
        ids = [row[0] for row in self._raw(conn, f"SELECT id FROM entry WHERE id > {int(before)} ORDER BY id", {})]
        written = pd.concat(parts, ignore_index=True)
        if len(ids) != len(written):  # not as expected: read them back instead
            return self._live(conn)
        new = pd.DataFrame(
            {
                "id": np.asarray(ids, dtype="int64"), "kind": written["kind"].astype(object), "subject": written["subject"].astype(object),
                "date": pd.to_datetime(written["date"]).astype("datetime64[ns]"),
                **{n: pd.to_numeric(written[n]).astype(float) if n in ("value", "n") else written[n].fillna(False).astype(bool) if n == "illustrative" else written[n].astype(object) for n in _ALL_FIELDS},
            }
        )  # fmt: skip
        superseded = set(changed["entry_id"].astype("int64").tolist()) if not changed.empty else set()
        kept = live[~live["id"].isin(list(superseded))] if superseded else live
        return pd.concat([kept, new], ignore_index=True)

    def _bulk_insert(self, conn: Connection, frame: pd.DataFrame, action: str, by: str, reason: str, now: dt.datetime) -> list[pd.DataFrame]:
        """Insert the rows of ``frame`` (as `_diff` gives them) with the driver's executemany, in
        chunks: values are made the driver's own kinds once per column, not row by row. Returns
        the parts written, in the order written."""
        written: list[pd.DataFrame] = []
        if frame.empty:
            return written
        sqlite = self.dialect == "sqlite"
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        for kind, fields in ((OBSERVATION, ("value", "n", "source", "note", "illustrative")), (UPDATE, ("status", "narrative", "public_narrative", "illustrative"))):
            part = frame[frame["kind"] == kind]
            if part.empty:
                continue
            dates = pd.to_datetime(part["date"])
            columns: dict[str, list] = {
                "kind": [kind] * len(part),
                "subject": part["subject"].astype(str).tolist(),
                "date": dates.dt.strftime("%Y-%m-%d").tolist() if sqlite else dates.dt.date.tolist(),
            }
            for name in fields:
                if name in ("value", "n"):
                    values = pd.to_numeric(part[name]).astype(float)
                    columns[name] = [None if v != v else v for v in values.tolist()]
                elif name == "illustrative":
                    flags = part[name].fillna(False).astype(bool).tolist()
                    columns[name] = [int(f) for f in flags] if sqlite else flags
                else:
                    columns[name] = part[name].fillna("").astype(str).tolist()
            columns["action"] = [action] * len(part)
            columns["supersedes"] = part["entry_id"].astype("int64").tolist() if action == CORRECT else [None] * len(part)
            stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else now
            columns["recorded_at"] = [stamp] * len(part)
            columns["recorded_by"] = [as_text(by)] * len(part)
            columns["reason"] = [reason] * len(part)
            columns["origin"] = part["origin"].astype(str).tolist()
            names = list(columns)
            sql = f"INSERT INTO entry ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"
            rows = list(zip(*columns.values()))
            for start in range(0, len(rows), CHUNK):
                conn.exec_driver_sql(sql, rows[start : start + CHUNK])
            written.append(part)
        return written

    def _incoming(self, source: Path | str | Dataset, plan: Plan | None) -> tuple[str, pd.DataFrame, list[Problem]]:
        plan = plan if plan is not None else self.plan
        if isinstance(source, Dataset):
            name = ", ".join(source.files) or "the upload"
            return name, _incoming_frame(source, name), []
        name = str(source)
        dataset, problems, _ = read_data(Path(source), plan, name)
        if problems or dataset is None:
            return name, _empty_incoming(), problems
        return name, _incoming_frame(dataset, name), []

    # -- history -----------------------------------------------------------------------------

    def history(
        self, *, kind: Kind | None = None, subject: str | None = None, by: str | None = None, what: str | None = None,
        since: dt.datetime | dt.date | None = None, until: dt.datetime | dt.date | None = None,
        limit: int | None = None, newest_first: bool = False,
    ) -> list[AuditEntry]:  # fmt: skip
        """Every change, oldest first (or newest first), filtered: kind ("observation", "update"),
        the metric or action id, who (exact email), what ("added", "imported", "corrected",
        "retracted"), recorded on or after ``since`` and on or before ``until`` (dates: whole days, UTC)."""
        old = entry.alias("old")
        query = select(entry, *[old.c[name].label(f"old_{name}") for name in ("date", *_ALL_FIELDS)]).outerjoin(old, old.c.id == entry.c.supersedes)
        if kind is not None:
            query = query.where(entry.c.kind == kind)
        if subject:
            query = query.where(entry.c.subject == subject)
        if by:
            query = query.where(entry.c.recorded_by == by)
        if what:
            actions = [a for a, word in WHAT.items() if word == what or a == what]
            query = query.where(entry.c.action.in_(actions or [what]))
        if since is not None:
            query = query.where(entry.c.recorded_at >= _start_bound(since))
        if until is not None:
            query = query.where(entry.c.recorded_at <= recorded_by_bound(until))
        query = query.order_by(entry.c.id.desc() if newest_first else entry.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self._reading() as conn:
            rows = conn.execute(query).mappings().all()
        return [_audit(row) for row in rows]


# -- helpers ---------------------------------------------------------------------------------

_ALL_FIELDS = ("value", "n", "source", "note", "status", "narrative", "public_narrative", "illustrative")
_INCOMING = ["kind", "subject", "date", *_ALL_FIELDS, "origin"]
_LIVE = ("id", "kind", "subject", "date", *_ALL_FIELDS)  # the columns of the rows in force
SNAPSHOT_FORMAT = 1  # the layout of a snapshot's data (_LIVE as Arrow IPC); another is ignored
SNAPSHOT_EVERY = 1_000  # rows written after the snapshot before a single write makes a new one
_OBSERVATION_COLUMNS = ("value", "n", "source", "note", "illustrative")
_UPDATE_COLUMNS = ("status", "narrative", "public_narrative", "illustrative")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _utc(moment: dt.datetime) -> dt.datetime:
    """Aware UTC from the database's naive UTC."""
    if isinstance(moment, str):  # a driver that gives text back
        moment = dt.datetime.fromisoformat(moment)
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment.astimezone(dt.timezone.utc)


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is None else moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def recorded_by_bound(moment: dt.datetime | dt.date | None) -> dt.datetime | None:
    """The last moment (naive UTC) counted as recorded by ``moment``: a date means the end of that day (UTC)."""
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return _naive_utc(moment)
    return dt.datetime.combine(moment, dt.time.max)


def _start_bound(moment: dt.datetime | dt.date) -> dt.datetime:
    return _naive_utc(moment) if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time.min)


def _when(moment: dt.datetime) -> str:
    return _utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _entry(row) -> Entry:
    kind = row["kind"]
    return Entry(
        id=int(row["id"]), kind=kind, subject=row["subject"], date=_date(row["date"]), action=row["action"],
        recorded_at=_utc(row["recorded_at"]), recorded_by=row["recorded_by"], reason=row["reason"], origin=row["origin"],
        supersedes=row["supersedes"], value=row["value"], n=row["n"], source=row["source"] or "", note=row["note"] or "",
        status=row["status"], narrative=row["narrative"] or "", public_narrative=row["public_narrative"] or "",
        illustrative=bool(row["illustrative"]),
    )  # fmt: skip


def _plain(value: Any) -> Any:
    """A field's value for history: numbers as numbers (whole ones as int), NaN as None."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if isinstance(value, np.generic):
        return _plain(value.item())
    return value


def _shown(name: str, value: Any) -> Any:
    """A field's value as history shows it: dates as YYYY-MM-DD, whole numbers as int, no NaN."""
    if name == "date":
        return None if value is None else _date(value).isoformat()
    if name == "illustrative":
        return bool(value)
    if name in ("value", "n"):
        return _plain(value)
    return value or ""


def _audit(row) -> AuditEntry:
    current = _entry(row)
    names = _FIELDS[current.kind]
    old = None if current.supersedes is None else {name: _shown(name, row[f"old_{name}"]) for name in names}
    new = None if current.action == RETRACT else {name: _shown(name, value) for name, value in current.fields.items()}
    return AuditEntry(
        id=current.id, at=current.recorded_at, by=current.recorded_by, what=WHAT.get(current.action, current.action),
        why=current.reason, entity=ENTITY[current.kind], subject=current.subject, date=current.date, old=old, new=new,
        origin=current.origin, supersedes=current.supersedes,
    )  # fmt: skip


def _same(old: dict, new: dict) -> bool:
    for name, value in new.items():
        before = old.get(name)
        if isinstance(value, float) or isinstance(before, float):
            if before is None or value is None:
                if before is not value:
                    return False
            elif not (before == value or (math.isnan(before) and math.isnan(value))):
                return False
        elif (before or "") != (value or "") if isinstance(value, str) else before != value:
            return False
    return True


def _taken(current: Entry) -> Problem:
    what = f"{_plain(current.value)}" if current.kind == OBSERVATION else f"{current.status}"
    noun = "figure" if current.kind == OBSERVATION else "update"
    return Problem(
        "", 0, f"{_SUBJECT[current.kind]} '{current.subject}'", "date",
        f"there is already a{'n' if noun == 'update' else ''} {noun} for {current.date.isoformat()} ({what}, entry {current.id}, "
        f"recorded {_when(current.recorded_at)} by {current.recorded_by}): correct that one instead",
    )  # fmt: skip


def _unknown_ids(live: pd.DataFrame, plan: Plan | None, display: str) -> list[Problem]:
    if plan is None or live.empty:
        return []
    problems = []
    known = {OBSERVATION: {m.id for m in plan.measures}, UPDATE: {a.id for a in plan.actions}}
    from_statistics = {m.id: m.observations_from for m in plan.measures if m.observations_from}
    for kind in (OBSERVATION, UPDATE):
        subjects = live.loc[live["kind"] == kind, "subject"]
        odd = sorted(s for s in subjects.unique() if s not in known[kind] or (kind == OBSERVATION and s in from_statistics))
        problems += _unknown_id_problems(kind, odd, subjects, from_statistics, known, display)
    return problems


def _unknown_id_problems(kind: str, odd: list[str], subjects: pd.Series, from_statistics: dict, known: dict, display: str) -> list[Problem]:
    problems = []
    counts = subjects[subjects.isin(odd)].value_counts() if odd else {}
    for subject in odd:
        count = int(counts[subject])
        rows = f"{count:,} {'observation' if kind == OBSERVATION else 'action update'}{'s' if count != 1 else ''} in the database"
        if subject not in known[kind]:
            problems.append(Problem(display, 0, f"{_SUBJECT[kind]} '{subject}'", _ID_FIELD[kind], f"unknown {_SUBJECT[kind]} '{subject}' (not in the plan): {rows}; add it to the plan, or retract them"))
        elif kind == OBSERVATION and subject in from_statistics:
            problems.append(Problem(display, 0, f"metric '{subject}'", "metric_id", f"{rows}, but its observations come from statistic '{from_statistics[subject]}' (observations_from in the plan): retract them, or remove observations_from"))
    return problems


def _frame(rows: list[tuple], columns: list[str], kind: str | None) -> pd.DataFrame:
    """Rows from the driver as a frame of the live columns (and action, supersedes when read):
    one C pass into an object array, then each column converted at once."""
    table = np.array(rows, dtype=object) if rows else np.empty((0, len(columns)), dtype=object)
    column = {name: table[:, i] for i, name in enumerate(columns)}
    count = len(rows)
    frame = {
        "id": column["id"].astype("int64"),
        "kind": column["kind"] if kind is None else np.full(count, kind, dtype=object),
        "subject": column["subject"],
        "date": column["date"].astype("datetime64[D]").astype("datetime64[ns]"),  # 'YYYY-MM-DD' text or date objects
    }
    for name in _ALL_FIELDS:
        if name not in column:
            frame[name] = np.full(count, np.nan, dtype=float) if name in ("value", "n") else np.zeros(count, dtype=bool) if name == "illustrative" else np.full(count, None, dtype=object)
        elif name in ("value", "n"):
            frame[name] = column[name].astype(float)  # None -> NaN
        elif name == "illustrative":
            frame[name] = np.asarray(column[name] == True, dtype=bool)  # noqa: E712 (1, True; None is not)
        else:
            frame[name] = column[name]
    for name in ("action", "supersedes"):
        if name in column:
            frame[name] = column[name]
    return pd.DataFrame({name: pd.Series(values, dtype=values.dtype, copy=False) for name, values in frame.items()})


def _apply(base: pd.DataFrame, since: pd.DataFrame) -> pd.DataFrame:
    """The rows in force: ``base`` (in force as of the snapshot) and the rows written after it."""
    if since.empty:
        return base
    superseded = set(since["supersedes"].dropna().astype("int64").tolist())
    new = since[(since["action"] != RETRACT) & ~since["id"].isin(list(superseded))].drop(columns=["action", "supersedes"])
    kept = base[~base["id"].isin(list(superseded))] if superseded else base
    return pd.concat([kept, new], ignore_index=True) if len(new) else kept.reset_index(drop=True)


_TEXT = ("subject", "kind", "source", "note", "status", "narrative", "public_narrative")


def _to_arrow(live: pd.DataFrame) -> bytes:
    import pyarrow as pa

    table = pa.Table.from_pandas(live[list(_LIVE)], preserve_index=False)  # NaN and None in text: null
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_arrow(data: bytes) -> pd.DataFrame:
    import pyarrow as pa

    frame = pa.ipc.open_stream(pa.py_buffer(bytes(data))).read_all().to_pandas()
    for name in _TEXT:
        values = frame[name].to_numpy(dtype=object, na_value=None) if hasattr(frame[name], "to_numpy") else frame[name]
        frame[name] = pd.Series(values, dtype=object, index=frame.index)
    frame["date"] = frame["date"].astype("datetime64[ns]")
    return frame


def _to_dataset(live: pd.DataFrame, corrections: dict[int, Correction], display: str) -> Dataset:
    obs = live[live["kind"] == OBSERVATION]
    observations = pd.DataFrame(
        {
            "metric_id": obs["subject"].to_numpy(dtype=object),
            "date": obs["date"].to_numpy(dtype="datetime64[ns]"),
            "value": obs["value"].to_numpy(dtype=float),
            "n": obs["n"].to_numpy(dtype=float),
            "source": obs["source"].fillna("").to_numpy(dtype=object),
            "note": obs["note"].fillna("").to_numpy(dtype=object),
            "illustrative": obs["illustrative"].to_numpy(dtype=bool),
            "file": display,
            "line": obs["id"].to_numpy(dtype="int64"),
            "correction": [corrections.get(i) for i in obs["id"].tolist()] if corrections else [None] * len(obs),
        }
    ).sort_values(["metric_id", "date"], kind="stable").reset_index(drop=True)
    ups = live[live["kind"] == UPDATE].sort_values(["subject", "date"], kind="stable")
    updates = tuple(
        ActionUpdate(subject, day.date(), Status(status), narrative or "", public or "", bool(flag))
        for subject, day, status, narrative, public, flag in zip(
            ups["subject"].tolist(), ups["date"], ups["status"].tolist(), ups["narrative"].tolist(), ups["public_narrative"].tolist(), ups["illustrative"].tolist()
        )
    )
    return Dataset(observations, updates, (display,))


def _incoming_frame(dataset: Dataset, name: str) -> pd.DataFrame:
    obs = dataset.observations
    obs_frame = pd.DataFrame(
        {
            "kind": OBSERVATION,
            "subject": obs["metric_id"].astype(object),
            "date": pd.to_datetime(obs["date"]).astype("datetime64[ns]"),
            "value": obs["value"].astype(float),
            "n": obs["n"].astype(float),
            "source": obs["source"].astype(object),
            "note": obs["note"].astype(object),
            "status": None,
            "narrative": None,
            "public_narrative": None,
            "illustrative": obs["illustrative"].astype(bool),
            # the file (its name only: the folder is in the reason) and the line
            "origin": (obs["file"].astype(str).str.rsplit("/", n=1).str[-1] + ":" + obs["line"].astype("int64").astype(str)) if "file" in obs else name,
        }
    )
    updates = pd.DataFrame(
        {
            "kind": UPDATE,
            "subject": [u.action_id for u in dataset.updates],
            "date": pd.to_datetime([u.date for u in dataset.updates]).astype("datetime64[ns]"),
            "value": np.nan, "n": np.nan, "source": None, "note": None,
            "status": [u.status.value for u in dataset.updates],
            "narrative": [u.narrative for u in dataset.updates],
            "public_narrative": [u.public_narrative for u in dataset.updates],
            "illustrative": [u.illustrative for u in dataset.updates],
            "origin": name,
        },
        columns=_INCOMING,
    )  # fmt: skip
    frames = [f for f in (obs_frame, updates) if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else _empty_incoming()


def _empty_incoming() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="datetime64[ns]" if c == "date" else object) for c in _INCOMING})


def _diff(incoming: pd.DataFrame, live: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """(to add, to change, how many unchanged): incoming rows against the rows in force.
    ``changed`` has ``entry_id`` (the row it supersedes) and ``old_<field>`` for each field."""
    key = ["kind", "subject", "date"]
    held = live[[*key, "id", *_ALL_FIELDS]].rename(columns={"id": "entry_id", **{f: f"old_{f}" for f in _ALL_FIELDS}})
    merged = incoming.merge(held, on=key, how="left", sort=False)
    new = merged["entry_id"].isna().to_numpy()
    same = np.ones(len(merged), dtype=bool)
    for name in _ALL_FIELDS:
        a, b = merged[name], merged[f"old_{name}"]
        if name in ("value", "n"):
            a, b = pd.to_numeric(a).astype(float), pd.to_numeric(b).astype(float)
            equal = (a == b) | (a.isna() & b.isna())
        elif name == "illustrative":
            equal = a.fillna(False).astype(bool) == b.fillna(False).astype(bool)
        else:
            equal = a.fillna("").astype(str) == b.fillna("").astype(str)
        same &= equal.to_numpy()
    added = merged.loc[new, _INCOMING].reset_index(drop=True)
    changed = merged[~new & ~same].reset_index(drop=True)
    changed["entry_id"] = changed["entry_id"].astype("int64")
    return added, changed, int((~new & same).sum())


__all__ = [
    "AuditEntry", "Entry", "ImportPreview", "ImportResult", "Store", "StoreError", "database_url", "describe",
    "open_store", "recorded_by_bound", "schema",
]  # fmt: skip
