"""What can go wrong with the data folder, as codes the layers above translate (imports nothing
heavy: the start-up reads the file before SQLAlchemy is loaded)."""

from __future__ import annotations

import errno

# ENOSPC: the disk is full; EDQUOT: the user's share of it is (a quota on a shared computer).
FULL_DISK = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_READ_ONLY = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


class StorageError(Exception):
    """A problem with the database file itself, with a code the layers above translate."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        # A damaged file with a write-ahead log beside it is copied aside before anything else
        # may touch the log; this is the copy's name (see ``aside.copy_aside``).
        self.kept_copy: object | None = None


def is_full_disk(error: BaseException) -> bool:
    """Whether *error* (an ``OSError``, or SQLite's "database or disk is full") means no room."""
    if isinstance(error, OSError):
        return error.errno in FULL_DISK
    message = str(getattr(error, "orig", error)).lower()
    return "disk is full" in message or "disk full" in message


def os_problem(error: OSError) -> StorageError:
    """The storage code for an operating-system error met while opening the folder."""
    detail = f"{error.filename}: {error.strerror or error}" if error.filename else str(error)
    if error.errno in FULL_DISK:
        return StorageError("disk_full", detail)
    if isinstance(error, PermissionError) or error.errno in _READ_ONLY:
        return StorageError("read_only", detail)
    return StorageError("cannot_open", detail)
