"""Files the person asked for, written whole and private, and what the disk said in their words.

Every file the program writes goes through ``storage.permissions.written_privately`` (0600
whatever the umask, never through a planted link, renamed into place whole); this module is the
way the services and the window reach it, with each failure said in one Indonesian sentence.

:func:`problem_text` is the one place an operating-system error (and SQLite's "database or disk
is full") becomes a sentence for the person: the command line, the window's jobs and the
services all ask it, so a full disk reads the same everywhere — never "No space left on device",
never "something went wrong inside the program".
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.attachments import AttachmentStore
from kemitraan_desktop.storage.errors import StorageError, is_full_disk
from kemitraan_desktop.storage.permissions import ENFORCED, written_privately
from kemitraan_desktop.storage.server_attachments import ServerAttachmentStore

if TYPE_CHECKING:
    from .app import Services

__all__ = ["FileProblem", "copy_for_viewing", "disk_full_text", "private_output", "problem_text",
           "read_stored", "readable_name", "reason", "write_atomically"]

VIEWING_FOLDER = "dibuka"  # files handed to the system's viewer, while the program runs


class FileProblem(UserError):
    """A file could not be written or read; the message says why in the person's words."""


def disk_full_text() -> str:
    return _("The disk holding the data folder is full, so nothing could be saved. "
             "Free some space (move or delete large files), then try again.")


def reason(error: OSError) -> str:
    """Why the operating system refused, in the person's words (the cause, not a sentence)."""
    number = error.errno
    if is_full_disk(error):
        return _("the disk is full")
    if isinstance(error, PermissionError) or number in (errno.EACCES, errno.EPERM):
        return _("no permission to write or read there")
    if number == errno.EROFS:
        return _("the disk is read-only")
    if isinstance(error, FileNotFoundError) or number == errno.ENOENT:
        return _("the file or folder does not exist")
    if isinstance(error, IsADirectoryError):
        return _("that is a folder, not a file")
    if isinstance(error, FileExistsError):
        return _("a file of that name is already there")
    if number == errno.ENAMETOOLONG:
        return _("the name is too long")
    if number == errno.EIO:
        return _("the disk could not be read or written (it may be damaged or was removed)")
    return _("the operating system refused ({code})").format(
        code=errno.errorcode.get(number, number) if number is not None else type(error).__name__)


def problem_text(error: BaseException) -> str | None:
    """The person's sentence for a failure of the disk or the operating system; None when
    *error* is neither (a defect of ours, reported as such)."""
    if isinstance(error, UserError):
        return error.message
    if is_full_disk(error):
        return disk_full_text()
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return _("That did not work: {reason}").format(reason=reason(error)) + where
    return None


def readable_name(name: str) -> str:
    """A file's name as text that can be stored and printed.

    A name made on another system may hold bytes that are not UTF-8 (Python keeps them as
    lone surrogates, which no database or PDF can hold): each becomes U+FFFD, the replacement
    character, and the rest of the name stays as it was."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _cannot_write(target: Path, error: OSError) -> FileProblem:
    if is_full_disk(error):
        return FileProblem(_("{path} was not written: the disk is full. Free some space (move or "
                             "delete large files), then try again.").format(path=target))
    return FileProblem(_("Cannot write {path}: {reason}").format(path=target,
                                                                 reason=reason(error)))


@contextmanager
def private_output(target: Path) -> Iterator[BinaryIO]:
    """A binary file to fill with what *target* is to hold: *target* gets it whole (0600) or,
    when the block fails, is left as it was; an ``OSError`` becomes a :class:`FileProblem`."""
    try:
        with written_privately(target) as out:
            yield out
    except OSError as error:
        raise _cannot_write(target, error) from error


def write_atomically(target: Path, data: bytes) -> None:
    """Write *data* to *target*: whole or not at all, 0600, never through a planted link."""
    with private_output(target) as out:
        out.write(data)


def read_stored(store: AttachmentStore, sha256: str, what: str, consequence: str = "") -> bytes:
    """A stored file's bytes, checked against its fingerprint; a :class:`FileProblem` naming
    *what* it is and where it should be when it is missing or was changed (then *consequence*,
    a sentence, says what is not done because of it)."""
    try:
        return store.read_verified(sha256)
    except StorageError as problem:
        server = store.server if isinstance(store, ServerAttachmentStore) else ""
        if server:
            text = (_("{what} is missing from the server database {server} (file {sha256}).")
                    if problem.code == "attachment_missing" else
                    _("{what} was changed on the server database {server} (file {sha256}): its "
                      "content no longer matches its SHA-256 fingerprint."))
        elif problem.code == "attachment_missing":
            text = _("{what} is missing from the data folder (it was {path}).")
        else:
            text = _("{what} was changed after it was stored ({path}): its content no longer "
                     "matches its SHA-256 fingerprint.")
        sentences = [text.format(what=what, path=problem.detail, sha256=sha256, server=server),
                     consequence, _(
            "Restore a backup that holds it; the command “check” lists every missing or changed "
            "file.")]
        raise FileProblem(" ".join(filter(None, sentences))) from problem
    except OSError as error:
        raise FileProblem(_("{what} cannot be read: {reason}").format(
            what=what, reason=reason(error))) from error


def copy_for_viewing(svc: Services, name: str, data: bytes) -> Path:
    """*data* as a file called *name*, for the system's viewer (a photo, a PDF).

    Not in the system's shared temporary folder, where another account can plant a link under
    the name and have it written through: in the data folder's private scratch folder, made
    read-only, and removed when the program closes the data folder (or at the next start after
    a crash). The same name with other content gets a folder of its own.
    """
    folder = svc.db.temporary_folder(VIEWING_FOLDER) / hashlib.sha256(data).hexdigest()[:16]
    target = folder / (Path(name).name or "berkas")
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if target.exists() and ENFORCED:
            return target  # the same bytes, already there (read-only)
        write_atomically(target, data)
        if ENFORCED:
            os.chmod(target, 0o400)  # a viewer that saves changes must not alter this copy
    except OSError as error:
        raise FileProblem(_("{name} cannot be opened: {reason}").format(
            name=name, reason=reason(error))) from error
    return target
