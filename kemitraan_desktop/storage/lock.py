"""One running copy per data folder: an operating-system lock on a small file in the folder.

The lock is the operating system's own (``flock`` on POSIX, a byte-range lock on Windows), so it
ends with the process that holds it: a crash, a killed task or a power cut never leaves a stale
lock behind. The file itself stays (it only says who held it last); nobody deletes it, because
deleting a lock file while another process waits on it would let two copies in.

A folder on a file system without locks (some network shares) is used unlocked rather than
refused: the lock protects against a mistake, it must not lock a clinic out of its own data.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from types import TracebackType

from .errors import StorageError, os_problem

LOCK_FILENAME = "kemitraan.lock"
# Windows locks byte ranges, and a locked byte cannot even be read by another process: lock one
# far beyond the text saying who holds the folder, so that text stays readable.
_WINDOWS_LOCK_OFFSET = 1 << 20
_UNSUPPORTED = {errno.ENOLCK, errno.EINVAL, getattr(errno, "EOPNOTSUPP", -1),
                getattr(errno, "ENOTSUP", -1), getattr(errno, "ENOSYS", -1)}


class FolderLock:
    """Held while a copy of the program works on *folder*. Use ``acquire`` or ``with``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_FILENAME
        self._fd: int | None = None
        self.enforced = False  # False when the file system offers no locks

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> FolderLock:
        """Take the lock without waiting; ``StorageError("in_use")`` if another copy holds it."""
        if self._fd is not None:
            return self
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as error:
            raise os_problem(error) from error
        try:
            _lock(fd)
            self.enforced = True
        except OSError as error:
            if error.errno not in _UNSUPPORTED:
                holder = _read_holder(fd)
                os.close(fd)
                raise StorageError("in_use", holder) from error
        self._fd = fd
        _write_holder(fd)
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if self.enforced:
                _unlock(fd)
        except OSError:
            pass  # closing the file ends the lock anyway
        finally:
            os.close(fd)

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            # Windows says EACCES or EDEADLOCK for "somebody else holds it".
            raise OSError(errno.EWOULDBLOCK, str(error)) from error

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        # flock, not lockf: flock locks belong to the open file, so a second open in the same
        # process conflicts too (lockf locks belong to the process and would not).
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _write_holder(fd: int) -> None:
    text = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                       "since": datetime.now().astimezone().isoformat(timespec="seconds")})
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, text.encode("utf-8"))
    except OSError:
        pass  # only informative; a full disk must not stop the program here


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 4096).decode("utf-8"))
        return f"{data.get('host', '')} pid {data.get('pid', '')}".strip()
    except (OSError, ValueError, AttributeError):
        return ""
