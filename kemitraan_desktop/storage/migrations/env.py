"""Alembic environment: runs on the connection the program hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from kemitraan_desktop.storage import models  # noqa: F401  (registers the tables)
from kemitraan_desktop.storage.base import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
