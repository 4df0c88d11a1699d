"""The data folder is private to its user (UU 27/2022): folders 0700, files 0600 on POSIX.

The database, its WAL and SHM files, the attachments and the backups hold NIK, NPWP, addresses
and signed agreements; another account on the same computer has no business reading them.
SQLite creates its WAL and SHM files with the permissions of the database file, so a database
file created 0600 keeps its companions private too. On Windows the user's profile folder already
belongs to the user and the permission calls do nothing.

Every file the program writes is written by :func:`written_privately` (or a function built on
it: :func:`copy_privately`, ``services.files.write_atomically``): a new file, created exclusively
(never an existing file, never through a symbolic link someone planted), 0600 whatever the
umask, filled under a temporary name and renamed into place whole.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
ENFORCED = os.name == "posix"


def make_private(path: Path) -> None:
    """Give one file 0600 or one folder 0700 (never follows a symbolic link)."""
    if not ENFORCED:
        return
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        return
    wanted = PRIVATE_FOLDER if stat.S_ISDIR(info.st_mode) else PRIVATE_FILE
    if stat.S_IMODE(info.st_mode) != wanted:
        os.chmod(path, wanted)


def make_private_folder(root: Path) -> None:
    """*root* 0700 and the files and folders directly in it private (not the whole tree: fast).

    Deeper files are private from birth: the attachment store writes through ``mkstemp`` (0600)
    into folders it makes 0700, and backups are written the same way.
    """
    if not ENFORCED:
        return
    make_private(root)
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        try:
            make_private(Path(entry.path))
        except OSError:
            continue  # someone else's file in a shared folder: not a reason to refuse to start


_NEW_FILE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))


def create_private(path: Path) -> int:
    """Create *path* as a new file, 0600, and return its open descriptor (for writing).

    Exclusive: an existing file, or a symbolic link in its place (even one pointing nowhere), is
    refused with ``FileExistsError`` and nothing is written through it.
    """
    descriptor = os.open(path, _NEW_FILE, PRIVATE_FILE)
    if ENFORCED:
        try:
            os.fchmod(descriptor, PRIVATE_FILE)  # the umask may have taken the owner's bits
        except BaseException:
            os.close(descriptor)
            raise
    return descriptor


def create_private_file(path: Path) -> None:
    """Create *path* empty and 0600 if it does not exist, so whatever fills it stays private."""
    try:
        os.close(create_private(path))
    except FileExistsError:
        return


def _claim_temporary(target: Path) -> tuple[Path, int]:
    while True:
        # The target's name cut short: a name near the file system's limit still gets a temporary
        # one (40 characters are at most 160 bytes of UTF-8).
        candidate = target.with_name(f".{target.name[:40]}.{secrets.token_hex(4)}.part")
        try:
            return candidate, create_private(candidate)
        except FileExistsError:
            continue


@contextmanager
def written_privately(target: Path) -> Iterator[BinaryIO]:
    """A binary file to fill with what *target* is to hold; *target* gets it whole or not at all.

    The bytes go to a new private file beside *target* (see :func:`create_private`), are flushed
    to the disk and renamed over *target* when the block ends; when the block raises (a full
    disk, a cancelled render) the temporary file is removed and *target* is left as it was. A
    symbolic link at *target* is replaced, never followed.
    """
    temporary, descriptor = _claim_temporary(target)
    try:
        with os.fdopen(descriptor, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise


def copy_privately(source: Path, target: Path) -> None:
    """Copy *source* to *target* (whole or not at all, 0600)."""
    with source.open("rb") as data, written_privately(target) as out:
        shutil.copyfileobj(data, out, 1 << 20)


def secure_tree(root: Path) -> int:
    """Make *root* and everything in it private; return how many permissions were tightened.

    Files someone else owns (a folder shared on purpose) are left alone rather than failing.
    """
    if not ENFORCED or not root.is_dir():
        return 0
    changed = 0

    def fix(path: Path, folder: bool) -> None:
        nonlocal changed
        try:
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                return
            wanted = PRIVATE_FOLDER if folder else PRIVATE_FILE
            if stat.S_IMODE(info.st_mode) != wanted:
                os.chmod(path, wanted)
                changed += 1
        except OSError:
            return

    fix(root, True)
    for folder, folders, files in os.walk(root):
        base = Path(folder)
        for name in folders:
            fix(base / name, True)
        for name in files:
            fix(base / name, False)
    return changed


def loose_permissions(root: Path) -> list[Path]:
    """What in *root* another account could read or enter (empty when all is private)."""
    if not ENFORCED or not root.exists():
        return []
    found = []
    for path in [root, *sorted(root.rglob("*"))]:
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISLNK(info.st_mode) and info.st_mode & 0o077:
            found.append(path)
    return found
