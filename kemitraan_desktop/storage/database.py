"""One ``Database`` object per run: the engine, sessions, migrations and the attachment store.

The URL is a SQLAlchemy URL. By default it is a SQLite file in the user's data folder; a
PostgreSQL URL works the same way (the pragmas below are applied to SQLite only).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .attachments import AttachmentStore
from .names import ATTACHMENTS_DIRNAME, DB_FILENAME
from .permissions import create_private_file, make_private_folder

__all__ = ["ATTACHMENTS_DIRNAME", "DB_FILENAME", "SCHEMA_HEAD", "Database", "StorageError"]

# The newest schema revision this program knows. Checked without loading Alembic, so a normal
# start-up (schema already current) never pays for importing it. A test keeps it equal to the
# head of the migration scripts.
SCHEMA_HEAD = "0002"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StorageError(Exception):
    """A problem with the database file itself, with a code the layers above translate."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a transaction the program reported as saved survives a power cut.
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


class Database:
    def __init__(self, url: str, data_dir: Path) -> None:
        self.url = url
        self.data_dir = data_dir
        self.attachments = AttachmentStore(data_dir / ATTACHMENTS_DIRNAME)
        self.engine: Engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:":
            return None
        return Path(database)

    @classmethod
    def open(cls, data_dir: Path, url: str | None = None, migrate: bool = True) -> Database:
        """Open (creating if needed) the database of *data_dir* and bring its schema up to date."""
        data_dir.mkdir(parents=True, exist_ok=True)
        if url is None:
            from .preflight import check_before_opening

            check_before_opening(data_dir)  # damaged, foreign or newer files: refused unchanged
            # NIK, NPWP and signed agreements: the folder and what SQLite creates in it are private.
            make_private_folder(data_dir)
            create_private_file(data_dir / DB_FILENAME)
        database = cls(url or f"sqlite:///{data_dir / DB_FILENAME}", data_dir)
        try:
            if migrate:
                database.upgrade()
        except (SADatabaseError, OperationalError) as error:
            database.close()
            raise _classify(error) from error
        except BaseException:
            database.close()
            raise
        database.attachments.remove_stale_incoming()  # what a crash left mid-copy
        return database

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    def schema_version(self) -> str | None:
        try:
            with self.engine.connect() as connection:
                if not inspect(connection).has_table("alembic_version"):
                    return None
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (SADatabaseError, OperationalError) as error:
            raise _classify(error) from error

    def upgrade(self) -> None:
        """Apply the migrations the file lacks. A newer schema than ours is refused, not touched."""
        current = self.schema_version()
        if current == SCHEMA_HEAD:
            return
        from alembic import command
        from alembic.script import ScriptDirectory

        config = _alembic_config()
        known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
        if current is not None and current not in known:
            raise StorageError("newer_schema", current)
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def integrity_check(self) -> list[str]:
        """Problems SQLite finds in the file (empty when it is sound)."""
        if self.engine.dialect.name != "sqlite":
            return []
        with self.engine.connect() as connection:
            rows = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
            problems = [row for row in rows if row != "ok"]
            problems += [
                f"foreign key: {row[0]} row {row[1]} -> {row[2]}"
                for row in connection.execute(text("PRAGMA foreign_key_check"))
            ]
        return problems

    def close(self) -> None:
        self.engine.dispose()


def _alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    # Built in code with an absolute script location: a frozen bundle has no alembic.ini.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _classify(error: Exception) -> StorageError:
    message = str(getattr(error, "orig", error)).lower()
    if "not a database" in message or "file is encrypted" in message:
        return StorageError("not_a_database", message)
    if "malformed" in message or "disk image" in message:
        return StorageError("damaged", message)
    if "locked" in message or "busy" in message:
        return StorageError("in_use", message)
    if "disk is full" in message or "disk full" in message:
        return StorageError("disk_full", message)
    if "readonly" in message or "read-only" in message:
        return StorageError("read_only", message)
    if "unable to open" in message:
        return StorageError("cannot_open", message)
    return StorageError("unknown", message)
