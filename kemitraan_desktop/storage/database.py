"""One ``Database`` object per run: the engine, sessions, migrations and the attachment store.

The URL is a SQLAlchemy URL. By default it is a SQLite file in the user's data folder; a
PostgreSQL URL works the same way (the pragmas below are applied to SQLite only).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .attachments import AttachmentStore
from .errors import StorageError
from .names import ATTACHMENTS_DIRNAME, AUTO_BACKUP_GLOB, BACKUP_DIRNAME, DB_FILENAME
from .permissions import create_private_file, make_private_folder
from .server_attachments import ServerAttachmentStore

__all__ = ["ATTACHMENTS_DIRNAME", "DB_FILENAME", "SCHEMA_HEAD", "Database", "StorageError"]

# The newest schema revision this program knows. Checked without loading Alembic, so a normal
# start-up (schema already current) never pays for importing it. A test keeps it equal to the
# head of the migration scripts.
SCHEMA_HEAD = "0008"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # A second window or command writing at the same moment waits for the first instead of
        # failing with "database is locked": finalize holds the write lock while the final PDF
        # is rendered and sealed, which takes several seconds on a slow laptop (5 s was too
        # short on a loaded two-core machine; the concurrent-writers test saw it).
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a transaction the program reported as saved survives a power cut.
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def driver_url(url: str) -> str:
    """*url* with the driver the program ships with: ``postgresql://`` and ``postgres://`` (as a
    person types them) mean psycopg 3, where SQLAlchemy would look for psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Database:
    def __init__(self, url: str, data_dir: Path) -> None:
        url = driver_url(url)
        self.url = url
        self.data_dir = data_dir
        # Statements' values (names, NIK, addresses) never go into an error's message, so never
        # into a log file either.
        # On a server, each connection taken from the pool is tried first and replaced if the
        # server restarted meanwhile: the next save after a restart is saved, not refused with
        # "server closed the connection unexpectedly".
        self.engine: Engine = create_engine(url, future=True, hide_parameters=True,
                                            pool_pre_ping=not url.startswith("sqlite"))
        # On a server the files live in the database, where every computer reads them; the
        # data folder's store is this computer's copy.
        self.attachments: AttachmentStore = (
            AttachmentStore(data_dir / ATTACHMENTS_DIRNAME)
            if self.engine.dialect.name == "sqlite"
            else ServerAttachmentStore(data_dir / ATTACHMENTS_DIRNAME, self.engine))
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.notes: list[Note] = []  # what opening did that the person should hear about
        self._scratch: dict[str, object] = {}

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:":
            return None
        return Path(database)

    @classmethod
    def open(cls, data_dir: Path, url: str | None = None, migrate: bool = True, *,
             new: bool = False) -> Database:
        """Open the database of *data_dir*, creating it if there is none, and bring its schema
        up to date.

        Nothing is written before the checks (``preflight``) have passed. A database is created
        whole or not at all (:func:`create_database_file`). A folder whose database is missing
        or empty while automatic backups lie beside it is not silently started afresh: it is
        refused with ``StorageError("missing")`` so that the newest backup can be offered,
        unless *new* says that the person chose to start with empty data.
        """
        data_dir.mkdir(parents=True, exist_ok=True)
        notes: list[Note] = []
        if url is None:
            from .aside import keep_orphan_log
            from .preflight import check_before_opening
            from .scratch import clean_scratch

            clean_scratch(data_dir)  # what a killed backup, restore or creation left
            check_before_opening(data_dir)  # damaged, foreign or newer files: refused unchanged
            database_file = data_dir / DB_FILENAME
            if _missing_or_empty(database_file):
                orphan = keep_orphan_log(data_dir)
                if orphan is not None:
                    notes.append(Note("orphan_log", orphan))
                if not new and has_automatic_backups(data_dir):
                    problem = StorageError("missing", str(database_file))
                    problem.kept_copy = orphan
                    raise problem
            # NIK, NPWP and signed agreements: the folder and what SQLite creates in it are private.
            make_private_folder(data_dir)
            if _missing_or_empty(database_file):
                create_database_file(database_file)
        database = cls(url or f"sqlite:///{data_dir / DB_FILENAME}", data_dir)
        database.notes = notes
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

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A unit of work that only reads: what it changes on the way (a draft brought up to
        date to be printed) is rolled back at the end, never committed. The services give it
        to a user who may read but not change (an observer)."""
        with self._sessions() as session:
            session.info["read_only"] = True
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def locked_session(self) -> Iterator[Session]:
        """One unit of work that reads and then decides, so no other writer may come between
        (finalize, sign, take a number): committed when the block ends, rolled back if it raises.

        On SQLite it holds the file's write lock from its first statement (``BEGIN IMMEDIATE``;
        a second writer waits its busy timeout, then reads what the first wrote). Python's
        sqlite3 would only begin at the first change, after the reads. On PostgreSQL it is an
        ordinary transaction: the rows it decides on are locked with
        :func:`~kemitraan_desktop.storage.write_order.lock_row`.
        """
        if self.engine.dialect.name != "sqlite":
            with self.session() as session:
                yield session
            return
        with self.engine.connect() as connection, _one_transaction(connection), \
                self._sessions(bind=connection) as session:
            yield session
            session.flush()

    def guard_writes(self, check: Callable[[Session], None]) -> None:
        """Run *check* before every flush of every session of this database: the services'
        wall (a role that may not change the data is refused whichever use case tries)."""
        event.listen(self._sessions, "before_flush",
                     lambda session, _context, _instances: check(session))

    def schema_version(self) -> str | None:
        try:
            with self.engine.connect() as connection:
                if not inspect(connection).has_table("alembic_version"):
                    return None
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (SADatabaseError, OperationalError) as error:
            raise _classify(error) from error

    def upgrade(self) -> None:
        """Apply the migrations the file lacks, all in one transaction (a kill in the middle
        leaves the schema as it was). A newer schema than ours is refused, not touched."""
        current = self.schema_version()
        if current == SCHEMA_HEAD:
            return
        from alembic import command
        from alembic.script import ScriptDirectory

        config = _alembic_config()
        known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
        if current is not None and current not in known:
            raise StorageError("newer_schema", current)
        with self.engine.connect() as connection, _one_transaction(connection):
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def all_or_nothing(self) -> Iterator[Database]:
        """A copy of this database to do long work in that is not one transaction (the demo's
        hundred service calls, each committing): when the block ends without an error the copy
        replaces this database, else it is thrown away and this one is left as it was. A kill
        in the middle leaves only the copy, in the private scratch folder the next start empties.

        For a server database there is no file to swap: the block works on this one.
        """
        path = self.path
        if path is None:
            yield self
            return
        from .scratch import Scratch

        with Scratch(self.data_dir, "salinan-kerja") as folder:
            working_file = folder / DB_FILENAME
            _copy_database_file(path, working_file)
            working = Database(f"sqlite:///{working_file}", self.data_dir)
            try:
                yield working
            finally:
                working.close()
            self.engine.dispose()  # our own connections close; SQLite ends the log with them
            if any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal")):
                raise StorageError("in_use", "another program has the database open")
            _sync(working_file)
            os.replace(working_file, path)
            _sync_folder(path.parent)

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

    def temporary_folder(self, purpose: str) -> Path:
        """A private folder in the data folder that lives while this database is open (files
        opened for viewing): removed by :meth:`close`, or by the next start after a crash."""
        from .scratch import Scratch

        scratch = self._scratch.get(purpose)
        if scratch is None:
            scratch = self._scratch[purpose] = Scratch(self.data_dir, purpose)
        return scratch.path  # type: ignore[attr-defined]

    def close(self) -> None:
        self.engine.dispose()
        for scratch in self._scratch.values():
            scratch.close()  # type: ignore[attr-defined]
        self._scratch.clear()


@dataclass(frozen=True)
class Note:
    """Something the opening did that the person should hear about (``code``, and a path)."""

    code: str  # "orphan_log": a log without its database was kept aside as *path*
    path: Path


def _missing_or_empty(database_file: Path) -> bool:
    try:
        return database_file.stat().st_size == 0
    except FileNotFoundError:
        return True


def has_automatic_backups(data_dir: Path) -> bool:
    return any((data_dir / BACKUP_DIRNAME).glob(AUTO_BACKUP_GLOB))


def create_database_file(database_file: Path) -> None:
    """Create the database *database_file*, whole or not at all.

    It is built in the private scratch folder under a temporary name — every table, every
    migration and the schema version — and only then put in place: a kill during the build
    leaves no database (the next start builds again and empties the scratch folder), never half
    the tables without a schema version. An empty file in its place (an older version's start,
    or somebody's) is replaced; a database another copy made meanwhile is kept.
    """
    from .scratch import Scratch

    with Scratch(database_file.parent, "basis-data-baru") as folder:
        built = folder / database_file.name
        create_private_file(built)  # SQLite's -wal and -shm take the file's permissions
        database = Database(f"sqlite:///{built}", database_file.parent)
        try:
            database.upgrade()
        except (SADatabaseError, OperationalError) as error:
            raise _classify(error) from error
        finally:
            database.close()  # the last connection: SQLite folds the log into the file
        _sync(built)
        _put_in_place(built, database_file)
        _sync_folder(database_file.parent)


def _put_in_place(built: Path, database_file: Path) -> None:
    if database_file.exists():
        if database_file.stat().st_size == 0:
            os.replace(built, database_file)
        return  # made by another copy of the program meanwhile: that one is used
    try:
        os.link(built, database_file)  # never over a file that appeared meanwhile
    except FileExistsError:
        return
    except OSError:  # no hard links (FAT on a USB stick, some shares): rename, checked first
        if not database_file.exists():
            os.replace(built, database_file)


def _copy_database_file(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (its log included), with SQLite's backup API."""
    create_private_file(target)
    origin = sqlite3.connect(source)
    try:
        copy = sqlite3.connect(target)
        try:
            origin.backup(copy)
        finally:
            copy.close()
    finally:
        origin.close()


def _sync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a rename in *folder* survive a power cut (POSIX; Windows has no folder handles)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def _one_transaction(connection: Connection) -> Iterator[None]:
    """One real transaction on SQLite, from its first statement (``BEGIN IMMEDIATE``): around
    the DDL of a migration, and around a locked session's reads and writes.

    Python's sqlite3 starts a transaction only before INSERT, UPDATE or DELETE, so each CREATE
    TABLE of a migration would commit by itself and a kill would leave half the tables. Here the
    driver's own transaction handling is set aside for the migration and BEGIN … COMMIT encloses
    all of it, the schema version included.
    """
    if connection.dialect.name != "sqlite":
        with connection.begin():
            yield
        return
    raw = connection.connection.driver_connection
    previous = raw.isolation_level
    raw.isolation_level = None
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            connection.rollback()
            raise
        connection.commit()
    finally:
        raw.isolation_level = previous


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
