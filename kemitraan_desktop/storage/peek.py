"""Looking into a database file before it is opened for writing, without changing a byte.

Every look before the start-up checks have passed (the program password, the list's first page,
the checks themselves) goes through :func:`looking_at`. A connection opened for writing, even
only to read, checkpoints a pending write-ahead log into the main file when it closes and
deletes the log: with a damaged file beside a crash's log that would rewrite the very file the
checks are about to refuse "unchanged". So:

* no log (no ``-wal`` and no ``-shm``, or an empty ``-wal``): the file is read as *immutable*,
  which creates no companion file and takes no lock;
* a log and its index (``-wal`` and ``-shm``): read-only, the index itself opened read-only
  (``readonly_shm``), so that neither the log nor the index is written — the index of a crash
  is rebuilt in memory;
* a log without its index: SQLite cannot read the log without creating an index beside it, so
  the file and its log are copied into a private scratch folder and the copy is read.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WAL, SHM = "-wal", "-shm"


def companion(database_file: Path, suffix: str) -> Path:
    return Path(f"{database_file}{suffix}")


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def has_log(database_file: Path) -> bool:
    """Whether a write-ahead log with something in it lies beside *database_file*."""
    return bool(_size(companion(database_file, WAL)))


def _uri(path: Path, query: str) -> str:
    return f"{path.resolve().as_uri()}?{query}"


@contextmanager
def looking_at(database_file: Path, timeout: float = 0.5) -> Iterator[sqlite3.Connection]:
    """A connection that can only read *database_file* (and its log) and writes nothing beside it.

    Raises ``sqlite3.Error`` or ``OSError`` when the file cannot be looked at so (missing,
    not a database, no permission).
    """
    wal_size = _size(companion(database_file, WAL))
    has_index = companion(database_file, SHM).exists()
    scratch = None
    if wal_size is not None and has_index:
        uri = _uri(database_file, "mode=ro&readonly_shm=1")
    elif wal_size:
        from .scratch import Scratch

        scratch = Scratch(database_file.parent, "periksa")
        copy = scratch.path / database_file.name
        try:
            shutil.copyfile(database_file, copy)
            shutil.copyfile(companion(database_file, WAL), companion(copy, WAL))
        except BaseException:
            scratch.close()
            raise
        uri = _uri(copy, "mode=ro")
    else:
        if not database_file.is_file():
            raise sqlite3.OperationalError(f"unable to open database file: {database_file}")
        uri = _uri(database_file, "mode=ro&immutable=1")
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=timeout)
    except BaseException:
        if scratch is not None:
            scratch.close()
        raise
    try:
        yield connection
    finally:
        connection.close()
        if scratch is not None:
            scratch.close()
