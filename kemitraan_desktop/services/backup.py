"""Backups: automatic and rotated on close, manual to a file, and a careful restore.

Automatic backups are copies of the database made with SQLite's online backup API (consistent
even while the program runs), kept in ``backups/`` of the data folder: the last 10 plus the
newest of each month. Attachments need no copy there: the store never overwrites or deletes.

A manual backup is one zip file to carry away (a USB stick): the database and every attachment,
with a manifest of SHA-256 sums. Restore checks the file first — that it is ours, sound, and of a
schema this program knows — and keeps the database it replaces.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kemitraan_desktop import paths
from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.domain.roles import Action
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.aside import move_files, replace_keeping
from kemitraan_desktop.storage.database import DB_FILENAME, SCHEMA_HEAD, Database
from kemitraan_desktop.storage.names import AUTO_BACKUP_GLOB, AUTO_BACKUP_PREFIX, BACKUP_DIRNAME
from kemitraan_desktop.storage.permissions import (
    copy_privately,
    create_private_file,
    written_privately,
)
from kemitraan_desktop.storage.scratch import Scratch

from . import audit
from .app import Services
from .audit_anchor import (
    AuditLogMissing,
    backup_head,
    chain_head,
    read_anchor,
    renew_anchor,
    write_anchor,
)
from .files import reason

KEEP_LATEST = 10
AUTO_PREFIX = AUTO_BACKUP_PREFIX
MARKER = "kemitraan-backup"
OUR_TABLES = {"practice", "partnership", "agreement", "alembic_version"}


class BackupCancelled(UserError):
    """The person cancelled a backup; nothing was written."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int


