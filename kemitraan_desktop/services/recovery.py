"""When the data folder cannot be opened: the choices, carried out so that nothing is lost.

The window and the command line both start here. ``open_with_recovery`` claims the folder (one
running copy per folder), opens it, and when that fails asks the person what to do through a
callback — the window shows a dialog, a test answers directly:

* restore the newest automatic backup: the damaged file is first *renamed* aside
  (``kemitraan.sqlite3.rusak-<time>``, with its ``-wal``/``-shm``), never written over;
* start with empty data, when there is no backup to restore (the damaged file is kept aside too);
* a database that is missing or empty while automatic backups lie beside it (deleted, emptied by
  another program) is not started afresh without a word: the newest backup is offered, and
  starting with empty data is the other choice;
* try again (another copy was closed, space was freed), choose another folder, or quit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kemitraan_desktop.domain.dates import local_time
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.aside import kept_aside, move_aside, put_back
from kemitraan_desktop.storage.database import Database
from kemitraan_desktop.storage.lock import FolderLock

from . import audit, opening
from .app import Services
from .backup import BackupInfo, backups_in, check_database_file, restore
from .files import reason

# What a choice can help with: a restore only mends a bad file; the rest may pass by themselves.
RESTORABLE = frozenset({"damaged", "not_a_database", "missing", "schema_changed"})
RETRYABLE = frozenset({"in_use", "read_only", "disk_full", "cannot_open", "unknown"})


class Choice(StrEnum):
    RESTORE = "restore"
    START_EMPTY = "start_empty"
    RETRY = "retry"
    OTHER_FOLDER = "other_folder"
    QUIT = "quit"


@dataclass(frozen=True)
class Problem:
    """Why the folder could not be opened, and what may be offered."""

    code: str
    message: str
    folder: Path
    latest_backup: BackupInfo | None = None
    kept: Path | None = None  # what was kept aside, untouched, when the problem was found

    @property
    def missing(self) -> bool:
        """The database is missing or empty while backups lie beside it."""
        return self.code == "missing"

    @property
    def can_restore(self) -> bool:
        return self.code in RESTORABLE and self.latest_backup is not None

    @property
    def can_start_empty(self) -> bool:
        # A damaged file with a backup: the backup, not a blank start. A missing file: either.
        return self.code in RESTORABLE and (self.latest_backup is None or self.missing)

    @property
    def can_retry(self) -> bool:
        return self.code in RETRYABLE

    def choices(self) -> list[Choice]:
        offered = []
        if self.can_restore:
            offered.append(Choice.RESTORE)
        if self.can_start_empty:
            offered.append(Choice.START_EMPTY)
        if self.can_retry:
            offered.append(Choice.RETRY)
        return [*offered, Choice.OTHER_FOLDER, Choice.QUIT]


@dataclass(frozen=True)
class Recovered:
    message: str  # what was done, in the person's language
    damaged_kept_as: Path | None
    restored_from: Path | None = None


@dataclass
class Opened:
    """An open data folder: its services and the lock that keeps other copies out."""

    svc: Services
    lock: FolderLock
    folder: Path

    def close(self) -> None:
        self.svc.db.close()
        self.lock.release()


Ask = Callable[[Problem], tuple[Choice, Path | None]]
Tell = Callable[[str, bool], None]  # (message, is_error)


def latest_backup(data_dir: Path) -> BackupInfo | None:
    try:
        backups = backups_in(data_dir)
    except OSError:
        return None
    return backups[0] if backups else None


# The damaged file is renamed aside, never written over (``storage/aside.py``).
set_aside = move_aside
set_aside_files = kept_aside  # the damaged database files kept aside, newest first


def restore_latest(data_dir: Path) -> Recovered:
    """Replace a damaged database by the newest sound automatic backup, keeping the damaged one."""
    backups = backups_in(data_dir)
    if not backups:
        raise UserError(_("There is no automatic backup in this data folder."))
    chosen = None
    for info in backups:
        try:
            check_database_file(info.path)
        except UserError:
            continue  # a damaged backup: try the one before it
        chosen = info
        break
    if chosen is None:
        raise UserError(_("None of the automatic backups can be read. Nothing was changed."))
    kept = _set_aside_or_refuse(data_dir)
    try:
        restore(data_dir, chosen.path, note={"damaged_file": kept.name if kept else ""})
    except BaseException:
        if kept is not None:
            put_back(kept, data_dir)
        raise
    message = _("The data was restored from the automatic backup of {when}.").format(
        when=local_time(chosen.created))
    if kept is not None:
        message += " " + _("The damaged file was kept as {path}.").format(path=kept)
    return Recovered(message, kept, chosen.path)


def _set_aside_or_refuse(data_dir: Path) -> Path | None:
    """Move the damaged database aside (see :func:`set_aside`), or say why nothing changed."""
    try:
        return set_aside(data_dir)
    except OSError as error:
        raise UserError(_("The damaged file could not be moved aside ({reason}). Nothing was "
                          "changed.").format(reason=reason(error))) from error


def start_empty(data_dir: Path) -> Recovered:
    """Begin again with an empty database, the damaged one kept aside under another name (the
    automatic backups stay where they are)."""
    kept = _set_aside_or_refuse(data_dir)
    try:
        database = Database.open(data_dir, new=True)
    except BaseException:
        if kept is not None:
            put_back(kept, data_dir)
        raise
    try:
        with database.session() as session:
            audit.log(session, "create", "database", None,
                      changes={"damaged_file": kept.name if kept else ""},
                      actor=Services(database).actor)
    finally:
        database.close()
    message = _("A new, empty database was started.")
    if kept is not None:
        message += " " + _("The damaged file was kept as {path}.").format(path=kept)
    return Recovered(message, kept)


def open_with_recovery(folder: Path, ask: Ask, tell: Tell,
                       lock: FolderLock | None = None) -> Opened | None:
    """Claim and open *folder*; on a problem, ask and act until it opens or the person quits.

    *lock*, when given and still held on *folder* (a restart of the window), is kept rather than
    claimed again. Returns None when the person chose to quit.
    """
    while True:
        held = lock if lock is not None and lock.held and lock.folder == folder else None
        lock = None
        try:
            if held is None:
                held = opening.lock_folder(folder)
            svc = opening.open_for_window(folder)
            for note in opening.notes_of(svc):
                tell(note, False)
            return Opened(svc, held, folder)
        except opening.CannotOpen as error:
            problem = Problem(error.code, error.message, folder,
                              latest_backup(folder) if error.code in RESTORABLE else None,
                              error.kept)
            try:
                choice, other = ask(problem)
                if choice == Choice.QUIT:
                    return None
                if choice == Choice.OTHER_FOLDER and other is not None:
                    folder = other
                elif choice == Choice.RESTORE:
                    tell(restore_latest(folder).message, False)
                elif choice == Choice.START_EMPTY:
                    tell(start_empty(folder).message, False)
            except UserError as failure:
                tell(failure.message, True)
            except OSError as failure:
                tell(_("That did not work: {reason}").format(
                    reason=reason(failure)), True)
            finally:
                if held is not None:
                    held.release()
        except BaseException:
            if held is not None:
                held.release()
            raise
