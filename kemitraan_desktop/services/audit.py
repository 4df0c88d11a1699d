"""The audit log: append-only, each entry sealed with the hash of the one before it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kemitraan_desktop.storage.models import AuditEntry

from .records import to_jsonable


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
    """Append one entry in the caller's transaction, so it lands exactly when the change does."""
    session.flush()
    previous = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev_hash = previous.hash if previous else ""
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
        prev_hash=prev_hash,
    )
    entry.hash = _seal(prev_hash, at, actor, action, entity, entity_id, partnership_id, summary)
    session.add(entry)


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
