"""The program password's stored record, read with the DB-API alone: no SQLAlchemy is imported.

The password is asked before the window shows any partnership, so before the services load
(see ``storage/listing.py`` for why the window does not wait for them). The record is one row of
the ``setting`` table, so it travels with the database and its backups.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .names import DB_FILENAME
from .peek import looking_at

PASSWORD_KEY = "program_password"


class RecordUnreadable(Exception):
    """The database file is there but could not be read now (damaged, locked, not ours)."""


def read_password_record(data_dir: Path) -> str | None:
    """The stored record of the program password of *data_dir*, or None when there is none
    (no database file yet, an empty database, no row). Raises :class:`RecordUnreadable` when the
    file cannot be read; the services will open it and say why. Writes nothing: this runs before
    the start-up checks (``storage/peek.py``)."""
    database_file = data_dir / DB_FILENAME
    if not database_file.is_file():
        return None
    try:
        with looking_at(database_file) as connection:
            try:
                row = connection.execute("SELECT value FROM setting WHERE key = ?",
                                         (PASSWORD_KEY,)).fetchone()
            except sqlite3.OperationalError as error:
                if not _has_no_tables(connection):
                    raise RecordUnreadable(str(error)) from error
                return None  # an empty database: the services will create the tables
    except (sqlite3.Error, ValueError, OSError) as error:
        raise RecordUnreadable(str(error)) from error
    return row[0] if row and row[0] else None


def _has_no_tables(connection: sqlite3.Connection) -> bool:
    try:
        return connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    except sqlite3.Error:
        return False
