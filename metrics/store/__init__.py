"""The database: figures and action updates entered in the app, by script or imported from CSV
and Excel, with every change kept (who, when in UTC, why, the values before and after).

    from metrics.store import open_store, read_upload, load_from_store
    store = open_store(url, plan)      # sqlite:///file.db (the default kind), postgresql://..., or a file path
    store.add_observation(...), store.add_update(...), store.correct(...), store.retract(...)
    store.preview_import(folder_or_upload), store.import_dir(folder_or_upload, by=...)
    store.dataset(plan, as_recorded_by=...), store.history(...), export_dir(store, out)
    store.version()                    # the newest entry's number: unchanged means nothing changed (a cache key)
    load_from_store(targets, store, as_recorded_by=...) -> Loaded   (what `load` gives for a data folder)

A write that breaks a rule raises StoreError(problems), each problem naming its field, and
writes nothing. See docs/deploy.md (PostgreSQL) and docs/data-format.md for the rules.
"""

from metrics.store.exchange import export_dir, load_from_store
from metrics.store.store import (
    AuditEntry,
    Entry,
    ImportPreview,
    ImportResult,
    Store,
    StoreError,
    database_url,
    describe,
    open_store,
    recorded_by_bound,
)
from metrics.store.upload import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_COLUMNS,
    MAX_UPLOAD_ROWS,
    read_upload,
)

__all__ = [
    "AuditEntry",
    "Entry",
    "ImportPreview",
    "ImportResult",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_COLUMNS",
    "MAX_UPLOAD_ROWS",
    "Store",
    "StoreError",
    "database_url",
    "describe",
    "export_dir",
    "load_from_store",
    "open_store",
    "read_upload",
    "recorded_by_bound",
]
