"""The exchange package: one partnership in a zip file, so the other party can archive the record.

A package holds ``package.json`` (every record of the partnership, with its original ids),
``attachments/<sha256>`` (the bytes of each attached file) and ``manifest.json`` (the SHA-256 of
every other file). ``docs/exchange-format.md`` describes the format for the other party.

Export writes to a temporary file beside the target and renames it, so a package is either whole
or absent. Import trusts nothing in the file: it checks the zip's names, sizes, compression ratios
and checksums and the whole of ``package.json`` before it opens a transaction, then creates every
record through the same domain rules as a user would, with new ids, in one transaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import stat
import struct
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import IO, Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import kemitraan_desktop
from kemitraan_desktop.domain.errors import NotFoundError, UserError
from kemitraan_desktop.domain.fields import clean_fields
from kemitraan_desktop.domain.validation import ValidationError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage import models as m
from kemitraan_desktop.storage.attachments import AttachmentStore
from kemitraan_desktop.storage.base import Base

from . import audit
from .app import Services
from .records import length_limits, record_fields, to_jsonable, to_record

FORMAT_NAME = "kemitraan-exchange"
FORMAT_VERSION = 1

PACKAGE_JSON = "package.json"
MANIFEST_JSON = "manifest.json"
ATTACHMENTS_DIR = "attachments/"

# What an import accepts. Module attributes, read at call time, so tests can lower them.
MAX_ENTRIES = 10_000
MAX_ENTRY_SIZE = 200 * 1024 * 1024
MAX_TOTAL_SIZE = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200

CHUNK = 1024 * 1024
_MB = 1024 * 1024
# Room for zip headers on top of the content: the package file itself may be this much larger.
_HEADER_SLACK = 64 * _MB
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PROTECTED = frozenset({"id", "uid", "created_at", "updated_at"})
_INT64 = 2**63


@dataclass(frozen=True)
class ChildTable:
    """A list in ``package.json``: its table, its record kind, and where its references point."""

    key: str
    model: type[Base]
    kind: str  # the record kind of services.app.SPECS and domain.fields
    refs: Mapping[str, str]  # foreign-key column -> the package list it refers to


# In the order of package.json. "partnership" as a target means the one partnership's id.
CHILD_TABLES: tuple[ChildTable, ...] = (
    ChildTable("partner_licences", m.PartnerLicence, "partner_licence",
               {"partner_id": "partners"}),
    ChildTable("candidates", m.Candidate, "candidate",
               {"partnership_id": "partnership", "partner_id": "partners"}),
    ChildTable("goals", m.Goal, "goal", {"partnership_id": "partnership"}),
    ChildTable("roles", m.Role, "role", {"partnership_id": "partnership"}),
    ChildTable("readiness_items", m.ReadinessItem, "readiness_item",
               {"partnership_id": "partnership"}),
    ChildTable("budget_lines", m.BudgetLine, "budget_line", {"partnership_id": "partnership"}),
    ChildTable("agreements", m.Agreement, "agreement",
               {"partnership_id": "partnership", "parent_id": "agreements",
                "final_pdf_attachment_id": "attachments",
                "signed_scan_attachment_id": "attachments"}),
    ChildTable("agreement_parties", m.AgreementParty, "agreement_party",
               {"agreement_id": "agreements"}),
    ChildTable("clauses", m.Clause, "clause", {"agreement_id": "agreements"}),
    ChildTable("activities", m.Activity, "activity",
               {"partnership_id": "partnership", "goal_id": "goals"}),
    ChildTable("activity_reports", m.ActivityReport, "activity_report",
               {"activity_id": "activities"}),
    ChildTable("attachments", m.Attachment, "attachment",
               {"partnership_id": "partnership", "report_id": "activity_reports"}),
    ChildTable("indicators", m.Indicator, "indicator", {"partnership_id": "partnership"}),
    ChildTable("indicator_values", m.IndicatorValue, "indicator_value",
               {"indicator_id": "indicators"}),
    ChildTable("key_assessments", m.KeyAssessment, "key_assessment",
               {"partnership_id": "partnership"}),
    ChildTable("key_answers", m.KeyAnswer, "key_answer",
               {"assessment_id": "key_assessments"}),
    ChildTable("action_items", m.ActionItem, "action_item", {"partnership_id": "partnership"}),
)
_BY_KEY = {table.key: table for table in CHILD_TABLES}
# Agreement references set only once every agreement and attachment exists (and after the
# agreement's parties and clauses, which a final agreement would refuse).
_AGREEMENT_LATE_REFS = ("parent_id", "final_pdf_attachment_id", "signed_scan_attachment_id")


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    records: dict[str, int]  # per list of package.json ("practice", "partners", "goals" …)
    attachments: int  # attachment files in the package (one per distinct content)
    sha256: str  # of the package file

    @property
    def total_records(self) -> int:
        return sum(self.records.values())


@dataclass(frozen=True)
class ImportSummary:
    partnership_id: int
    title: str
    records: dict[str, int]  # records created, per list (a reused practice or partner counts 0)
    attachments: int  # attachment files in the package
    # The package held a partnership already here: only the five-key scorings it has and this
    # database lacks were added (the partner filled theirs in on their copy and sent it back).
    merged: bool = False

    @property
    def total_records(self) -> int:
        return sum(self.records.values())

    @property
    def merged_message(self) -> str:
        return _("The partnership “{title}” is already here; the package brought {count} "
                 "five-key scoring(s) it did not have, and they were added.").format(
            title=self.title, count=self.records.get("key_assessments", 0))


class ExchangeCancelled(UserError):
    """The person cancelled an export or an import: no package was written, nothing imported."""


class AlreadyImported(UserError):
    """The package's partnership is in this database already, as ``partnership_id``."""

    def __init__(self, message: str, partnership_id: int) -> None:
        super().__init__(message)
        self.partnership_id = partnership_id


