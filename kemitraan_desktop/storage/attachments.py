"""Content-addressed attachment store: each file is named by its SHA-256 and never overwritten.

Files are written to a temporary name in the same folder, flushed, then renamed, so a power cut
leaves either the whole file or nothing under its final name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

from .errors import StorageError

CHUNK = 1024 * 1024
INCOMING_PREFIX = ".incoming-"
# A temporary file this old is left by a crash, not being written by another running copy.
STALE_INCOMING_SECONDS = 3600


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def contains(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def add_file(self, source: Path) -> tuple[str, int]:
        """Copy *source* into the store; return its SHA-256 and size."""
        with source.open("rb") as handle:
            return self.add_stream(handle)

    def add_bytes(self, data: bytes) -> tuple[str, int]:
        import io

        return self.add_stream(io.BytesIO(data))

    def add_stream(self, stream: BinaryIO) -> tuple[str, int]:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, temporary = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_for(sha)
            if final.exists():
                os.unlink(temporary)
            else:
                final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.replace(temporary, final)
                _make_private(final)
            return sha, size
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise

    def remove_stale_incoming(self, older_than: float = STALE_INCOMING_SECONDS) -> int:
        """Delete the temporary files a crash left behind; return how many.

        Only ``.incoming-*`` files older than *older_than* seconds go: a younger one may be being
        written right now by another copy of the program. They never hold data anyone relies on:
        a file only counts once it is renamed to its SHA-256.
        """
        if not self.root.is_dir():
            return 0
        removed = 0
        now = time.time()
        for path in self.root.glob(f"{INCOMING_PREFIX}*"):
            try:
                if now - path.stat().st_mtime >= older_than:
                    path.unlink()
                    removed += 1
            except OSError:
                continue  # gone already, or not ours to delete: never a reason to fail
        return removed

    def file_for(self, sha256: str) -> Path:
        """A file on this computer holding the stored content, to open or copy (never to
        change). Here the store's own file, there or not; a server's store fetches it."""
        return self.path_for(sha256)

    def read_bytes(self, sha256: str) -> bytes:
        return self.file_for(sha256).read_bytes()

    def read_verified(self, sha256: str) -> bytes:
        """The stored file, checked against its name: ``StorageError("attachment_missing")``
        when it is gone, ``StorageError("attachment_changed")`` when its content is no longer
        what its SHA-256 promises (``detail`` is the path in either case)."""
        path = self.path_for(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise StorageError("attachment_missing", str(path)) from error
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StorageError("attachment_changed", str(path))
        return data

    def copy_to(self, sha256: str, target: Path) -> None:
        shutil.copyfile(self.file_for(sha256), target)

    def verify(self, sha256: str) -> bool:
        """True when the stored file still has the content its name promises."""
        path = self.path_for(sha256)
        if not path.exists():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest() == sha256


def _make_private(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, 0o600)
