"""Temporary copies live in the data folder's private ``.tmp`` folder, and a kill leaves none.

A database being restored, a backup's copy of the database, a file opened for viewing: each holds
the practice's personal data, so none goes to the system's temporary folder (where other accounts
may look and nothing cleans up after a crash). Each use gets its own subfolder (0700) holding a
lock (``storage/lock.py``) for as long as it is used; :func:`clean_scratch`, run at every start,
removes the subfolders whose lock nobody holds — what a killed backup or restore left — and
leaves alone the ones another running copy of the program is using.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from pathlib import Path
from types import TracebackType

from .lock import FolderLock
from .permissions import PRIVATE_FOLDER, make_private

TEMP_DIRNAME = ".tmp"
# On a file system without locks (some network shares) a subfolder's owner cannot be asked; one
# this old is a leftover all the same.
UNLOCKED_STALE_SECONDS = 24 * 3600


def scratch_root(data_dir: Path) -> Path:
    """``.tmp`` in *data_dir*: a real folder, private (a link planted there is removed)."""
    root = data_dir / TEMP_DIRNAME
    try:
        info = os.lstat(root)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISDIR(info.st_mode):
        os.unlink(root)  # a link or a file where our folder belongs: never followed
        info = None
    if info is None:
        data_dir.mkdir(parents=True, exist_ok=True)
        root.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
    make_private(root)
    return root


class Scratch:
    """One private temporary folder in the data folder, removed by :meth:`close` (or ``with``).

    *purpose* starts its name, so that a technician looking into ``.tmp`` sees what it was.
    """

    def __init__(self, data_dir: Path, purpose: str) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=f"{purpose}-", dir=scratch_root(data_dir)))
        self._lock = FolderLock(self.path)
        try:
            self._lock.acquire()
        except BaseException:
            shutil.rmtree(self.path, ignore_errors=True)
            raise

    def close(self) -> None:
        self._lock.release()  # first: Windows cannot remove a file that is open
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def clean_scratch(data_dir: Path) -> int:
    """Remove what killed or crashed runs left in ``.tmp``; return how many folders went."""
    root = data_dir / TEMP_DIRNAME
    try:
        if not stat.S_ISDIR(os.lstat(root).st_mode):
            os.unlink(root)  # a link planted in our folder's place: removed, never followed
            return 1
        entries = list(os.scandir(root))
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                path.unlink()
                removed += 1
                continue
            lock = FolderLock(path)
            lock.acquire()  # StorageError("in_use") when a running copy uses the folder
            enforced = lock.enforced
            lock.release()
            if not enforced and time.time() - entry.stat().st_mtime < UNLOCKED_STALE_SECONDS:
                continue
        except Exception:  # noqa: BLE001 - in use, or not ours to remove: never a reason to fail
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed += not path.exists()
    return removed
