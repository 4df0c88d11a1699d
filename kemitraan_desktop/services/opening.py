"""Opening the data folder: the one way the window, the command line and the tests get services."""

from __future__ import annotations

from pathlib import Path

from kemitraan_desktop import paths
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.database import Database, StorageError
from kemitraan_desktop.storage.errors import os_problem
from kemitraan_desktop.storage.lock import FolderLock
from kemitraan_desktop.storage.schema_check import missing_parts

from .app import Services
from .files import disk_full_text, reason


class CannotOpen(UserError):
    """The data folder or its database cannot be used; ``code`` says why, ``kept`` names what
    was kept aside untouched when the problem was found (a damaged file's copy with its log, or
    a log left without its database)."""

    def __init__(self, message: str, code: str, kept: Path | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.kept = kept


def describe(error: StorageError) -> str:
    message = _describe_code(error)
    kept = error.kept_copy
    if isinstance(kept, Path):
        if error.code == "missing":
            message += " " + _kept_log_text(kept)
        else:
            message += " " + _(
                "A copy of it and of its log (the last changes before a crash) was kept as "
                "{path}.").format(path=kept)
    return message


def _kept_log_text(path: Path) -> str:
    return _("A log of changes was found without its database; it was kept as {path}, in case a "
             "technician can rescue something from it.").format(path=path)


def notes_of(svc: Services) -> list[str]:
    """What opening the folder did that the person should hear about, in their language."""
    texts = {"orphan_log": _kept_log_text}
    return [texts[note.code](note.path) for note in svc.db.notes if note.code in texts]


def _describe_code(error: StorageError) -> str:
    messages = {
        "not_a_database": _(
            "The data file is not a Kemitraan database (or it is badly damaged). "
            "It has not been changed."
        ),
        "damaged": _("The database file is damaged. It has not been changed."),
        "in_use": _(
            "This data folder is already open in another running copy of Kemitraan Desktop. "
            "Close that window (or wait for that command to finish), then try again."
        ),
        "read_only": _(
            "The data folder or its database file is read-only, so nothing could be saved. "
            "Choose a folder you can write to (not a write-protected USB stick or a CD)."
        ),
        "disk_full": disk_full_text(),
        "cannot_open": _(
            "The data folder cannot be opened or written (read-only, full disk or no permission)."
        ),
        "newer_schema": _(
            "This database was made by a newer version of Kemitraan Desktop. "
            "Update the program to open it; nothing has been changed."
        ),
        "missing": _(
            "The database file is missing or empty (deleted, or emptied by another program), "
            "but this folder holds automatic backups of it. Nothing has been created in its "
            "place."
        ),
    }
    if error.code == "schema_changed":
        return _("The structure of the database was changed outside the program ({detail} "
                 "missing), so the window cannot show it. It has not been changed. Restore the "
                 "newest automatic backup, or run “check” to see everything that differs."
                 ).format(detail=error.detail)
    return messages.get(error.code, _("The database cannot be opened: {detail}").format(
        detail=error.detail or error.code))


def open_services(data_dir: Path | None = None, url: str | None = None, *,
                  new: bool = False) -> Services:
    """Open (creating if needed) the data folder and return the services over it.

    *new*: the person chose to start with empty data although backups lie in the folder."""
    folder = data_dir or paths.default_data_dir()
    try:
        return Services(Database.open(folder, url=url or paths.database_url(folder), new=new))
    except StorageError as error:
        kept = error.kept_copy if isinstance(error.kept_copy, Path) else None
        raise CannotOpen(describe(error), error.code, kept) from error
    except OSError as error:
        problem = os_problem(error)
        if problem.code != "cannot_open":
            raise CannotOpen(describe(problem), problem.code) from error
        raise CannotOpen(
            _("The data folder {folder} cannot be used: {reason}").format(
                folder=folder, reason=reason(error)
            ),
            "cannot_open",
        ) from error


def open_for_window(data_dir: Path | None = None) -> Services:
    """As :func:`open_services`, refused with ``CannotOpen("schema_changed")`` when the file
    lacks a table or a column the program makes (dropped outside it): every page reads them,
    and the window would stop at its first read with the internal error. Commands such as
    ``check`` and ``backup`` still open such a file, to say what is wrong and to copy it."""
    svc = open_services(data_dir)
    missing = missing_parts(svc.db.engine)
    if missing:
        svc.db.close()
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise CannotOpen(describe(StorageError("schema_changed", shown)), "schema_changed")
    return svc


def lock_folder(data_dir: Path | None = None) -> FolderLock:
    """Claim the data folder for this running copy (release it when done, or use ``with``).

    A second window or a writing command on the same folder gets ``CannotOpen("in_use")``;
    a lock left by a crash is no lock at all (the operating system ends it with the process).
    """
    folder = data_dir or paths.default_data_dir()
    try:
        return FolderLock(folder).acquire()
    except StorageError as error:
        raise CannotOpen(describe(error), error.code) from error
    except OSError as error:
        raise CannotOpen(
            _("The data folder {folder} cannot be used: {reason}").format(
                folder=folder, reason=reason(error)
            ),
            "cannot_open",
        ) from error
