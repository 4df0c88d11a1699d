"""Before the database is opened for writing: refuse what must not be opened, changing nothing.

SQLite writes to a file as soon as it is opened for writing (the journal mode goes into its
header, a migration into its pages, a pending log into the main file when it closes), so a
damaged file, somebody else's file or a file of a newer schema is examined first, through
``peek.looking_at``, which writes nothing. A damaged file with a crash's log beside it is also
copied aside at once, byte for byte (``aside.copy_aside``): whatever is chosen next, the log
that may hold the last saves is kept.

Each refusal is a ``StorageError`` whose code the services translate:

``damaged``         truncated, or SQLite finds the pages inconsistent
``not_a_database``  not SQLite at all (random bytes, a letter), or SQLite but not ours
``newer_schema``    made by a newer version of the program
``read_only``       the folder or the file cannot be written
``disk_full``       no room left for the database to grow
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import suppress
from pathlib import Path

from .database import SCHEMA_HEAD
from .errors import StorageError, os_problem
from .names import DB_FILENAME
from .peek import has_log, looking_at

__all__ = ["StorageError", "check_before_opening", "check_file", "check_folder", "os_problem"]

MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
# Below this the database cannot even write its log; better to say so before it fails midway.
MIN_FREE_BYTES = 2 * 1024 * 1024
# The page check reads the whole file; beyond this size start-up skips it (the header and the
# schema are still checked). A clinic's database is a few megabytes.
QUICK_CHECK_LIMIT = 256 * 1024 * 1024


def check_before_opening(data_dir: Path) -> None:
    """Refuse a folder or database file that must not be opened for writing. Writes nothing
    into the database or its companions (a damaged one with a log is copied aside)."""
    database = data_dir / DB_FILENAME
    check_folder(data_dir, database)
    try:
        check_file(database)
    except StorageError as problem:
        if problem.code in ("damaged", "not_a_database") and has_log(database):
            from .aside import copy_aside

            # No room for a copy: the files in place are still untouched.
            with suppress(OSError):
                problem.kept_copy = copy_aside(data_dir)
        raise


def check_folder(data_dir: Path, database: Path | None = None) -> None:
    """The folder takes writes: a read-only folder or a full disk is refused before SQLite fails."""
    try:
        free = shutil.disk_usage(data_dir).free
    except OSError:
        free = None
    if free is not None and free < MIN_FREE_BYTES:
        raise StorageError("disk_full", f"{data_dir}: {free} bytes free")
    try:
        _write_probe(data_dir)
    except OSError as error:
        raise os_problem(error) from error
    if database is not None and database.is_file() and not os.access(database, os.W_OK):
        raise StorageError("read_only", str(database))


def _write_probe(folder: Path) -> None:
    """Create, write and remove a small file: what the database will need to do to its log."""
    fd, name = tempfile.mkstemp(prefix=".kemitraan-probe-", dir=folder)
    try:
        os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
        os.unlink(name)


def _companion(path: Path, suffix: str) -> bool:
    """Whether SQLite's ``-journal`` beside *path* holds anything."""
    try:
        return Path(f"{path}{suffix}").stat().st_size > 0
    except OSError:
        return False


def check_file(path: Path) -> None:
    """Refuse a database file that is damaged, not ours, or of a newer schema. Reads only."""
    try:
        if path.is_dir():
            raise StorageError("not_a_database", f"{path} is a folder")
        size = path.stat().st_size
    except FileNotFoundError:
        return  # a new data folder
    except OSError as error:
        raise os_problem(error) from error
    has_wal = has_log(path)
    if _companion(path, "-journal"):
        return  # a rollback journal from a crash: SQLite must roll it back before anyone judges
    if size == 0:
        return  # an empty file holds nothing to lose (a log beside it is kept by the opening)
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as error:
        raise os_problem(error) from error
    _check_header(header, size, has_wal)
    _check_contents(path, size)


def _check_header(header: bytes, size: int, has_wal: bool) -> None:
    if not header.startswith(MAGIC):
        if len(header) < len(MAGIC) and MAGIC.startswith(header):
            raise StorageError("damaged", f"truncated to {size} bytes")
        raise StorageError("not_a_database", "no SQLite header")
    if len(header) < HEADER_SIZE:
        raise StorageError("damaged", f"truncated to {size} bytes")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        raise StorageError("damaged", f"impossible page size {page_size}")
    if has_wal:
        return  # the log may hold pages the file has not received yet
    if size % page_size:
        raise StorageError("damaged", f"truncated: {size} bytes is not whole pages of {page_size}")
    pages = int.from_bytes(header[28:32], "big")
    counted = pages and header[24:28] == header[92:96]  # SQLite's rule for a valid page count
    if counted and size < pages * page_size:
        raise StorageError("damaged", f"truncated: {size // page_size} of {pages} pages")


def _damage(error: sqlite3.Error) -> StorageError | None:
    message = str(error).lower()
    if "not a database" in message or "encrypted" in message:
        return StorageError("not_a_database", message)
    if "malformed" in message or "disk image" in message or "corrupt" in message:
        return StorageError("damaged", message)
    return None


def _check_contents(path: Path, size: int) -> None:
    version: str | None = None
    try:
        with looking_at(path) as connection:
            if size <= QUICK_CHECK_LIMIT:
                rows = connection.execute("PRAGMA quick_check").fetchall()
                if rows != [("ok",)]:
                    raise StorageError("damaged", str(rows[0][0]) if rows else "quick_check")
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "alembic_version" not in tables:
                raise StorageError("not_a_database", "an SQLite database of another program")
            if tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                version = row[0] if row else None
    except sqlite3.Error as error:
        problem = _damage(error)
        if problem is not None:
            raise problem from error
        return  # busy, locked, cannot look: not damage; the real open decides
    except OSError:
        return  # cannot even look (no permission, no room for a copy): the real open says why
    if version is not None and version != SCHEMA_HEAD and not _known(version):
        raise StorageError("newer_schema", version)


def _known(version: str) -> bool:
    from alembic.script import ScriptDirectory

    from .database import _alembic_config

    scripts = ScriptDirectory.from_config(_alembic_config())
    return version in {script.revision for script in scripts.walk_revisions()}
