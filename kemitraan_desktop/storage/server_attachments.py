"""The attachment store of a server database: every file in the database itself, so that each
computer on the server reads what another stored (issue 15.2).

A file is kept once per SHA-256 (``attachment_blob``), in 1 MiB pieces (``attachment_chunk``)
written in one transaction: there whole or not at all, and written and read a piece at a time,
never held whole in memory. The data folder's own store is this computer's copy of what it
stored or read (opened by the system viewer, copied into a package): fetched from the server
when it is not there, and fetched again when it no longer matches its name. A file stored only
in a folder by a program from before (its row on the server, its content on one computer) is
taken to the server the first time that computer looks for it (``check`` does, for each).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine, exists, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from .attachments import CHUNK, INCOMING_PREFIX, AttachmentStore, _make_private
from .errors import StorageError
from .models import AttachmentBlob, AttachmentChunk

_BLOB = AttachmentBlob.__table__
_CHUNK = AttachmentChunk.__table__


class ServerAttachmentStore(AttachmentStore):
    def __init__(self, root: Path, engine: Engine) -> None:
        super().__init__(root)
        self.engine = engine

    @property
    def server(self) -> str:
        """The server's address as a person typed it, without the password."""
        url = self.engine.url.set(drivername=self.engine.url.get_backend_name())
        return url.render_as_string(hide_password=True)

    def add_stream(self, stream: BinaryIO) -> tuple[str, int]:
        """Keep *stream* in this computer's store (its SHA-256 is known only at the end), then
        on the server, unless it is there already. Committed before the caller's record that
        names it, so no other computer ever reads a record whose file is not there yet."""
        sha, size = super().add_stream(stream)
        self._upload(sha, size)
        return sha, size

    def on_server(self, sha256: str) -> bool:
        self.path_for(sha256)  # refuses what is not a SHA-256
        with self.engine.connect() as connection:
            return bool(connection.scalar(select(exists().where(_BLOB.c.sha256 == sha256))))

    def contains(self, sha256: str) -> bool:
        return self.on_server(sha256) or self._upload_local(sha256)

    def file_for(self, sha256: str) -> Path:
        path = self.path_for(sha256)
        if not path.exists():
            self._fetch(sha256)
        return path

    def read_verified(self, sha256: str) -> bytes:
        try:
            return super().read_verified(sha256)
        except StorageError:  # not on this computer yet, or its copy changed: the server's
            self._fetch(sha256)
            return super().read_verified(sha256)

    def verify(self, sha256: str) -> bool:
        """True when the server holds the content its name promises (what every computer
        reads); a file only this computer holds, intact, is taken to the server first."""
        digest = hashlib.sha256()
        found = False
        with self.engine.connect() as connection:
            for (data,) in self._pieces(connection, sha256):
                found = True
                digest.update(data)
        if not found:
            return self._upload_local(sha256)
        return digest.hexdigest() == sha256

    def _pieces(self, connection, sha256: str):  # noqa: ANN001, ANN202
        if not connection.scalar(select(exists().where(_BLOB.c.sha256 == sha256))):
            return iter(())
        return connection.execution_options(yield_per=1).execute(
            select(_CHUNK.c.data).where(_CHUNK.c.sha256 == sha256).order_by(_CHUNK.c.seq))

    def _upload(self, sha256: str, size: int) -> None:
        with self.engine.begin() as connection:
            taken = connection.execute(
                pg_insert(_BLOB).values(sha256=sha256, size=size)
                .on_conflict_do_nothing().returning(_BLOB.c.sha256)).first()
            if taken is None:  # there already (or being stored by another computer: it waited)
                return
            with self.path_for(sha256).open("rb") as source:
                seq = 0
                while piece := source.read(CHUNK):
                    connection.execute(insert(_CHUNK).values(sha256=sha256, seq=seq, data=piece))
                    seq += 1

    def _upload_local(self, sha256: str) -> bool:
        """Take this computer's intact copy of a file the server lacks to the server."""
        if not AttachmentStore.verify(self, sha256):
            return False
        self._upload(sha256, self.path_for(sha256).stat().st_size)
        return True

    def _fetch(self, sha256: str) -> None:
        """Copy the server's content into this computer's store, whole or not at all; a
        ``StorageError`` like the folder's when the server lacks it or it was changed there."""
        path = self.path_for(sha256)
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=INCOMING_PREFIX, dir=self.root)
        try:
            digest = hashlib.sha256()
            found = False
            with os.fdopen(fd, "wb") as out, self.engine.connect() as connection:
                for (data,) in self._pieces(connection, sha256):
                    found = True
                    digest.update(data)
                    out.write(data)
                out.flush()
                os.fsync(out.fileno())
            if not found:
                raise StorageError("attachment_missing", str(path))
            if digest.hexdigest() != sha256:
                raise StorageError("attachment_changed", str(path))
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.replace(temporary, path)
            _make_private(path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
