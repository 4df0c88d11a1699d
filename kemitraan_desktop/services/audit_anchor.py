"""The audit chain's head kept outside its table, so that deleting its last entries, or
rewriting one and sealing the rest again with the program's own function, is seen.

The chain proves that no entry was changed *in place*; whoever can write the table can also cut
it short or seal it anew. What they cannot reach as easily are the copies of its head kept
elsewhere: the anchor file in the data folder (``audit-anchor.json``, renewed by every backup,
export and ``check``), every automatic backup (a copy of the whole database, its chain in it),
and the manifest of every backup file and exchange package. ``check`` holds the chain against
the anchor file and the automatic backups: each must find its last entry still there, with the
same hash and the same number of entries up to it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kemitraan_desktop.domain.errors import UserError
from kemitraan_desktop.i18n import _
from kemitraan_desktop.storage.models import AuditEntry
from kemitraan_desktop.storage.names import (
    AUDIT_ANCHOR_FILENAME,
    AUTO_BACKUP_GLOB,
    AUTO_BACKUP_PREFIX,
    BACKUP_DIRNAME,
)
from kemitraan_desktop.storage.permissions import written_privately

if TYPE_CHECKING:
    from .app import Services

AUDIT_TABLE = AuditEntry.__tablename__


class AuditLogMissing(UserError):
    """The database has no audit log table: someone removed it behind the program's back."""


def audit_log_missing() -> AuditLogMissing:
    return AuditLogMissing(_(
        "The audit log of this database is missing (its table {table} was removed outside the "
        "program): nothing was changed. Run “check”, and restore the newest backup.").format(
        table=AUDIT_TABLE))


def is_missing_audit_table(error: BaseException) -> bool:
    """Whether a database error says the audit table is not there (SQLite or PostgreSQL)."""
    text = str(getattr(error, "orig", error)).lower()
    return isinstance(error, DBAPIError) and AUDIT_TABLE in text and (
        "no such table" in text or "does not exist" in text)


@dataclass(frozen=True)
class ChainHead:
    """How long the chain was and how it ended: its entries, the last one's id and hash."""

    entries: int
    last_id: int
    last_hash: str

    def to_json(self) -> dict[str, Any]:
        return {"entries": self.entries, "last_id": self.last_id, "last_hash": self.last_hash}

    @classmethod
    def from_json(cls, data: object) -> ChainHead | None:
        if not isinstance(data, dict):
            return None
        entries, last_id, last_hash = (data.get(key) for key in
                                       ("entries", "last_id", "last_hash"))
        if not (isinstance(entries, int) and isinstance(last_id, int)
                and isinstance(last_hash, str)) or entries < 0:
            return None
        return cls(entries, last_id, last_hash)


def chain_head(session: Session) -> ChainHead:
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    count = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return ChainHead(int(count), last.id if last else 0, last.hash if last else "")


def anchor_path(data_dir: Path) -> Path:
    return data_dir / AUDIT_ANCHOR_FILENAME