class _Steps:
    """How far the work is, for a progress bar (per mille: sizes may exceed a Qt int), and
    the place where a cancellation stops it."""

    def __init__(self, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None, stopped: Callable[[], str]) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._stopped = stopped
        self.total = 0
        self.done = 0
        self._shown = 0

    def advance(self, count: int) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ExchangeCancelled(self._stopped())
        self.done += count
        if self._progress is not None:
            # Never backwards, when a total estimated at first is corrected on the way.
            self._shown = max(self._shown,
                              min(self.done, self.total) * 1000 // max(self.total, 1))
            self._progress(self._shown, 1000)


# =============================================================================================
# Export
# =============================================================================================


def export_partnership(svc: Services, partnership_id: int, out: Path,
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> ExportSummary:
    """Write the exchange package of one partnership to *out* (a new zip file).

    *progress(done, total)* hears how far the writing is; when *cancelled()* turns true the
    half-written file is removed and ``ExchangeCancelled`` raised."""
    out = Path(out)
    if out.is_dir():
        raise UserError(
            _("Choose a file name for the package, not a folder: {path}.").format(path=out)
        )
    if not out.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=out.parent))
    exported_at = datetime.now(UTC).replace(microsecond=0)
    with svc.db.session() as session:
        package, files = _collect(session, partnership_id)
    package = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": exported_at.isoformat(),
        "program_version": str(getattr(kemitraan_desktop, "__version__", "0")),
        **package,
    }
    data = json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")
    sizes = _check_export_limits(svc.db.attachments, data, files)
    steps = _Steps(progress, cancelled, lambda: _("Cancelled: no package was written."))
    steps.total = 2 * (len(data) + sum(sizes.values()))  # written, then read for its checksum
    sha256 = _write_package(svc.db.attachments, out, data, sizes, exported_at, steps)
    records = {key: (len(value) if isinstance(value, list) else 1)
               for key, value in package.items()
               if key in ("practice", "partners", "partnership") or key in _BY_KEY}
    with svc.db.session() as session:
        audit.log(
            session, "export", "partnership", partnership_id, partnership_id=partnership_id,
            changes={"file": out.name, "sha256": sha256, "records": sum(records.values()),
                     "attachments": len(sizes)},
            actor=svc.actor,
        )
    return ExportSummary(out, records, len(sizes), sha256)


def _json_record(instance: Base) -> dict[str, Any]:
    record = to_record(instance)
    return {f.name: to_jsonable(getattr(record, f.name)) for f in dataclasses.fields(record)}


