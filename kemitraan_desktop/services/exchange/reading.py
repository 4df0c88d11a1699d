"""Reading a zip that nobody vouches for: names, sizes, compression ratios, links and checksums
are checked from the headers first and then against the bytes actually read."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _

from ..files import reason
from . import limits
from .errors import changed, damaged, invalid, too_many_entries
from .layout import ATTACHMENTS_DIR, CHUNK, MANIFEST_JSON, PACKAGE_JSON, SHA256
from .parsing import parse_json
from .progress import Steps

_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError,
                NotImplementedError, RuntimeError, ValueError, OSError, struct.error)


def _declared_directory(handle: IO[bytes]) -> tuple[int, int] | None:
    """(entries, size in bytes) of the zip's central directory, from its end record.

    Read before ``zipfile`` builds an object per entry, so a file declaring millions of entries
    is refused without allocating them. None when no end record is found (zipfile will say so).
    """
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    tail_length = min(size, 22 + 65535)
    handle.seek(size - tail_length)
    tail = handle.read(tail_length)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries, directory_size = struct.unpack("<xxxxxxxxxxHI", tail[at:at + 16])
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        # Zip64: the real numbers are in the zip64 end record the locator points to.
        locator = tail[at - 20:at] if at >= 20 else b""
        if len(locator) != 20 or not locator.startswith(b"PK\x06\x07"):
            return None
        (record_offset,) = struct.unpack("<Q", locator[8:16])
        handle.seek(record_offset)
        record = handle.read(56)
        if len(record) != 56 or not record.startswith(b"PK\x06\x06"):
            return None
        entries, directory_size = struct.unpack("<QQ", record[32:48])
    return entries, directory_size


def _check_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    parts = name.split("/")
    unsafe = (
        not name
        or info.orig_filename != name  # a NUL byte or a backslash zipfile rewrote
        or "\\" in name
        or name.startswith("/")
        or re.match(r"[A-Za-z]:", name) is not None
        or ".." in parts
        or any(ord(char) < 32 for char in name)
    )
    if unsafe:
        raise UserError(
            _("The exchange package was refused: it contains an unsafe file name ({name}).")
            .format(name=name)
        )


def _check_sizes(name: str, size: int, compressed: int, total: int) -> None:
    """The limits on one entry, from its header or (while reading) from the bytes themselves."""
    if size > limits.MAX_ENTRY_SIZE:
        raise UserError(
            _("The exchange package was refused: {name} is larger than {limit} MB.")
            .format(name=name, limit=limits.MAX_ENTRY_SIZE // limits.MB)
        )
    if total > limits.MAX_TOTAL_SIZE:
        raise UserError(
            _("The exchange package was refused: its content is larger than {limit} MB in all.")
            .format(limit=limits.MAX_TOTAL_SIZE // limits.MB)
        )
    if size > limits.MAX_RATIO * max(compressed, 1):
        raise UserError(
            _("The exchange package was refused: {name} is compressed suspiciously well "
              "(a possible zip bomb).").format(name=name)
        )


def check_entries(archive: zipfile.ZipFile) -> tuple[dict[str, zipfile.ZipInfo], list[str]]:
    """Refuse unsafe zips from their headers; return the files by name, and unexpected names."""
    infos = archive.infolist()
    if len(infos) > limits.MAX_ENTRIES:
        raise too_many_entries()
    seen: set[str] = set()
    files: dict[str, zipfile.ZipInfo] = {}
    unexpected: list[str] = []
    total = 0
    for info in infos:
        _check_name(info)
        folded = info.filename.casefold()
        if folded in seen:
            raise UserError(
                _("The exchange package was refused: the name {name} appears more than once.")
                .format(name=info.filename)
            )
        seen.add(folded)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise UserError(
                _("The exchange package was refused: {name} is a symbolic link.")
                .format(name=info.filename)
            )
        if info.is_dir():
            if info.filename != ATTACHMENTS_DIR or info.file_size:
                unexpected.append(info.filename)
            continue
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            raise UserError(
                _("The exchange package was refused: it contains an unsafe file name ({name}).")
                .format(name=info.filename)
            )
        if info.flag_bits & 0x1:
            raise UserError(
                _("The exchange package was refused: {name} is encrypted.")
                .format(name=info.filename)
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UserError(
                _("The exchange package was refused: {name} uses a compression method this "
                  "program does not read.").format(name=info.filename)
            )
        total += info.file_size
        _check_sizes(info.filename, info.file_size, info.compress_size, total)
        if _expected_name(info.filename):
            files[info.filename] = info
        else:
            unexpected.append(info.filename)
    return files, unexpected


def _expected_name(name: str) -> bool:
    if name in (PACKAGE_JSON, MANIFEST_JSON):
        return True
    return name.startswith(ATTACHMENTS_DIR) and bool(
        SHA256.fullmatch(name[len(ATTACHMENTS_DIR):])
    )


@dataclass
class Entry:
    sha256: str
    size: int
    data: bytes | None


class Reader:
    """Reads entries with the limits applied to the bytes actually produced, not the headers."""

    def __init__(self, archive: zipfile.ZipFile, steps: Steps) -> None:
        self.archive = archive
        self.steps = steps
        self.total = 0

    def read(self, info: zipfile.ZipInfo, keep: bool) -> Entry:
        digest = hashlib.sha256()
        parts: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as handle:
                while chunk := handle.read(CHUNK):
                    size += len(chunk)
                    if size > info.file_size:
                        raise damaged(info.filename)
                    _check_sizes(info.filename, size, info.compress_size, self.total + size)
                    self.steps.advance(len(chunk))
                    digest.update(chunk)
                    if keep:
                        parts.append(chunk)
        except UserError:
            raise
        except _READ_ERRORS as error:
            raise damaged(info.filename) from error
        if size != info.file_size:
            raise damaged(info.filename)
        self.total += size
        return Entry(digest.hexdigest(), size, b"".join(parts) if keep else None)


class CheckedStream:
    """An entry read a second time (into the attachment store), held to the size read the first."""

    def __init__(self, handle: IO[bytes], size: int, steps: Steps) -> None:
        self._handle = handle
        self._left = size
        self._steps = steps

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(CHUNK if size is None or size < 0 else size)
        self._steps.advance(len(chunk))
        self._left -= len(chunk)
        if self._left < 0:
            raise changed()
        return chunk


def read_manifest(reader: Reader, files: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    info = files.get(MANIFEST_JSON)
    if info is None:
        raise UserError(_("The exchange package lacks its manifest (manifest.json)."))
    manifest = parse_json(reader.read(info, keep=True).data or b"", MANIFEST_JSON)
    listing = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(listing, dict):
        raise invalid(MANIFEST_JSON, _("the field {field} is missing.").format(field="files"))
    for name, sha256 in listing.items():
        if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
            raise invalid(MANIFEST_JSON, _("the field {field} must be {kind}.").format(
                field=name, kind=_("a SHA-256 checksum (64 hexadecimal digits)")))
    return listing


def verify(reader: Reader, files: dict[str, zipfile.ZipInfo], manifest: dict[str, str],
            package: Entry) -> dict[str, int]:
    """Every file listed, every listed file present, every checksum right. Returns the sizes."""
    present = set(files) - {MANIFEST_JSON}
    if unlisted := sorted(present - set(manifest)):
        raise UserError(
            _("The exchange package contains a file its manifest does not list: {name}.")
            .format(name=unlisted[0])
        )
    if missing := sorted(set(manifest) - present):
        raise UserError(
            _("The exchange package lacks a file its manifest lists: {name}.")
            .format(name=missing[0])
        )
    sizes = {PACKAGE_JSON: package.size}
    for name in sorted(present):
        entry = package if name == PACKAGE_JSON else reader.read(files[name], keep=False)
        named = name[len(ATTACHMENTS_DIR):] if name.startswith(ATTACHMENTS_DIR) else None
        if entry.sha256 != manifest[name] or (named is not None and entry.sha256 != named):
            raise UserError(
                _("The exchange package has been changed or damaged: {name} does not match its "
                  "checksum.").format(name=name)
            )
        sizes[name] = entry.size
    return sizes


@contextmanager
def open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        handle = path.open("rb")
    except OSError as error:
        raise UserError(
            _("The package {name} could not be read: {error}").format(
                name=path.name, error=reason(error))
        ) from error
    with handle:
        try:
            if os.fstat(handle.fileno()).st_size > limits.MAX_TOTAL_SIZE + limits.HEADER_SLACK:
                raise UserError(
                    _("The exchange package was refused: its content is larger than {limit} MB "
                      "in all.").format(limit=limits.MAX_TOTAL_SIZE // limits.MB)
                )
            directory = _declared_directory(handle)
            if directory is not None and (
                directory[0] > limits.MAX_ENTRIES or directory[1] > limits.MAX_ENTRIES * 1024
            ):
                raise too_many_entries()
            handle.seek(0)
            archive = zipfile.ZipFile(handle)
        except UserError:
            raise
        except _READ_ERRORS as error:
            raise UserError(
                _("This file is not an exchange package: it is not a zip file.")
            ) from error
        with archive:
            yield archive
