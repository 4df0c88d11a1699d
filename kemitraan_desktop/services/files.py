"""Writing a user's file so that a power cut leaves the old file or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _


def readable_name(name: str) -> str:
    """A file's name as text that can be stored and printed.

    A name made on another system may hold bytes that are not UTF-8 (Python keeps them as
    lone surrogates, which no database or PDF can hold): each becomes U+FFFD, the replacement
    character, and the rest of the name stays as it was."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def write_atomically(target: Path, data: bytes) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise UserError(_("Cannot write to {folder}: {reason}").format(
            folder=folder, reason=error.strerror or error)) from error
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except OSError as error:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise UserError(_("Cannot write {path}: {reason}").format(
            path=target, reason=error.strerror or error)) from error
