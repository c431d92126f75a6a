"""Alembic environment of the warehouse.

The target schema is `data.schema.metadata`. The database is, in this order: the connection that
`data.migrate.upgrade` hands over (`config.attributes["connection"]`), or the portal's own
DATABASE_URL (`data.settings.Config.from_env()`), so the `alembic` command line and the ETL always
migrate the database the app reads.

Revisions are rendered in batch mode so that column changes also work on SQLite (which cannot
ALTER most things in place); on PostgreSQL batch operations are plain ALTER statements.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection

from data import schema
from data.db import make_engine
from data.migrate import CONTEXT_OPTIONS, lock_migrations
from data.settings import Config

config = context.config

# The command line configures logging from alembic.ini; a programmatic call (the ETL) keeps the
# caller's logging untouched.
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = schema.metadata


def _options() -> dict[str, Any]:  # Any: each option has its own type in configure()
    return {**CONTEXT_OPTIONS, "target_metadata": target_metadata, "render_as_batch": True}


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL instead of running it."""
    url = config.attributes.get("database_url") or Config.from_env().database_url
    context.configure(
        url=url, literal_binds=True, dialect_opts={"paramstyle": "named"}, **_options()
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    context.configure(connection=connection, **_options())
    with context.begin_transaction():
        lock_migrations(connection)
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.attributes.get("database_url") or Config.from_env().database_url
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
