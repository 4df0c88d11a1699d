"""Opening the data folder: the one way the window, the command line and the tests get services."""

from __future__ import annotations

from pathlib import Path

from kemitraan_desktop import paths
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.database import Database, StorageError

from .app import Services


class CannotOpen(UserError):
    """The data folder or its database cannot be used; ``code`` says why."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def describe(error: StorageError) -> str:
    messages = {
        "not_a_database": _(
            "The data file is not a Kemitraan database (or it is badly damaged). "
            "It has not been changed."
        ),
        "damaged": _("The database file is damaged. It has not been changed."),
        "in_use": _("The database is in use by another program. Close it and try again."),
        "cannot_open": _(
            "The data folder cannot be opened or written (read-only, full disk or no permission)."
        ),
        "newer_schema": _(
            "This database was made by a newer version of Kemitraan Desktop. "
            "Update the program to open it; nothing has been changed."
        ),
    }
    return messages.get(error.code, _("The database cannot be opened: {detail}").format(
        detail=error.detail or error.code))


def open_services(data_dir: Path | None = None, url: str | None = None) -> Services:
    """Open (creating if needed) the data folder and return the services over it."""
    folder = data_dir or paths.default_data_dir()
    try:
        return Services(Database.open(folder, url=url))
    except StorageError as error:
        raise CannotOpen(describe(error), error.code) from error
    except PermissionError as error:
        problem = StorageError("cannot_open", str(error))
        raise CannotOpen(describe(problem), "cannot_open") from error
    except OSError as error:
        raise CannotOpen(
            _("The data folder {folder} cannot be used: {reason}").format(
                folder=folder, reason=error.strerror or error
            ),
            "cannot_open",
        ) from error
