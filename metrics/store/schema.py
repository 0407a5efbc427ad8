"""The database: ``entry``, every figure and action update ever recorded, never changed (and
``snapshot``, derived from it, below).

A row is written once and never updated or deleted. A correction is a new row that supersedes
the one it corrects (``supersedes``); a retraction is a row that supersedes one and holds no
figure. The figures in force at any moment are the rows recorded by then that nothing recorded
by then supersedes, less the retractions. Who, when (UTC) and why are on every row, so the rows
are the audit trail: nothing else can drift from them.

The tables are made by the Alembic migrations in ``migrations/versions`` (run when a store is
opened); this module describes the same table for the queries, and a test keeps the two in step.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

OBSERVATION, UPDATE = "observation", "update"  # entry.kind
ADD, IMPORT, CORRECT, RETRACT = "add", "import", "correct", "retract"  # entry.action

entry = Table(
    "entry",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # observation | update
    Column("subject", Text, nullable=False),  # the metric's or the action's id
    Column("date", Date, nullable=False),
    # an observation's fields
    Column("value", Float, nullable=True),
    Column("n", Float, nullable=True),
    Column("source", Text, nullable=True),
    Column("note", Text, nullable=True),
    # an action update's fields
    Column("status", String(16), nullable=True),
    Column("narrative", Text, nullable=True),
    Column("public_narrative", Text, nullable=True),
    Column("illustrative", Boolean, nullable=True),
    # who, when, why, and what this row does
    Column("action", String(16), nullable=False),  # add | import | correct | retract
    Column("supersedes", Integer, ForeignKey("entry.id", name="fk_entry_supersedes"), nullable=True),
    Column("recorded_at", DateTime, nullable=False),  # UTC, without a time zone
    Column("recorded_by", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("origin", Text, nullable=False),  # where it came from: 'app', 'command line', 'data/obs.csv:12'
    Index("ix_entry_subject", "kind", "subject", "date"),
    Index("ix_entry_recorded_at", "recorded_at"),
    Index("ux_entry_supersedes", "supersedes", unique=True),  # a row is superseded at most once
)

# The rows in force as of entry ``upto`` (Arrow IPC of metrics.store.store._LIVE), written by the
# writers so that a reader reads one value and the few rows after it instead of every row. Derived
# from ``entry`` alone: deleting it loses nothing (the next import or every SNAPSHOT_EVERY rows
# makes another). Migration 0002.
snapshot = Table(
    "snapshot",
    metadata,
    Column("upto", Integer, primary_key=True, autoincrement=False),
    Column("format", Integer, nullable=False),
    Column("made_at", DateTime, nullable=False),
    Column("data", LargeBinary, nullable=False),
)
