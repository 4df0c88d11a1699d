"""Writing the zip: to a temporary file beside the target, flushed, then renamed into place, so a
package is either whole or absent."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.attachments import AttachmentStore

from ..files import reason
from . import limits
from .layout import ATTACHMENTS_DIR, CHUNK, MANIFEST_JSON, PACKAGE_JSON
from .progress import Steps


def attachment_missing(name: str) -> str:
    return _(
        "The attachment {name} is missing or damaged in the data folder, so the package was "
        "not written. Restore the data folder from a backup, then try again."
    ).format(name=name)


def _zip_info(name: str, when: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.create_system = 3  # the mode below is a Unix mode: a regular file, never a link
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def _write_bytes(archive: zipfile.ZipFile, name: str, data: bytes, when: datetime) -> None:
    info = _zip_info(name, when)
    # Deflate only while the ratio stays far below what an import refuses as a zip bomb.
    deflated = len(zlib.compress(data, 6))
    fits = len(data) <= (limits.MAX_RATIO // 2) * max(deflated, 1)
    info.compress_type = zipfile.ZIP_DEFLATED if fits else zipfile.ZIP_STORED
    archive.writestr(info, data)


def write_attachment(archive: zipfile.ZipFile, store: AttachmentStore, sha256: str,
                      size: int, when: datetime, steps: Steps) -> None:
    info = _zip_info(ATTACHMENTS_DIR + sha256, when)
    info.compress_type = zipfile.ZIP_STORED  # mostly PDFs and photos: compressed already
    info.file_size = size
    digest = hashlib.sha256()
    with store.file_for(sha256).open("rb") as source, archive.open(info, "w") as target:
        while chunk := source.read(CHUNK):
            steps.advance(len(chunk))
            digest.update(chunk)
            target.write(chunk)
    if digest.hexdigest() != sha256:
        raise UserError(attachment_missing(sha256))


def write_package(store: AttachmentStore, out: Path, data: bytes, sizes: dict[str, int],
                   when: datetime, steps: Steps, audit_head: dict[str, Any] | None = None) -> str:
    """Write the zip beside *out*, flush it to disk, rename it; return its SHA-256.

    *audit_head* (the sender's audit chain head) goes into the manifest beside the files: a
    copy of it outside the sender's database (an import reads only ``files``)."""
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as error:
        raise _write_failed(error) from error
    try:
        with os.fdopen(fd, "w+b") as handle:
            with zipfile.ZipFile(handle, "w") as archive:
                manifest = {PACKAGE_JSON: hashlib.sha256(data).hexdigest()}
                _write_bytes(archive, PACKAGE_JSON, data, when)
                steps.advance(len(data))
                for sha256, size in sizes.items():
                    write_attachment(archive, store, sha256, size, when, steps)
                    manifest[ATTACHMENTS_DIR + sha256] = sha256
                listing = json.dumps({"files": manifest,
                                      **({"audit": audit_head} if audit_head else {})},
                                     indent=1).encode("utf-8")
                _write_bytes(archive, MANIFEST_JSON, listing, when)
            handle.flush()
            os.fsync(handle.fileno())
            steps.total = steps.done + os.fstat(handle.fileno()).st_size  # read once more
            handle.seek(0)
            digest = hashlib.sha256()
            while chunk := handle.read(CHUNK):
                steps.advance(len(chunk))
                digest.update(chunk)
        os.replace(temporary, out)
    except BaseException as error:
        if os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _write_failed(error) from error
        raise
    return digest.hexdigest()


def _write_failed(error: OSError) -> UserError:
    return UserError(
        _("The package could not be written: {error}").format(error=reason(error))
    )