def _copy_database(svc: Services, target: Path) -> None:
    """A consistent copy of the live database (SQLite online backup API)."""
    source_path = svc.db.path
    if source_path is None:
        raise UserError(_("Backups are made by the database server for a server database."))
    target.unlink(missing_ok=True)  # what a kill left (never written through: a link goes)
    create_private_file(target)  # a copy of NIK and NPWP: as private as the database itself
    source = sqlite3.connect(source_path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def backup_folder(svc: Services) -> Path:
    return svc.db.data_dir / BACKUP_DIRNAME


def list_backups(svc: Services) -> list[BackupInfo]:
    return backups_in(svc.db.data_dir)


def backups_in(data_dir: Path) -> list[BackupInfo]:
    """The automatic backups of a data folder, newest first (no database needs to be open)."""
    folder = data_dir / BACKUP_DIRNAME
    if not folder.exists():
        return []
    infos = [
        BackupInfo(path, datetime.fromtimestamp(path.stat().st_mtime, UTC), path.stat().st_size)
        for path in folder.glob(AUTO_BACKUP_GLOB)
    ]
    return sorted(infos, key=lambda info: info.path.name, reverse=True)


def automatic_backup(svc: Services, now: datetime | None = None, force: bool = False
                     ) -> Path | None:
    """Back up if the newest automatic backup is not from today (or when *force*), then rotate."""
    now = now or datetime.now(UTC)
    existing = list_backups(svc)
    if existing and not force and existing[0].path.name[len(AUTO_PREFIX):][:8] == \
            now.strftime("%Y%m%d"):
        renew_anchor(svc)  # on close: the anchor file follows the chain even without a copy
        return None
    folder = backup_folder(svc)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"{AUTO_PREFIX}{now.strftime('%Y%m%d-%H%M%S')}.sqlite3"
    temporary = target.with_suffix(".part")
    _copy_database(svc, temporary)
    os.replace(temporary, target)
    rotate(svc)
    _log_backup(svc, target.name, target)
    return target


def _log_backup(svc: Services, name: str, written: Path) -> None:
    """Log the backup and renew the anchor file. The copy is made already: a database whose
    audit log was removed is still worth a copy, and the person is told what is wrong."""
    try:
        with svc.db.session() as session:
            audit.log(session, "backup", "database", None, changes={"file": name},
                      actor=svc.actor)
    except AuditLogMissing as error:
        raise UserError(_("The backup was written ({path}), but the audit log of this "
                          "database is missing (its table audit_entry was removed outside the "
                          "program). Run “check”, and restore an earlier backup.").format(
            path=written)) from error
    renew_anchor(svc)


def rotate(svc: Services) -> list[Path]:
    """Keep the latest 10 and the newest backup of every month; remove the rest."""
    backups = list_backups(svc)
    keep = {info.path for info in backups[:KEEP_LATEST]}
    months: set[str] = set()
    for info in backups:  # newest first: the first seen of a month is its newest
        month = info.path.name[len(AUTO_PREFIX):][:6]
        if month not in months:
            months.add(month)
            keep.add(info.path)
    removed = [info.path for info in backups if info.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def backup_to_file(svc: Services, out: Path,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> Path:
    """One zip with the database and every attachment, to carry away.

    *progress(done, total)* hears of each file; when *cancelled()* turns true the half-written
    file is removed and ``BackupCancelled`` raised.
    """
    svc.access.require(Action.BACKUP)
    out.parent.mkdir(parents=True, exist_ok=True)
    # The copy of the database waits in the data folder's private scratch folder, not in the
    # system's temporary folder: a kill there leaves nothing the next start does not remove.
    with Scratch(svc.db.data_dir, "cadangan") as folder:
        copy = folder / DB_FILENAME
        _copy_database(svc, copy)
        temporary = out.with_name(f".{out.name}.part")
        manifest: dict[str, str] = {}
        try:
            create_private_file(temporary)
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(copy, DB_FILENAME)
                manifest[DB_FILENAME] = _sha256(copy)
                store = svc.db.attachments.root
                if store.exists():
                    stored = sorted(path for path in store.glob("??/*")
                                    if path.is_file() and not path.name.startswith("."))
                    for done, path in enumerate(stored, start=1):
                        if cancelled is not None and cancelled():
                            raise BackupCancelled(_("Cancelled: no backup file was written."))
                        if progress is not None:
                            progress(done, len(stored))
                        name = f"lampiran/{path.parent.name}/{path.name}"
                        archive.write(path, name, compress_type=zipfile.ZIP_STORED)
                        manifest[name] = path.name
                head = backup_head(copy)  # the chain's head, kept outside the database too
                archive.writestr("manifest.json", json.dumps(
                    {"format": MARKER, "schema": SCHEMA_HEAD, "files": manifest,
                     **({"audit": head.to_json()} if head is not None else {})}, indent=1))
            os.replace(temporary, out)
        except BackupCancelled:
            Path(temporary).unlink(missing_ok=True)
            raise
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise UserError(_("The backup could not be written: {reason}").format(
                reason=reason(error))) from error
    _log_backup(svc, str(out), out)
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def not_a_backup_text() -> str:
    # sqlite3's own words ("file is not a database") are English and say nothing more.
    return _("This file is not a Kemitraan Desktop backup, or it is damaged: it is not a "
             "database the program can read.")


def check_database_file(path: Path, thorough: bool = True) -> str:
    """Refuse a file that is not a sound Kemitraan database of a known schema; return its schema.
    Not *thorough*: its tables and schema only, without reading every page (a quick look)."""
    try:
        # Immutable: a backup is a closed file; reading it this way leaves no -wal/-shm beside it.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise UserError(not_a_backup_text()) from error
    try:
        try:
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables >= OUR_TABLES:
                raise UserError(_("This file is not a Kemitraan Desktop backup."))
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")] \
                if thorough else ["ok"]
            if result != ["ok"]:
                raise UserError(_("The backup is damaged ({detail}); nothing was restored.")
                                .format(detail=result[0]))
            version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as error:
            raise UserError(not_a_backup_text()) from error
    finally:
        connection.close()
    schema = version[0] if version else ""
    if schema > SCHEMA_HEAD:
        raise UserError(_("This backup was made by a newer version of the program. Update "
                          "the program to restore it."))
    return schema


def check_backup(source: Path) -> None:
    """What :func:`restore` checks first, in a quick look that writes nothing: *source* is a
    Kemitraan backup (a zip with its manifest, or a database with its tables) of a schema this
    program knows. Asked before "Replace the data of this folder …?", so a file that is not one
    is said before the question, not after it. Restoring still checks every page and file."""
    if not source.is_file():
        raise UserError(_("The backup file was not found: {path}").format(path=source))
    if not zipfile.is_zipfile(source):
        check_database_file(source, thorough=False)
        return
    try:
        with zipfile.ZipFile(source) as archive:
            _manifest_files(archive)
    except (zipfile.BadZipFile, OSError) as error:
        raise UserError(_("The backup cannot be read: {reason}").format(
            reason=_zip_reason(error))) from error


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_kept_as: Path | None
    attachments_added: int


def restore(data_dir: Path, source: Path, note: dict[str, str] | None = None) -> RestoreResult:
    """Replace the database of *data_dir* by the backup *source* (a zip or a database copy).

    Run with the database closed. The file is checked before anything changes; the database
    it replaces is kept in ``backups/`` as ``sebelum-pemulihan-….sqlite3``.

    With a server database chosen it is refused, nothing changed: the backup would be written
    to the folder's own file, which is not the data the program reads, and the person would be
    told "restored" of data that stayed as it was.
    """
    if paths.database_url(data_dir) is not None:
        raise UserError(_("A server database is restored by the database server (pg_restore), "
                          "not by this program: nothing was changed."))
    if not source.is_file():
        raise UserError(_("The backup file was not found: {path}").format(path=source))
    data_dir.mkdir(parents=True, exist_ok=True)
    # Unpacked in the private scratch folder of the data folder: a kill leaves it to the next
    # start, which removes it (it holds the whole database and the attachments).
    with Scratch(data_dir, "pemulihan") as work:
        candidate = work / DB_FILENAME
        files: dict[str, str] = {}
        if zipfile.is_zipfile(source):
            files = _unpack_backup(source, work)
        else:
            copy_privately(source, candidate)
        check_database_file(candidate)
        current = data_dir / DB_FILENAME
        added = 0
        store = data_dir / "lampiran"
        for name in files:
            if not name.startswith("lampiran/"):
                continue
            target = store / name.removeprefix("lampiran/")
            if not target.exists():
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.replace(work / name, target)
                added += 1
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        kept = (data_dir / BACKUP_DIRNAME / f"sebelum-pemulihan-{stamp}.sqlite3"
                if current.exists() else None)
        # The restore is logged in the restored database before it is put in place, and the
        # anchor file names both heads until it is: a kill at any moment leaves a folder whose
        # anchor agrees with the database there (a restore killed after the swap was said by
        # check as "entries were deleted", the held-out re-run of issue 16).
        restored = Database.open(work)
        try:
            services = Services(restored)
            with restored.session() as session:
                audit.log(session, "restore", "database", None,
                          changes={"from": str(source), "kept": str(kept or ""), **(note or {})},
                          actor=services.actor)
            with restored.session() as session:
                head = chain_head(session)
        finally:
            restored.close()
        write_anchor(data_dir, read_anchor(data_dir), pending=head)
        if kept is not None:
            # The database it replaces is linked or renamed, not copied: its log (-wal) goes
            # with it, so the last changes before a crash are kept too, and a full disk cannot
            # stop it.
            (data_dir / BACKUP_DIRNAME).mkdir(mode=0o700, exist_ok=True)
            replace_keeping(current, candidate, kept)
        else:
            move_files(candidate, current)
    write_anchor(data_dir, head)  # the history now is the restored one: its head is the anchor
    return RestoreResult(source, kept, added)


MAX_BACKUP_ENTRY = 4 * 1024**3


def _manifest_files(archive: zipfile.ZipFile) -> dict[str, str]:
    """The files a backup's manifest lists, with their checksums."""
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise UserError(_("This file is not a Kemitraan Desktop backup.")) from error
    if not isinstance(manifest, dict) or manifest.get("format") != MARKER:
        raise UserError(_("This file is not a Kemitraan Desktop backup."))
    files = manifest.get("files")
    if not isinstance(files, dict) or DB_FILENAME not in files:
        raise UserError(_("This file is not a Kemitraan Desktop backup."))
    return files


def _zip_reason(error: BaseException) -> str:
    """Why a zip could not be read, in the person's words (not zipfile's English)."""
    if isinstance(error, OSError):
        return reason(error)
    return _("the zip file is damaged or incomplete")


def _unpack_backup(source: Path, work: Path) -> dict[str, str]:
    try:
        with zipfile.ZipFile(source) as archive:
            files = _manifest_files(archive)
            for name, expected in files.items():
                parts = Path(name).parts
                safe = (isinstance(name, str) and not name.startswith("/") and ".." not in parts
                        and (name == DB_FILENAME or (len(parts) == 3 and parts[0] == "lampiran")))
                if not safe:
                    raise UserError(_("The backup holds an unsafe file name: {name}").format(
                        name=name))
                info = archive.getinfo(name)
                if info.file_size > MAX_BACKUP_ENTRY:
                    raise UserError(_("The backup holds a file that is too large."))
                target = work / name
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                with archive.open(info) as stream, written_privately(target) as out:
                    shutil.copyfileobj(stream, out, 1 << 20)
                if _sha256(target) != expected:
                    raise UserError(_("The backup is damaged: {name} does not match its "
                                      "checksum. Nothing was restored.").format(name=name))
            return files
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise UserError(_("The backup cannot be read: {reason}").format(
            reason=_zip_reason(error))) from error