def _collect(session: Session, partnership_id: int) -> tuple[dict[str, Any], dict[str, str]]:
    """The records of package.json, and the attachment files to include (sha256 -> name)."""
    partnership = session.get(m.Partnership, partnership_id)
    if partnership is None:
        raise NotFoundError(_("Partnership #{id} not found.").format(id=partnership_id))

    def rows(model: type[Base], *conditions: Any) -> list[Any]:
        query = select(model).where(*conditions).order_by(model.id)  # type: ignore[attr-defined]
        return list(session.scalars(query))

    pid = partnership_id
    candidates = rows(m.Candidate, m.Candidate.partnership_id == pid)
    partner_ids = sorted({candidate.partner_id for candidate in candidates})
    agreements = rows(m.Agreement, m.Agreement.partnership_id == pid)
    agreement_ids = [agreement.id for agreement in agreements]
    activities = rows(m.Activity, m.Activity.partnership_id == pid)
    reports = rows(m.ActivityReport,
                   m.ActivityReport.activity_id.in_([a.id for a in activities]))
    indicators = rows(m.Indicator, m.Indicator.partnership_id == pid)
    assessments = rows(m.KeyAssessment, m.KeyAssessment.partnership_id == pid)
    # The final PDF and the signed scan of an agreement are attachments of its partnership; the
    # ids are added in case one was ever filed under another partnership.
    agreement_files = {
        attachment_id
        for agreement in agreements
        for attachment_id in (agreement.final_pdf_attachment_id,
                              agreement.signed_scan_attachment_id)
        if attachment_id is not None
    }
    attachments = rows(
        m.Attachment,
        (m.Attachment.partnership_id == pid) | m.Attachment.id.in_(sorted(agreement_files)),
    )
    tables: dict[str, list[Any]] = {
        "partner_licences": rows(m.PartnerLicence, m.PartnerLicence.partner_id.in_(partner_ids)),
        "candidates": candidates,
        "goals": rows(m.Goal, m.Goal.partnership_id == pid),
        "roles": rows(m.Role, m.Role.partnership_id == pid),
        "readiness_items": rows(m.ReadinessItem, m.ReadinessItem.partnership_id == pid),
        "budget_lines": rows(m.BudgetLine, m.BudgetLine.partnership_id == pid),
        "agreements": agreements,
        "agreement_parties": rows(m.AgreementParty,
                                  m.AgreementParty.agreement_id.in_(agreement_ids)),
        "clauses": rows(m.Clause, m.Clause.agreement_id.in_(agreement_ids)),
        "activities": activities,
        "activity_reports": reports,
        "attachments": attachments,
        "indicators": indicators,
        "indicator_values": rows(m.IndicatorValue,
                                 m.IndicatorValue.indicator_id.in_([i.id for i in indicators])),
        "key_assessments": assessments,
        "key_answers": rows(m.KeyAnswer,
                            m.KeyAnswer.assessment_id.in_([a.id for a in assessments])),
        "action_items": rows(m.ActionItem, m.ActionItem.partnership_id == pid),
    }
    package: dict[str, Any] = {
        "practice": _json_record(partnership.practice),
        "partners": [_json_record(p) for p in rows(m.Partner, m.Partner.id.in_(partner_ids))],
        "partnership": _json_record(partnership),
    }
    report_ids = {report.id for report in reports}
    for table in CHILD_TABLES:
        package[table.key] = [_json_record(row) for row in tables[table.key]]
    for record in package["attachments"]:
        if record["partnership_id"] != pid:
            record["partnership_id"] = pid
            if record["report_id"] not in report_ids:
                record["report_id"] = None
    files = {}
    for attachment in attachments:
        files.setdefault(attachment.sha256, attachment.original_name)
    return package, files