def _anchor_record(data_dir: Path) -> object:
    try:
        return json.loads(anchor_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_anchor(data_dir: Path) -> ChainHead | None:
    return ChainHead.from_json(_anchor_record(data_dir))


def read_pending(data_dir: Path) -> ChainHead | None:
    """The head of the database a restore was putting in place when the anchor was written
    (see ``write_anchor``); None when no restore was under way."""
    record = _anchor_record(data_dir)
    return ChainHead.from_json(record.get("pending_restore")) if isinstance(record, dict) \
        else None


def write_anchor(data_dir: Path, head: ChainHead | None,
                 pending: ChainHead | None = None) -> None:
    """Keep *head* in the data folder's anchor file (whole or not at all, 0600). A folder that
    cannot be written is not a reason to fail what was asked: the backups still hold it.

    *pending* is the head of the database a restore is about to put in place: the database
    and the anchor file are two files, and a kill between the two renames must leave an
    anchor that agrees with whichever database is there, not a false "entries were deleted"."""
    record: dict[str, object] = {"format": "kemitraan-audit-anchor",
                                 "written_at": datetime.now(UTC).isoformat(),
                                 **(head or ChainHead(0, 0, "")).to_json()}
    if pending is not None:
        record["pending_restore"] = pending.to_json()
    try:
        with written_privately(anchor_path(data_dir)) as out:
            out.write(json.dumps(record, indent=1).encode("utf-8"))
    except OSError:
        return


def current_head(svc: Services) -> ChainHead | None:
    """The chain's head as committed now; None when the audit table is gone."""
    try:
        with svc.db.session() as session:
            return chain_head(session)
    except DBAPIError as error:
        if is_missing_audit_table(error):
            return None
        raise


def renew_anchor(svc: Services) -> ChainHead | None:
    """Write the chain's head as committed now into the anchor file, and return it. Called
    after the transaction that logged a backup or an export has ended, never inside one: an
    anchor ahead of what was committed would read as entries deleted."""
    head = current_head(svc)
    if head is not None:
        write_anchor(svc.db.data_dir, head)
    return head


def backup_head(path: Path) -> ChainHead | None:
    """The head of the chain inside a copy of the database (None if it cannot be read)."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        count = connection.execute(f"SELECT count(*) FROM {AUDIT_TABLE}").fetchone()[0]
        row = connection.execute(
            f"SELECT id, hash FROM {AUDIT_TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return ChainHead(int(count), int(row[0]), str(row[1])) if row else ChainHead(0, 0, "")


@dataclass(frozen=True)
class AnchorFinding:
    """A copy of the chain's head that the chain no longer agrees with."""

    source: str  # where the head was kept, as the person reads it
    anchored: ChainHead
    problem: str


def _backup_stamp(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name[len(AUTO_BACKUP_PREFIX):][:15],
                                 "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _last_restore(session: Session) -> datetime | None:
    """When the database was last replaced by a restore: a backup made before that holds
    another history (the one the restore left), not an earlier state of this one."""
    at = session.scalar(select(func.max(AuditEntry.at)).where(AuditEntry.action == "restore"))
    if at is None:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def anchors_of(session: Session, data_dir: Path) -> list[tuple[str, ChainHead]]:
    """Every copy of the chain's head that the chain must still agree with."""
    heads: list[tuple[str, ChainHead]] = []
    anchored = read_anchor(data_dir)
    pending = read_pending(data_dir)
    if pending is not None and anchor_problem(session, pending) is None:
        anchored = pending  # a restore was killed after it put its database in place
    if anchored is not None:
        heads.append((_("the anchor file {name}").format(name=AUDIT_ANCHOR_FILENAME), anchored))
    restored = _last_restore(session)
    for path in sorted((data_dir / BACKUP_DIRNAME).glob(AUTO_BACKUP_GLOB)):
        stamp = _backup_stamp(path)
        if restored is not None and (stamp is None or stamp < restored):
            continue
        head = backup_head(path)
        if head is not None:
            heads.append((_("the backup {name}").format(name=path.name), head))
    return heads


def anchor_problem(session: Session, head: ChainHead) -> str | None:
    """What the chain says against a head kept of it earlier, or None when it agrees."""
    if head.entries == 0:
        return None
    entry = session.get(AuditEntry, head.last_id)
    upto = session.scalar(select(func.count()).select_from(AuditEntry)
                          .where(AuditEntry.id <= head.last_id)) or 0
    if entry is None or upto < head.entries:
        return _("it recorded {anchored} entries up to entry #{id}; the log now has {count} "
                 "up to there: entries were deleted.").format(
            anchored=head.entries, id=head.last_id, count=upto)
    if entry.hash != head.last_hash or upto != head.entries:
        return _("its entry #{id} is not the one it recorded: the log was rewritten and "
                 "sealed again.").format(id=head.last_id)
    return None


def anchor_findings(session: Session, data_dir: Path) -> tuple[int, list[AnchorFinding]]:
    """How many copies of the head were compared, and those the chain disagrees with."""
    heads = anchors_of(session, data_dir)
    findings = [AnchorFinding(source, head, problem) for source, head in heads
                if (problem := anchor_problem(session, head)) is not None]
    return len(heads), findings
