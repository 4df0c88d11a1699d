"""Keeping a database file that must not be used under another name, its bytes untouched.

A damaged file is kept as ``kemitraan.sqlite3.rusak-<time>`` with its ``-wal``/``-shm``/
``-journal`` beside it under the same new name, in case a technician can rescue it; a log left
without its database as ``kemitraan.sqlite3.log-tersisa-<time>-wal``. Nothing here writes into
an existing file: it is renamed (same folder: only the name changes) or copied into new private
files.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from .names import DB_FILENAME
from .permissions import copy_privately

DAMAGED_MARK = ".rusak-"
ORPHAN_LOG_MARK = ".log-tersisa-"
COMPANIONS = ("-wal", "-shm", "-journal")
# What makes two copies the same data: the index (-shm) is rebuilt from the log by any reader.
_CONTENT = ("", "-wal", "-journal")


def _with(base: Path, suffix: str) -> Path:
    return Path(f"{base}{suffix}")


def _free_name(data_dir: Path, mark: str, now: datetime | None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = data_dir / f"{DB_FILENAME}{mark}{stamp}"
    number = 1
    while any(_with(target, suffix).exists() for suffix in ("", *COMPANIONS)):
        number += 1
        target = data_dir / f"{DB_FILENAME}{mark}{stamp}-{number}"
    return target


def kept_aside(data_dir: Path) -> list[Path]:
    """The damaged database files kept aside in *data_dir*, newest first."""
    return sorted((path for path in data_dir.glob(f"{DB_FILENAME}{DAMAGED_MARK}*")
                   if not path.name.endswith(COMPANIONS)), reverse=True)


def _digest(path: Path) -> str | None:
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _same_data(first: Path, second: Path) -> bool:
    return all(_digest(_with(first, suffix)) == _digest(_with(second, suffix))
               for suffix in _CONTENT)


def _already_kept(data_dir: Path) -> Path | None:
    """The newest kept copy, when it holds the same bytes as the database in place."""
    kept = kept_aside(data_dir)
    if kept and _same_data(kept[0], data_dir / DB_FILENAME):
        return kept[0]
    return None


def copy_aside(data_dir: Path, now: datetime | None = None) -> Path | None:
    """Copy the database and its companions, byte for byte, to ``….rusak-<time>``; the files in
    place stay as they are. When the newest kept copy already holds the same bytes (the same
    damaged file met at the next start) no second copy is made. Returns the copy's name."""
    current = data_dir / DB_FILENAME
    if not current.is_file():
        return None
    same = _already_kept(data_dir)
    if same is not None:
        return same
    target = _free_name(data_dir, DAMAGED_MARK, now)
    made: list[Path] = []
    try:
        for suffix in ("", *COMPANIONS):  # the main file first: it names the copy
            source = _with(current, suffix)
            if source.is_file():
                copy_privately(source, _with(target, suffix))
                made.append(_with(target, suffix))
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        raise
    return target


def move_aside(data_dir: Path, now: datetime | None = None) -> Path | None:
    """Rename the database (and its companions) to ``kemitraan.sqlite3.rusak-<time>``.

    A rename in the same folder: the bytes are not touched, only the name changes. When a copy of
    the same bytes was kept already (:func:`copy_aside`), the files in place are that copy's
    twins and go, so that one copy stays. Returns the kept name, or None when there was no
    database file.
    """
    current = data_dir / DB_FILENAME
    if not current.exists():
        return None
    if current.stat().st_size == 0 and not any(
            _with(current, suffix).exists() for suffix in COMPANIONS):
        current.unlink()  # an empty file holds nothing to keep
        return None
    same = _already_kept(data_dir)
    if same is not None:
        for suffix in (*COMPANIONS, ""):
            _with(current, suffix).unlink(missing_ok=True)
        return same
    target = _free_name(data_dir, DAMAGED_MARK, now)
    move_files(current, target)
    return target


def move_files(current: Path, target: Path) -> None:
    """Rename a database and its companions to *target* (and the same suffixes).

    The companions first: a power cut between the renames then leaves the main file where it was,
    never a database beside somebody else's log.
    """
    for suffix in COMPANIONS:
        companion = _with(current, suffix)
        if companion.exists():
            os.replace(companion, _with(target, suffix))
    if current.exists():
        os.replace(current, target)


def replace_keeping(current: Path, replacement: Path, kept: Path) -> None:
    """Put *replacement* where *current* is and keep *current* as *kept*, so that a kill at
    any moment leaves a database under *current*'s name: the old one is linked to *kept*
    first, then the new one renamed over it (one atomic rename). Two renames, as
    ``move_files`` makes them, left no database at all between them, and the next start made
    a new empty one. Where the file system has no hard links, or the old database still has
    a log beside it (its last changes must go with it), the two renames it is."""
    has_log = any(_with(current, suffix).exists() and _with(current, suffix).stat().st_size
                  for suffix in ("-wal", "-journal"))
    linked = False
    if not has_log:
        try:
            os.link(current, kept)
            linked = True
        except OSError:
            linked = False
    if linked:
        _with(current, "-shm").unlink(missing_ok=True)  # an index of no log: rebuilt by a reader
    else:
        move_files(current, kept)
    move_files(replacement, current)


def put_back(kept: Path, data_dir: Path) -> None:
    """Undo :func:`move_aside` when what was to follow it failed."""
    current = data_dir / DB_FILENAME
    if current.exists():
        return
    if not kept.exists():
        return
    os.replace(kept, current)
    for suffix in COMPANIONS:
        companion = _with(kept, suffix)
        if companion.exists() and not _with(current, suffix).exists():
            os.replace(companion, _with(current, suffix))


def keep_orphan_log(data_dir: Path, now: datetime | None = None) -> Path | None:
    """A log (``-wal``) with something in it but no database beside it (deleted, or emptied):
    rename it and its index aside, so that the new database does not start from a stranger's
    log and the log is not silently lost. Returns the kept log's name."""
    current = data_dir / DB_FILENAME
    log = _with(current, "-wal")
    try:
        if not log.stat().st_size:
            return None
        if current.exists() and current.stat().st_size:
            return None
    except OSError:
        return None
    target = _free_name(data_dir, ORPHAN_LOG_MARK, now)
    for suffix in COMPANIONS:
        companion = _with(current, suffix)
        if companion.exists():
            os.replace(companion, _with(target, suffix))
    return _with(target, "-wal")