def _check_export_limits(
    store: AttachmentStore, data: bytes, files: dict[str, str]
) -> dict[str, int]:
    """Never write a package an import would refuse. Returns the size of each attachment file."""
    sizes: dict[str, int] = {}
    for sha256, name in files.items():
        try:
            size = store.path_for(sha256).stat().st_size
        except (OSError, ValueError):
            raise UserError(_attachment_missing(name)) from None
        if size > MAX_ENTRY_SIZE:
            raise UserError(
                _("The attachment {name} is larger than {limit} MB: too large for an exchange "
                  "package.").format(name=name, limit=MAX_ENTRY_SIZE // _MB)
            )
        sizes[sha256] = size
    if len(data) > MAX_ENTRY_SIZE or len(data) + sum(sizes.values()) > MAX_TOTAL_SIZE:
        raise UserError(
            _("This partnership is too large for one exchange package (at most {limit} MB).")
            .format(limit=MAX_TOTAL_SIZE // _MB)
        )
    if len(sizes) + 2 > MAX_ENTRIES:
        raise UserError(
            _("This partnership has too many attachments for one exchange package "
              "(at most {limit}).").format(limit=MAX_ENTRIES - 2)
        )
    return sizes


def _attachment_missing(name: str) -> str:
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
    fits = len(data) <= (MAX_RATIO // 2) * max(deflated, 1)
    info.compress_type = zipfile.ZIP_DEFLATED if fits else zipfile.ZIP_STORED
    archive.writestr(info, data)


def _write_attachment(archive: zipfile.ZipFile, store: AttachmentStore, sha256: str,
                      size: int, when: datetime, steps: _Steps) -> None:
    info = _zip_info(ATTACHMENTS_DIR + sha256, when)
    info.compress_type = zipfile.ZIP_STORED  # mostly PDFs and photos: compressed already
    info.file_size = size
    digest = hashlib.sha256()
    with store.path_for(sha256).open("rb") as source, archive.open(info, "w") as target:
        while chunk := source.read(CHUNK):
            steps.advance(len(chunk))
            digest.update(chunk)
            target.write(chunk)
    if digest.hexdigest() != sha256:
        raise UserError(_attachment_missing(sha256))


def _write_package(store: AttachmentStore, out: Path, data: bytes, sizes: dict[str, int],
                   when: datetime, steps: _Steps) -> str:
    """Write the zip beside *out*, flush it to disk, rename it; return its SHA-256."""
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
                    _write_attachment(archive, store, sha256, size, when, steps)
                    manifest[ATTACHMENTS_DIR + sha256] = sha256
                listing = json.dumps({"files": manifest}, indent=1).encode("utf-8")
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
        _("The package could not be written: {error}").format(error=error.strerror or error)
    )


# =============================================================================================
# Import: reading the zip safely
# =============================================================================================


def _invalid(where: str, problem: str) -> UserError:
    return UserError(
        _("The exchange package is not valid ({where}): {problem}").format(
            where=where, problem=problem
        )
    )


def _damaged(name: str) -> UserError:
    return UserError(
        _("The exchange package is damaged and cannot be read ({name}).").format(name=name)
    )


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
    if size > MAX_ENTRY_SIZE:
        raise UserError(
            _("The exchange package was refused: {name} is larger than {limit} MB.")
            .format(name=name, limit=MAX_ENTRY_SIZE // _MB)
        )
    if total > MAX_TOTAL_SIZE:
        raise UserError(
            _("The exchange package was refused: its content is larger than {limit} MB in all.")
            .format(limit=MAX_TOTAL_SIZE // _MB)
        )
    if size > MAX_RATIO * max(compressed, 1):
        raise UserError(
            _("The exchange package was refused: {name} is compressed suspiciously well "
              "(a possible zip bomb).").format(name=name)
        )


def _check_entries(archive: zipfile.ZipFile) -> tuple[dict[str, zipfile.ZipInfo], list[str]]:
    """Refuse unsafe zips from their headers; return the files by name, and unexpected names."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _too_many_entries()
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


def _too_many_entries() -> UserError:
    return UserError(
        _("The exchange package was refused: it holds more than {limit} files.")
        .format(limit=MAX_ENTRIES)
    )


def _expected_name(name: str) -> bool:
    if name in (PACKAGE_JSON, MANIFEST_JSON):
        return True
    return name.startswith(ATTACHMENTS_DIR) and bool(
        _SHA256.fullmatch(name[len(ATTACHMENTS_DIR):])
    )


def _unexpected(name: str) -> UserError:
    return UserError(
        _("The exchange package contains an unexpected file: {name}.").format(name=name)
    )


@dataclass
class _Entry:
    sha256: str
    size: int
    data: bytes | None


class _Reader:
    """Reads entries with the limits applied to the bytes actually produced, not the headers."""

    def __init__(self, archive: zipfile.ZipFile, steps: _Steps) -> None:
        self.archive = archive
        self.steps = steps
        self.total = 0

    def read(self, info: zipfile.ZipInfo, keep: bool) -> _Entry:
        digest = hashlib.sha256()
        parts: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as handle:
                while chunk := handle.read(CHUNK):
                    size += len(chunk)
                    if size > info.file_size:
                        raise _damaged(info.filename)
                    _check_sizes(info.filename, size, info.compress_size, self.total + size)
                    self.steps.advance(len(chunk))
                    digest.update(chunk)
                    if keep:
                        parts.append(chunk)
        except UserError:
            raise
        except _READ_ERRORS as error:
            raise _damaged(info.filename) from error
        if size != info.file_size:
            raise _damaged(info.filename)
        self.total += size
        return _Entry(digest.hexdigest(), size, b"".join(parts) if keep else None)


class _CheckedStream:
    """An entry read a second time (into the attachment store), held to the size read the first."""

    def __init__(self, handle: IO[bytes], size: int, steps: _Steps) -> None:
        self._handle = handle
        self._left = size
        self._steps = steps

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(CHUNK if size is None or size < 0 else size)
        self._steps.advance(len(chunk))
        self._left -= len(chunk)
        if self._left < 0:
            raise _changed()
        return chunk


def _changed() -> UserError:
    return UserError(
        _("The exchange package changed while it was being imported. Nothing was imported.")
    )


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _parse_json(data: bytes, name: str) -> Any:
    try:
        return json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_refuse_constant,
        )
    except (ValueError, RecursionError) as error:  # JSONDecodeError and UnicodeDecodeError too
        raise _invalid(name, _("this file is not valid JSON.")) from error


def _not_a_package() -> UserError:
    return UserError(_("This file is not a Kemitraan exchange package."))


def _check_format(package: Any) -> None:
    if not isinstance(package, dict) or package.get("format") != FORMAT_NAME:
        raise _not_a_package()
    version = package.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UserError(
            _("This exchange package has an unknown format version ({version}).")
            .format(version=version)
        )
    if version > FORMAT_VERSION:
        raise UserError(
            _("This exchange package has format version {version}; this program reads version "
              "{supported} at most. Update Kemitraan Desktop, then import it again.")
            .format(version=version, supported=FORMAT_VERSION)
        )


def _read_manifest(reader: _Reader, files: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    info = files.get(MANIFEST_JSON)
    if info is None:
        raise UserError(_("The exchange package lacks its manifest (manifest.json)."))
    manifest = _parse_json(reader.read(info, keep=True).data or b"", MANIFEST_JSON)
    listing = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(listing, dict):
        raise _invalid(MANIFEST_JSON, _("the field {field} is missing.").format(field="files"))
    for name, sha256 in listing.items():
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise _invalid(MANIFEST_JSON, _("the field {field} must be {kind}.").format(
                field=name, kind=_("a SHA-256 checksum (64 hexadecimal digits)")))
    return listing


def _verify(reader: _Reader, files: dict[str, zipfile.ZipInfo], manifest: dict[str, str],
            package: _Entry) -> dict[str, int]:
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
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        handle = path.open("rb")
    except OSError as error:
        raise UserError(
            _("The package {name} could not be read: {error}").format(
                name=path.name, error=error.strerror or error)
        ) from error
    with handle:
        try:
            if os.fstat(handle.fileno()).st_size > MAX_TOTAL_SIZE + _HEADER_SLACK:
                raise UserError(
                    _("The exchange package was refused: its content is larger than {limit} MB "
                      "in all.").format(limit=MAX_TOTAL_SIZE // _MB)
                )
            directory = _declared_directory(handle)
            if directory is not None and (
                directory[0] > MAX_ENTRIES or directory[1] > MAX_ENTRIES * 1024
            ):
                raise _too_many_entries()
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


# =============================================================================================
# Import: checking package.json
# =============================================================================================


@dataclass(frozen=True)
class _Row:
    where: str  # "goals[2]": for messages
    values: dict[str, Any]


@dataclass
class _Content:
    practice: _Row
    partners: list[_Row]
    partnership: _Row
    tables: dict[str, list[_Row]] = field(default_factory=dict)


@cache
def _columns(model: type[Base]) -> tuple[tuple[str, type, bool], ...]:
    columns = []
    for column in sa_inspect(model).columns:
        columns.append((column.key, column.type.python_type, bool(column.nullable)))
    return tuple(columns)


@cache
def _lengths(model: type[Base]) -> dict[str, int]:
    return length_limits(model)


def _kind_text(python_type: type) -> str:
    if python_type is bool:
        return _("true or false")
    if python_type is int:
        return _("a whole number")
    if python_type is Decimal:
        return _("a number written as text, such as \"1.5\"")
    if python_type is datetime:
        return _("a date and time in ISO 8601 form")
    if python_type is date:
        return _("a date written as YYYY-MM-DD")
    return _("text")


def _convert(value: Any, name: str, python_type: type, nullable: bool, where: str) -> Any:
    def wrong() -> UserError:
        return _invalid(where, _("the field {field} must be {kind}.").format(
            field=name, kind=_kind_text(python_type)))

    if value is None:
        if nullable:
            return None
        raise wrong()
    if python_type is bool:
        if isinstance(value, bool):
            return value
        raise wrong()
    if python_type is int:
        if isinstance(value, int) and not isinstance(value, bool) and -_INT64 <= value < _INT64:
            return value
        raise wrong()
    if python_type is str:
        if isinstance(value, str):
            return value
        raise wrong()
    if python_type is Decimal:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise wrong()
        try:
            number = Decimal(value)
        except (InvalidOperation, ValueError):
            raise wrong() from None
        if not number.is_finite():
            raise wrong()
        return number
    if not isinstance(value, str):
        raise wrong()
    try:
        if python_type is datetime:
            moment = datetime.fromisoformat(value)
            return (moment.replace(tzinfo=UTC) if moment.tzinfo is None
                    else moment.astimezone(UTC))
        if python_type is date:
            return date.fromisoformat(value)
    except ValueError:
        raise wrong() from None
    raise wrong()


def _parse_row(model: type[Base], raw: Any, where: str) -> _Row:
    if not isinstance(raw, dict):
        raise _invalid(where, _("each record must be a JSON object."))
    values = {}
    for name, python_type, nullable in _columns(model):
        if name not in raw:
            raise _invalid(where, _("the field {field} is missing.").format(field=name))
        values[name] = _convert(raw[name], name, python_type, nullable, where)
    for name, limit in _lengths(model).items():
        if name in _PROTECTED and len(values[name]) > limit:
            raise _invalid(where, _("the field {field} is too long.").format(field=name))
    if "uid" in values and not values["uid"].strip():
        raise _invalid(where, _("the field {field} is missing.").format(field="uid"))
    return _Row(where, values)


def _list(package: dict[str, Any], key: str) -> list[Any]:
    if key not in package:
        raise _invalid(PACKAGE_JSON, _("the field {field} is missing.").format(field=key))
    value = package[key]
    if not isinstance(value, list):
        raise _invalid(PACKAGE_JSON, _("the field {field} must be {kind}.").format(
            field=key, kind=_("a list")))
    return value


def _unique_ids(rows: list[_Row]) -> set[int]:
    ids: set[int] = set()
    for row in rows:
        if row.values["id"] in ids:
            raise _invalid(row.where, _("the id {id} is used twice.").format(id=row.values["id"]))
        ids.add(row.values["id"])
    return ids


def _unique_uids(rows: list[_Row]) -> None:
    seen: set[str] = set()
    for row in rows:
        if row.values["uid"] in seen:
            raise _invalid(row.where, _("the uid {uid} is used twice.").format(
                uid=row.values["uid"]))
        seen.add(row.values["uid"])


def _parse_package(package: dict[str, Any], sizes: dict[str, int]) -> _Content:
    for key in ("exported_at", "program_version"):
        if not isinstance(package.get(key), str):
            raise _invalid(PACKAGE_JSON, _("the field {field} must be {kind}.").format(
                field=key, kind=_kind_text(str)))
    for key in ("practice", "partnership"):
        if not isinstance(package.get(key), dict):
            raise _invalid(PACKAGE_JSON, _("the field {field} must be {kind}.").format(
                field=key, kind=_("an object")))
    content = _Content(
        practice=_parse_row(m.Practice, package["practice"], "practice"),
        partners=[_parse_row(m.Partner, raw, f"partners[{index}]")
                  for index, raw in enumerate(_list(package, "partners"))],
        partnership=_parse_row(m.Partnership, package["partnership"], "partnership"),
    )
    for table in CHILD_TABLES:
        content.tables[table.key] = [
            _parse_row(table.model, raw, f"{table.key}[{index}]")
            for index, raw in enumerate(_list(package, table.key))
        ]
    _unique_uids(content.partners)
    _unique_uids(content.tables["agreements"])
    partnership = content.partnership
    if partnership.values["practice_id"] != content.practice.values["id"]:
        raise _dangling(partnership, "practice_id")
    ids: dict[str, set[int]] = {
        "partners": _unique_ids(content.partners),
        "partnership": {partnership.values["id"]},
    }
    for table in CHILD_TABLES:
        ids[table.key] = _unique_ids(content.tables[table.key])
    for table in CHILD_TABLES:
        for row in content.tables[table.key]:
            for column, target in table.refs.items():
                value = row.values[column]
                if value is not None and value not in ids[target]:
                    raise _dangling(row, column)
    _check_agreement_chain(content.tables["agreements"])
    _check_attachments(content.tables["attachments"], sizes)
    return content


def _dangling(row: _Row, column: str) -> UserError:
    return _invalid(row.where, _(
        "it refers to a record the package does not contain ({field} = {value})."
    ).format(field=column, value=row.values[column]))


def _check_agreement_chain(agreements: list[_Row]) -> None:
    parents = {row.values["id"]: row.values["parent_id"] for row in agreements}
    for row in agreements:
        seen = {row.values["id"]}
        parent = row.values["parent_id"]
        while parent is not None:
            if parent in seen:
                raise _invalid(row.where, _("its chain of versions (parent_id) goes round in "
                                            "a circle."))
            seen.add(parent)
            parent = parents.get(parent)


def _check_attachments(attachments: list[_Row], sizes: dict[str, int]) -> None:
    described: set[str] = set()
    for row in attachments:
        sha256 = row.values["sha256"]
        if not _SHA256.fullmatch(sha256):
            raise _invalid(row.where, _("the field {field} must be {kind}.").format(
                field="sha256", kind=_("a SHA-256 checksum (64 hexadecimal digits)")))
        name = ATTACHMENTS_DIR + sha256
        if name not in sizes:
            raise _invalid(row.where, _("the package does not contain its file {name}.")
                           .format(name=name))
        if sizes[name] != row.values["size"]:
            raise _invalid(row.where, _("its size does not match its file {name}.")
                           .format(name=name))
        described.add(name)
    if undescribed := sorted(set(sizes) - {PACKAGE_JSON} - described):
        raise _unexpected(undescribed[0])


# =============================================================================================
# Import: writing the records
# =============================================================================================


def import_package(svc: Services, path: Path,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ImportSummary:
    """Add the partnership of an exchange package to this database, all or nothing.

    *progress(done, total)* hears how far the checking and copying is; when *cancelled()* turns
    true the import stops with ``ExchangeCancelled`` and nothing has changed."""
    path = Path(path)
    steps = _Steps(progress, cancelled, lambda: _("Cancelled: nothing was imported."))
    with _open_zip(path) as archive:
        files, unexpected = _check_entries(archive)
        if PACKAGE_JSON not in files:
            raise _not_a_package()
        if unexpected:
            raise _unexpected(unexpected[0])
        # Every entry is read once to check it, each attachment once more into the store. The
        # header sizes only size the progress bar: the reading itself does not trust them.
        steps.total = sum(info.file_size for info in files.values()) + sum(
            info.file_size for name, info in files.items() if name.startswith(ATTACHMENTS_DIR))
        reader = _Reader(archive, steps)
        package_entry = reader.read(files[PACKAGE_JSON], keep=True)
        try:
            package = _parse_json(package_entry.data or b"", PACKAGE_JSON)
        except UserError as error:
            package, parse_error = None, error
        else:
            parse_error = None
            _check_format(package)
        manifest = _read_manifest(reader, files)
        sizes = _verify(reader, files, manifest, package_entry)
        if parse_error is not None:
            raise parse_error
        content = _parse_package(package, sizes)
        try:
            return _store(svc, archive, files, path, content, package_entry.sha256, steps)
        except IntegrityError as error:
            raise UserError(
                _("The exchange package contains conflicting records (for example the same "
                  "partner twice among the candidates). Nothing was imported.")
            ) from error


@contextmanager
def _at(where: str) -> Iterator[None]:
    """Domain validation errors of one record, as a message naming the record."""
    try:
        yield
    except ValidationError as error:
        raise _invalid(where, error.message) from error


class _Importer:
    def __init__(self, svc: Services, session: Session) -> None:
        self.svc = svc
        self.session = session
        self.ids: dict[str, dict[int, int]] = {}
        self.created: Counter[str] = Counter()

    def new_id(self, target: str, old: int | None) -> int | None:
        return None if old is None else self.ids[target][old]

    def create(self, key: str, kind: str, row: _Row, refs: Mapping[str, str],
               late: tuple[str, ...] = ()) -> Base:
        """One record through the entity's own validation, with new ids for its references."""
        entities = self.svc.entities(kind)
        model = entities.spec.model
        values = dict(row.values)
        for column, target in refs.items():
            if column not in late:
                values[column] = self.new_id(target, values[column])
        writable = set(record_fields(model)) - _PROTECTED - entities.spec.read_only
        with _at(row.where):
            if model is m.Attachment:
                # sha256 and size are read-only for users but part of the row from the start.
                instance = self._insert(kind, model, values, row.where)
            else:
                instance = entities.create_in(
                    self.session, {k: v for k, v in values.items() if k in writable}
                )
                fixed = {k: v for k, v in values.items()
                         if k not in writable and k not in late and k != "id"}
                self.set_fixed(kind, instance, fixed, row.where)
        self.ids.setdefault(key, {})[row.values["id"]] = instance.id  # type: ignore[attr-defined]
        self.created[key] += 1
        return instance

    def _insert(self, kind: str, model: type[Base], values: dict[str, Any], where: str) -> Base:
        stamps = {k: values[k] for k in ("created_at", "updated_at") if k in values}
        cleaned = clean_fields(
            kind, {k: v for k, v in values.items() if k not in _PROTECTED}, creating=True
        )
        _check_lengths(model, cleaned, where)
        instance = model(**cleaned, **stamps)
        self.session.add(instance)
        self.session.flush()
        audit.log(self.session, "create", kind, instance.id,  # type: ignore[attr-defined]
                  partnership_id=getattr(instance, "partnership_id", None), changes=cleaned,
                  actor=self.svc.actor)
        return instance

    def set_fixed(self, kind: str, instance: Base, values: dict[str, Any], where: str) -> None:
        """Values users may not set (uid, times, an agreement's lifecycle), checked all the same."""
        stamps = {k: values.pop(k) for k in ("uid", "created_at", "updated_at") if k in values}
        cleaned = clean_fields(kind, values, creating=False) if values else {}
        _check_lengths(type(instance), cleaned, where)
        for key, value in {**cleaned, **stamps}.items():
            setattr(instance, key, value)
        self.session.flush()


def _check_lengths(model: type[Base], values: Mapping[str, Any], where: str) -> None:
    for key, limit in _lengths(model).items():
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            raise _invalid(where, _("the field {field} is too long.").format(field=key))


def _store(svc: Services, archive: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo],
           path: Path, content: _Content, package_sha256: str, steps: _Steps) -> ImportSummary:
    added: list[str] = []  # files this import put in the store, removed again if it fails
    try:
        return _store_records(svc, archive, files, path, content, package_sha256, steps, added)
    except BaseException:
        for sha256 in added:
            with suppress(OSError):
                svc.db.attachments.path_for(sha256).unlink()
        raise


def _store_records(svc: Services, archive: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo],
                   path: Path, content: _Content, package_sha256: str, steps: _Steps,
                   added: list[str]) -> ImportSummary:
    partnership_row = content.partnership
    with svc.db.session() as session:
        existing = session.scalar(
            select(m.Partnership).where(m.Partnership.uid == partnership_row.values["uid"])
        )
        if existing is not None:
            merged = _merge_assessments(svc, session, existing, content)
            if merged is not None:
                audit.log(
                    session, "import", "partnership", existing.id, partnership_id=existing.id,
                    changes={"file": path.name, "uid": partnership_row.values["uid"],
                             "package_sha256": package_sha256,
                             "records": sum(merged.values()), "attachments": 0},
                    actor=svc.actor,
                )
                return ImportSummary(existing.id, existing.title, merged, 0, merged=True)
            raise AlreadyImported(
                _("This partnership is already in this database (“{title}”). Importing it again "
                  "would make a second copy, so nothing was imported.").format(
                    title=existing.title),
                existing.id,
            )
        agreement_uids = [row.values["uid"] for row in content.tables["agreements"]]
        if agreement_uids and session.scalar(
            select(m.Agreement.id).where(m.Agreement.uid.in_(agreement_uids)).limit(1)
        ):
            raise UserError(
                _("An agreement in this package is already in this database, in another "
                  "partnership. Nothing was imported.")
            )
        importer = _Importer(svc, session)

        practice = session.scalar(
            select(m.Practice).where(m.Practice.uid == content.practice.values["uid"])
        )
        if practice is None:
            practice = importer.create("practice", "practice", content.practice, {})
        else:
            importer.ids["practice"] = {content.practice.values["id"]: practice.id}

        new_partners: set[int] = set()
        importer.ids["partners"] = {}
        for row in content.partners:
            partner = session.scalar(select(m.Partner).where(m.Partner.uid == row.values["uid"]))
            if partner is None:
                importer.create("partners", "partner", row, {})
                new_partners.add(row.values["id"])
            else:
                importer.ids["partners"][row.values["id"]] = partner.id

        imported_from = path.name[: _lengths(m.Partnership)["imported_from"]]
        partnership = importer.create(
            "partnership", "partnership",
            _Row(partnership_row.where, {**partnership_row.values, "imported_from": imported_from}),
            {"practice_id": "practice"},
        )

        for table in CHILD_TABLES:
            importer.ids.setdefault(table.key, {})
            # An agreement is created as a draft, so its parties and clauses may be added.
            late = tuple(svc.agreements.spec.read_only) if table.key == "agreements" else ()
            for row in content.tables[table.key]:
                steps.advance(0)  # a cancellation here rolls the transaction back
                if table.key == "partner_licences" and row.values["partner_id"] not in new_partners:
                    continue  # a partner already in the registry keeps its own licences
                importer.create(table.key, table.kind, row, table.refs, late)

        # Now that parties, clauses and attachments exist, an agreement gets its lifecycle.
        agreements_table = _BY_KEY["agreements"]
        for row in content.tables["agreements"]:
            agreement = session.get(m.Agreement, importer.ids["agreements"][row.values["id"]])
            values = {
                column: importer.new_id(agreements_table.refs[column], row.values[column])
                for column in _AGREEMENT_LATE_REFS
            }
            values.update({column: row.values[column]
                           for column in svc.agreements.spec.read_only
                           if column not in _AGREEMENT_LATE_REFS})
            values["updated_at"] = row.values["updated_at"]
            with _at(row.where):
                importer.set_fixed("agreement", agreement, values, row.where)  # type: ignore[arg-type]

        # The files last: a record the rules refuse leaves nothing behind in the store.
        stored = _store_attachments(svc.db.attachments, archive, files, content, steps, added)

        title = partnership.title  # type: ignore[attr-defined]
        partnership_id = partnership.id  # type: ignore[attr-defined]
        records = {key: importer.created[key]
                   for key in ("practice", "partners", "partnership", *_BY_KEY)}
        audit.log(
            session, "import", "partnership", partnership_id, partnership_id=partnership_id,
            changes={"file": path.name, "uid": partnership_row.values["uid"],
                     "package_sha256": package_sha256, "records": sum(records.values()),
                     "attachments": stored},
            actor=svc.actor,
        )
    return ImportSummary(partnership_id, title, records, stored)


def _merge_assessments(svc: Services, session: Session, existing: m.Partnership,
                       content: _Content) -> dict[str, int] | None:
    """Add to *existing* the five-key scorings of the package it lacks; None when none.

    A scoring is the same one when its party and date match one here: a scoring once brought
    in is not doubled by importing the same package again, and one made here is never replaced.
    """
    here = {(a.party, a.assessed_on) for a in session.scalars(
        select(m.KeyAssessment).where(m.KeyAssessment.partnership_id == existing.id))}
    new_rows = [row for row in content.tables["key_assessments"]
                if (row.values["party"], row.values["assessed_on"]) not in here]
    if not new_rows:
        return None
    importer = _Importer(svc, session)
    importer.ids["partnership"] = {content.partnership.values["id"]: existing.id}
    assessments = _BY_KEY["key_assessments"]
    answers = _BY_KEY["key_answers"]
    for row in new_rows:
        importer.create(assessments.key, assessments.kind, row, assessments.refs)
    for row in content.tables["key_answers"]:
        if row.values["assessment_id"] in importer.ids["key_assessments"]:
            importer.create(answers.key, answers.kind, row, answers.refs)
    return {"key_assessments": importer.created["key_assessments"],
            "key_answers": importer.created["key_answers"]}


def _store_attachments(store: AttachmentStore, archive: zipfile.ZipFile,
                       files: dict[str, zipfile.ZipInfo], content: _Content, steps: _Steps,
                       added: list[str]) -> int:
    shas = sorted({row.values["sha256"] for row in content.tables["attachments"]})
    for sha256 in shas:
        info = files[ATTACHMENTS_DIR + sha256]
        new = not store.contains(sha256)
        try:
            with archive.open(info) as handle:
                stored, size = store.add_stream(
                    _CheckedStream(handle, info.file_size, steps)  # type: ignore[arg-type]
                )
        except UserError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, struct.error) as error:
            raise _changed() from error
        except OSError as error:
            raise UserError(
                _("The attached files could not be copied into the data folder: {error}")
                .format(error=error.strerror or error)
            ) from error
        if new and stored == sha256:
            added.append(sha256)
        if stored != sha256 or size != info.file_size:
            raise _changed()
    return len(shas)
