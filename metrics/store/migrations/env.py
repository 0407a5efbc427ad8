"""Alembic's environment: the store passes the connection (already inside its write lock)."""

from alembic import context

from metrics.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
