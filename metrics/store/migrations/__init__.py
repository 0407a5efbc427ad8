"""Alembic migrations of the store, run by ``open_store`` (``upgrade head``); no alembic.ini needed.

HEAD is the newest revision: opening a store compares the database's revision with it and
only then imports Alembic, so a command that writes one figure starts quickly. A test checks
that HEAD is Alembic's head.
"""

from pathlib import Path

HERE = Path(__file__).parent
HEAD = "0002"
