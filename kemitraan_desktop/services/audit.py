"""The audit log: append-only, each entry sealed with the hash of the one before it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kemitraan_desktop.storage.models import AuditEntry
from kemitraan_desktop.storage.write_order import hold_audit_chain

from .audit_anchor import audit_log_missing, is_missing_audit_table
from .records import to_jsonable

if TYPE_CHECKING:
    from .app import Services


def _seal(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    partnership_id: int | None,
    summary: str,
) -> str:
    payload = json.dumps(
        [
            prev_hash,
            at.astimezone(UTC).isoformat(),
            actor,
            action,
            entity,
            entity_id,
            partnership_id,
            summary,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def log(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    partnership_id: int | None = None,
    changes: dict[str, Any] | None = None,
    actor: str = "",
) -> None:
    """Append one entry in the caller's transaction, so it lands exactly when the change does.

    The entry is inserted first and sealed after: the insert takes SQLite's write lock, so the
    entry read as "the one before" cannot change until this transaction ends. (Reading it first,
    as two writers at once — a report in the background and the window saving — both could, would
    give both entries the same predecessor and break the chain.) PostgreSQL has no such lock on
    a whole table: the chain's own lock is taken before the insert, so ids and predecessors come
    in one order (:func:`hold_audit_chain`).
    """
    session.flush()
    hold_audit_chain(session)
    at = datetime.now(UTC)
    summary = json.dumps(
        {key: to_jsonable(value) for key, value in (changes or {}).items()},
        ensure_ascii=False,
        sort_keys=True,
    )
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        partnership_id=partnership_id,
        summary=summary,
        prev_hash="",
        hash="",
    )
    try:
        session.add(entry)
        session.flush()
    except DBAPIError as error:
        if is_missing_audit_table(error):
            # Dropped behind the program's back: said as such, the whole change undone.
            raise audit_log_missing() from error
        raise
    previous = session.scalars(
        select(AuditEntry).where(AuditEntry.id < entry.id).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    prev_hash = previous.hash if previous else ""
    entry.prev_hash = prev_hash
    entry.hash = _seal(prev_hash, at, actor, action, entity, entity_id, partnership_id, summary)


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    broken_at: int | None  # id of the first entry whose seal does not match

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session) -> ChainCheck:
    prev_hash = ""
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
        expected = _seal(
            prev_hash,
            at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.partnership_id,
            entry.summary,
        )
        if entry.prev_hash != prev_hash or entry.hash != expected:
            return ChainCheck(count, entry.id)
        prev_hash = entry.hash
    return ChainCheck(count, None)


# -- reading the log (the audit trail viewer) ----------------------------------------------------
@dataclass(frozen=True)
class AuditRow:
    """One entry as the viewer shows it; ``at`` is in UTC (aware)."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    partnership_id: int | None
    partnership_title: str  # "" when the entry has none, or the partnership is gone
    changes: dict[str, Any]


def _filtered(query: Any, partnership_id: int | None) -> Any:
    if partnership_id is not None:
        query = query.where(AuditEntry.partnership_id == partnership_id)
    return query


def count_entries(svc: Services, partnership_id: int | None = None) -> int:
    from sqlalchemy import func

    with svc.db.session() as session:
        query = _filtered(select(func.count()).select_from(AuditEntry), partnership_id)
        return int(session.scalar(query) or 0)


def list_entries(svc: Services, offset: int, limit: int,
                 partnership_id: int | None = None) -> list[AuditRow]:
    """Entries newest first, *limit* of them from *offset* (a page of the viewer)."""
    from kemitraan_desktop.storage.models import Partnership

    with svc.db.session() as session:
        query = _filtered(
            select(AuditEntry, Partnership.title)
            .outerjoin(Partnership, Partnership.id == AuditEntry.partnership_id),
            partnership_id,
        ).order_by(AuditEntry.id.desc()).offset(max(offset, 0)).limit(max(limit, 0))
        rows = []
        for entry, title in session.execute(query):
            try:
                changes = json.loads(entry.summary) if entry.summary else {}
            except ValueError:
                changes = {"": entry.summary}
            if not isinstance(changes, dict):
                changes = {"": changes}
            at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
            rows.append(AuditRow(entry.id, at, entry.actor, entry.action, entry.entity,
                                 entry.entity_id, entry.partnership_id, title or "", changes))
        return rows


def check_chain(svc: Services) -> ChainCheck:
    """Whether every entry still carries the seal it was written with."""
    with svc.db.session() as session:
        return verify_chain(session)


def entry_time(svc: Services, entry_id: int) -> datetime | None:
    with svc.db.session() as session:
        entry = session.get(AuditEntry, entry_id)
        if entry is None:
            return None
        return entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)


def record_export(svc: Services, entity: str, entity_id: int | None, file: str,
                  partnership_id: int | None = None, **details: Any) -> None:
    """Log that a person's data left the program in a file (UU 27/2022: exports are logged)."""
    with svc.db.session() as session:
        log(session, "export", entity, entity_id, partnership_id=partnership_id,
            changes={"file": file, **details}, actor=svc.actor)
